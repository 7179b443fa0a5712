"""The published results of tỉnh Ninh Thuận, 2019–2022: the example history (pure data).

From `shared/reference/indices.md` §3.2. Kinds: P primary (the publisher or the province's
official portal), S secondary (press), D derived (computed from a published change, e.g.
2020's SIPAS from 2021's "+3,47%, tăng 16 bậc"); `score_derived` / `rank_derived` say which
value of a row was derived, so the [D] mark stays on that value. Later years are left for the
user to enter. DDCI: no published Ninh Thuận values were found, so none are loaded.

Where the reference gives a shortened address, the row points to the site and the note names
the article.
"""

from dataclasses import dataclass
from decimal import Decimal

TERRITORY = "tỉnh Ninh Thuận"

_SONV = "https://sonv.ninhthuan.gov.vn/"
PAR_2022 = (
    "https://sonv.ninhthuan.gov.vn/portal/Pages/2023-5-4/"
    "Ket-qua-Chi-so-PAR-INDEX-nam-2022-cua-tinh-Ninh-Th4u937h.aspx"
)
SIPAS_2021 = (
    "https://ninhthuan.gov.vn/portal/Pages/2022-5-30/"
    "Ket-qua-Chi-so-SIPAS-2021-cua-tinh-Ninh-Thuanci8mb0.aspx"
)
PAPI_2021 = "https://ninhthuan.gov.vn/portal/pages/print.aspx?p=37414"
PCI_PROVINCE = "https://pcivietnam.vn/en/provinces/ninh-thuan"
PCI_2021_TIER = (
    "https://pcivietnam.vn/tin-tuc-su-kien/"
    "ninh-thuan-len-ke-hoach-tang-diem-so-pci-nam-2022-de-vao-nhom-kha-ct3939.html"
)
DTI_2022 = (
    "https://soct.ninhthuan.gov.vn/portal/Pages/2023-8-7/"
    "Ket-qua-Chi-so-danh-gia-chuyen-doi-so-DTI-nam-20223j9cyw.aspx"
)


@dataclass(frozen=True)
class HistoricResult:
    indicator: str
    year: int
    score: Decimal | None
    rank: int | None
    source_url: str
    source_kind: str  # P, S, D
    rank_of: int | None = 63
    tier: str = ""
    score_derived: bool = False
    rank_derived: bool = False
    note: str = ""


NINH_THUAN_2019_2022 = (
    HistoricResult("PCI", 2019, Decimal("64.89"), 37, PCI_PROVINCE, "P"),
    HistoricResult("PCI", 2020, Decimal("63.44"), 32, PCI_PROVINCE, "P"),
    HistoricResult(
        "SIPAS",
        2020,
        Decimal("85.17"),
        32,
        SIPAS_2021,
        "D",
        score_derived=True,
        rank_derived=True,
        note="Suy ra từ kết quả SIPAS 2021: tăng 3,47%, tăng 16 bậc.",
    ),
    HistoricResult(
        "PAPI",
        2020,
        Decimal("40.744"),
        58,
        PAPI_2021,
        "D",
        score_derived=True,
        rank_derived=True,
        note="Suy ra từ kết quả PAPI 2021: tăng 3,086 điểm, tăng 44 bậc.",
    ),
    HistoricResult(
        "PAR_INDEX",
        2021,
        Decimal("86.55"),
        35,
        PAR_2022,
        "D",
        score_derived=True,
        rank_derived=True,
        note="Suy ra từ kết quả PAR INDEX 2022: giảm 0,77 điểm, tăng 6 bậc.",
    ),
    HistoricResult("SIPAS", 2021, Decimal("88.64"), 16, SIPAS_2021, "P"),
    HistoricResult("PAPI", 2021, Decimal("43.83"), 14, PAPI_2021, "P"),
    HistoricResult(
        "PCI",
        2021,
        Decimal("62.23"),
        49,
        PCI_2021_TIER,
        "P",
        tier="trung bình",
        note="Điểm, hạng: pcivietnam.vn (trang tỉnh Ninh Thuận); nhóm Trung bình theo bài "
        "«Ninh Thuận lên kế hoạch tăng điểm số PCI năm 2022 để vào nhóm khá».",
    ),
    HistoricResult(
        "DTI",
        2021,
        Decimal("0.305"),
        53,
        DTI_2022,
        "P",
        score_derived=True,
        note="Hạng 53 theo Sở Công Thương Ninh Thuận; điểm khoảng 0,305 là số suy ra.",
    ),
    HistoricResult(
        "PAR_INDEX",
        2022,
        Decimal("85.78"),
        29,
        PAR_2022,
        "P",
        note="Tăng 6 bậc; cao hơn trung bình cả nước 0,99 điểm. Thành phần: thẩm định "
        "54,2/61,5; SIPAS 8,23/10; khảo sát lãnh đạo 18,05/22; tác động 5,31/6,5.",
    ),
    HistoricResult(
        "SIPAS",
        2022,
        Decimal("81.83"),
        20,
        _SONV,
        "P",
        note="Sở Nội vụ Ninh Thuận, 24/4/2023: «Kết quả Chỉ số SIPAS năm 2022» (giảm 4 bậc).",
    ),
    HistoricResult(
        "PAPI",
        2022,
        Decimal("46.0002"),
        4,
        _SONV,
        "P",
        note="Sở Nội vụ Ninh Thuận, 21/4/2023: «Kết quả Chỉ số PAPI năm 2022».",
    ),
    HistoricResult("PCI", 2022, Decimal("65.43"), 30, PCI_PROVINCE, "P"),
    HistoricResult(
        "DTI",
        2022,
        Decimal("0.5934"),
        27,
        DTI_2022,
        "P",
        note="Chính quyền số 0,6787 (hạng 24); Kinh tế số 0,6518 (hạng 29); "
        "Xã hội số 0,6045 (hạng 22).",
    ),
)
