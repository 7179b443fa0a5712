"""The plan parser on the reference plan (golden test) and on other header and signature forms.

Expected values come from reading the reference plan
(examples/ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt), not from the parser's output.
"""

import io
from pathlib import Path

import pytest

from parcomms.plans.parsed import Channel, Duty, ParsedPlan
from parcomms.plans.parsing import PlanFileError, parse_plan, parse_text
from parcomms.vn.dates import VnDate

REFERENCE = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)
REFERENCE_TEXT = REFERENCE.read_text(encoding="utf-8")
D_WARNING_PART = "Tuyên truyền về cải cách chế độ công vụ"


@pytest.fixture(scope="module")
def plan() -> ParsedPlan:
    return parse_plan(REFERENCE.read_bytes(), REFERENCE.name)


# ---- header ---------------------------------------------------------------------------------


def test_header_fields(plan):
    assert plan.number is None  # a draft: "Số: /KH-VPUB"
    assert plan.symbol == "KH-VPUB"
    assert plan.place == "Ninh Thuận"
    assert plan.date == VnDate(None, 2, 2023)  # "ngày tháng 02 năm 2023"
    assert plan.type == "Kế hoạch"
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2023"


def test_issuer_is_read_from_the_body_and_the_parent_inferred(plan):
    # The text has no issuer lines at the top: the body says "Văn phòng Ủy ban nhân dân tỉnh
    # xây dựng Kế hoạch …". Decision: a Văn phòng's parent is the body it serves, completed
    # with the place ("… tỉnh" + "Ninh Thuận"), as ND30 would print it above "VĂN PHÒNG".
    assert plan.issuer == "Văn phòng Ủy ban nhân dân tỉnh"
    assert plan.parent_issuer == "Ủy ban nhân dân tỉnh Ninh Thuận"


def test_legal_basis(plan):
    assert plan.legal_basis_text == (
        "Thực hiện Quyết định số 1894/QĐ-UBND ngày 23 tháng 12 năm 2022 của Chủ tịch Ủy ban "
        "nhân dân tỉnh về việc ban hành Kế hoạch cải cách hành chính nhà nước tỉnh Ninh Thuận "
        "năm 2023; Quyết định số 107/QĐ-VPUB ngày 27/10/2021 của Chánh Văn phòng Ủy ban nhân "
        "dân tỉnh về việc ban hành Kế hoạch cải cách hành chính giai đoạn 2021-2025 và Quyết "
        "định số 05/QĐ-VPUB ngày 19 tháng 01 năm 2023 của Chánh Văn phòng UBND tỉnh về việc "
        "ban hành Kế hoạch cải cách hành chính năm 2023;"
    )
    assert [c.key for c in plan.legal_bases] == ["1894/QĐ-UBND", "107/QĐ-VPUB", "05/QĐ-VPUB"]
    assert plan.preamble == [
        "Văn phòng Ủy ban nhân dân tỉnh xây dựng Kế hoạch tuyên truyền cải cách hành chính "
        "năm 2023 với các nội dung như sau:"
    ]


# ---- section tree ----------------------------------------------------------------------------


def outline(sections, depth=0):
    out = []
    for s in sections:
        if s.level < 4:
            out.append((depth, s.label, s.title, s.level))
            out.extend(outline(s.children, depth + 1))
    return out


def test_section_tree_headings(plan):
    assert outline(plan.sections) == [
        (0, "I.", "MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG", 1),
        (1, "1.", "Mục tiêu", 2),
        (1, "2.", "Yêu cầu", 2),
        (1, "3.", "Đối tượng:", 2),
        (0, "II.", "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", 1),
        (1, "1.", "Nội dung tuyên truyền", 2),
        (2, "a)", "Tuyên truyền công tác chỉ đạo điều hành", 3),
        (2, "b)", "Tuyên truyền về cải cách thể chế", 3),
        (2, "c)", "Tuyên truyền về cải cách thủ tục hành chính", 3),
        (2, "d)", "Tuyên truyền công tác cải cách tổ chức bộ máy", 3),
        (2, "đ)", "Tuyên truyền về cải cách chế độ công vụ", 3),  # written "d)" a second time
        (2, "e)", "Tuyên truyền cải cách tài chính công", 3),
        (2, "g)", "Tuyên truyền xây dựng và phát triển Chính phủ điện tử, Chính phủ số", 3),
        (1, "2.", "Hình thức tuyên truyền", 2),
        (0, "III.", "TỔ CHỨC THỰC HIỆN", 1),
    ]


def test_section_leaves(plan):
    content = plan.sections[1].children[0]
    leaves = [c for c in content.children if c.level == 4]
    # An intro paragraph, nine policy documents, then the indicator paragraph.
    assert [c.label for c in leaves] == [""] + ["-"] * 10
    assert leaves[0].title.startswith("Tuyên truyền, phổ biến sâu rộng về tầm quan trọng")
    assert leaves[1].title.startswith("Nghị quyết số 76/NQ-CP ngày 15/7/2021")
    assert leaves[9].title.startswith("Quyết định số 1894/QĐ-UBND ngày 23 tháng 12 năm 2022")
    assert leaves[10].title.startswith("Tuyên truyền một số chỉ tiêu chủ yếu của tỉnh")
    # The bullet cut by a page break ("trên" / blank line / "địa bàn …") is one paragraph.
    assert leaves[6].title == (
        "Chỉ thị số 39-CT/TU ngày 30/11/2022 của Ban Thường vụ Tỉnh ủy Ninh Thuận về tiếp tục "
        "đẩy mạnh thực hiện hiệu quả công tác cải cách hành chính trên địa bàn tỉnh Ninh Thuận "
        "đến năm 2025 theo Nghị quyết số 05-NQ/TU ngày 28 tháng 9 năm 2021 của Ban Thường vụ "
        "Tỉnh ủy Ninh Thuận;"
    )
    implementation = plan.sections[2]
    assert [(c.label, c.level) for c in implementation.children] == [("", 4)] + [("-", 4)] * 4


def test_exactly_one_warning_about_the_second_d(plan):
    assert len(plan.warnings) == 1
    warning = plan.warnings[0]
    assert D_WARNING_PART in warning and '"d)"' in warning and '"đ)"' in warning


# ---- typed parts ------------------------------------------------------------------------------


def test_objectives(plan):
    assert plan.objectives == [
        "Nâng cao nhận thức, trách nhiệm tổ chức thực hiện cải cách hành chính của người đứng "
        "đầu cơ quan, đơn vị, công chức, viên chức về ý nghĩa, mục tiêu, nội dung, giải pháp tổ "
        "chức thực hiện công tác cải cách hành chính; nhiệm vụ của cơ quan, đơn vị trong việc "
        "thực hiện kế hoạch cải cách hành chính nhà nước tỉnh Ninh Thuận năm 2023.",
        "Thông qua công tác thông tin, tuyên truyền, đội ngũ công chức, viên chức có nhận thức "
        "đầy đủ về các mục tiêu, nội dung và trách nhiệm của mình trong thực hiện nhiệm vụ cải "
        "cách hành chính.",
        "Nâng cao nhận thức về cải cách hành chính, tăng cường sự tham gia của người dân, doanh "
        "nghiệp và các tổ chức xã hội trong triển khai cải cách hành chính và giám sát quá "
        "trình thực hiện cải cách hành chính tại cơ quan, đơn vị.",
        "Nâng cao nhận thức, trách nhiệm của người đứng đầu trong việc chỉ đạo, điều hành và tổ "
        "chức thực hiện công tác tuyên truyền cải cách hành chính. Đồng thời, khuyến khích công "
        "chức, viên chức tham gia viết tin, bài về cải cách hành chính trên Cổng thông tin điện "
        "tử của tỉnh.",
        "Xây dựng nhận thức đúng về vị trí, vai trò quan trọng của công tác tuyên truyền. Quán "
        "triệt quan điểm, công tác thông tin, tuyên truyền cải cách hành chính đáp ứng yêu cầu "
        "nâng cao kiến thức và hiểu biết về cải cách hành chính cho công chức, viên chức.",
    ]


def test_requirements(plan):
    assert plan.requirements == [
        "Tuyên truyền vai trò, trách nhiệm lãnh đạo của cấp ủy, người đứng đầu cơ quan đối với "
        "nhiệm vụ triển khai công tác cải cách hành chính, lấy lợi ích và sự hài lòng của người "
        "dân làm thước đo cho hiệu quả công tác cải cách hành chính.",
        "Thực hiện công tác thông tin, tuyên truyền có hiệu quả gắn với lộ trình thực hiện các "
        "mục tiêu, nhiệm vụ của kế hoạch cải cách hành chính nhà nước năm 2023 của tỉnh.",
        "Phổ biến, tuyên truyền kịp thời, đầy đủ, thường xuyên, liên tục các nội dung tuyên "
        "truyền cải cách hành chính của tỉnh; lồng ghép công tác thông tin, tuyên truyền cải "
        "cách hành chính với việc tuyên truyền, phổ biến, giáo dục về các chủ trương, chính "
        "sách của Đảng, pháp luật của Nhà nước về cải cách lập pháp, cải cách tư pháp, xây dựng "
        "nhà nước pháp quyền xã hội chủ nghĩa của dân, do dân, vì dân.",
        "Tuyên truyền về cải cách hành chính phải góp phần nâng cao dân trí, phòng chống tham "
        "nhũng, đẩy mạnh hội nhập quốc tế.",
    ]


def test_audiences(plan):
    assert plan.audiences == [
        "Toàn thể đội ngũ công chức, viên chức thuộc các phòng, ban, đơn vị thuộc Văn phòng Ủy "
        "ban nhân dân tỉnh."
    ]


def test_topics(plan):
    assert [(t.label, t.title, len(t.items)) for t in plan.topics] == [
        ("a", "Tuyên truyền công tác chỉ đạo điều hành", 4),
        ("b", "Tuyên truyền về cải cách thể chế", 2),
        ("c", "Tuyên truyền về cải cách thủ tục hành chính", 5),
        ("d", "Tuyên truyền công tác cải cách tổ chức bộ máy", 2),
        ("đ", "Tuyên truyền về cải cách chế độ công vụ", 4),
        ("e", "Tuyên truyền cải cách tài chính công", 3),
        ("g", "Tuyên truyền xây dựng và phát triển Chính phủ điện tử, Chính phủ số", 5),
    ]


def test_topic_first_and_last_items(plan):
    first_last = {t.label: (t.items[0], t.items[-1]) for t in plan.topics}
    a_first, a_last = first_last["a"]
    assert a_first.startswith(
        "Tuyên truyền tập trung vào việc quán triệt chủ trương, đường lối của Đảng về đẩy mạnh "
        "cải cách hành chính, xây dựng và tổ chức thực hiện Chương trình tổng thể"
    )
    assert a_first.endswith(
        "làm thước đo đánh giá chất lượng hoạt động của bộ máy hành chính nhà nước."
    )
    assert a_last.startswith("Những kết quả đạt được và những tồn tại, hạn chế, nguyên nhân")
    assert a_last.endswith("đối với trách nhiệm của cơ quan giải quyết thủ tục hành chính.")
    assert first_last["b"] == (
        "Tuyên truyền các quy định của pháp luật về xây dựng, ban hành, kiểm tra, rà soát, hệ "
        "thống hóa văn bản quy phạm pháp luật nhằm đảm bảo tính hợp hiến, hợp pháp và tính khả "
        "thi trong công tác hoàn thiện và xây dựng văn bản quy phạm pháp luật trên địa bàn tỉnh.",
        "Tuyên truyền công tác tổ chức thi hành pháp luật và theo dõi, đánh giá tình hình thi "
        "hành pháp luật trong năm, đặc biệt là các lĩnh vực trọng tâm, có tác động tích cực đến "
        "tiến trình phát triển kinh tế-xã hội của tỉnh.",
    )
    c_first, c_last = first_last["c"]
    assert c_first.startswith(
        "Tuyên truyền việc triển khai thực hiện có hiệu quả Quyết định số 843/QĐ-UBND ngày "
        "17/12/2021 của Ủy ban nhân dân tỉnh"
    )
    assert c_last == (
        "Tuyên truyền việc giải quyết TTHC trên môi trường điện tử; số hóa kết quả TTHC để nâng "
        "cao tính công khai, minh bạch, rút ngắn thời gian, tiết kiệm chi phí."
    )
    d_first, d_last = first_last["d"]
    assert d_first.startswith("Tuyên truyền việc triển khai rà soát, kiện toàn tổ chức bộ máy")
    assert "Kế hoạch số 92-KH/TU ngày 21/02/2018" in d_first
    assert d_last.endswith("tổ chức họp, hội nghị bằng hình thức trực tuyến, không giấy tờ.")
    dd_first, dd_last = first_last["đ"]
    assert dd_first == (
        "Tuyên truyền kết quả triển khai thực hiện Nghị quyết số 07-NQ/TU ngày 29/10/2021 của "
        "Ban Chấp hành Đảng bộ tỉnh về xây dựng đội ngũ cán bộ các cấp đến năm 2025, định hướng "
        "đến năm 2030 đáp ứng yêu cầu nhiệm vụ trong tình hình mới."
    )
    assert dd_last == (
        "Tuyên truyền việc nâng cao trách nhiệm của công chức, viên chức trong thực thi công vụ; "
        "xử lý nghiêm những cán bộ, công chức, viên chức có hành vi vi phạm về kỷ luật, kỷ "
        "cương hành chính và về đạo đức công vụ."
    )
    # e)'s first item was cut by a page break after "thúc đẩy sự": one item again.
    assert first_last["e"] == (
        "Tuyên truyền việc hoàn thiện đổi mới cơ chế quản lý, cơ chế tài chính cơ quan hành "
        "chính, đơn vị sự nghiệp công lập gắn với nhiệm vụ được giao và sản phẩm đầu ra, nhằm "
        "nâng cao tính tự chủ, tự chịu trách nhiệm và thúc đẩy sự sáng tạo; nâng cao chất lượng, "
        "hiệu quả hoạt động; kiểm soát tham nhũng tại cơ quan, đơn vị.",
        "Tiếp tục đổi mới cơ chế phân bổ ngân sách cho các đơn vị trực thuộc Sở, thực hiện có "
        "hiệu quả cơ chế cấp ngân sách dựa trên kết quả và chất lượng hoạt động, hướng vào kiểm "
        "soát đầu ra, chất lượng chi tiêu theo mục tiêu, nhiệm vụ của đơn vị.",
    )
    g_first, g_last = first_last["g"]
    assert g_first == (
        "Tuyên truyền kết quả triển khai thực hiện Nghị quyết số 09-NQ/TU ngày 29/11/2021 của "
        "Ban Thường vụ Tỉnh ủy về chuyển đổi số tỉnh Ninh Thuận giai đoạn 2021-2025, tầm nhìn "
        "đến năm 2030 và triển khai có hiệu quả."
    )
    assert g_last.startswith("Tuyên truyền triển khai thực hiện, duy trì và áp dụng hệ thống")
    assert g_last.endswith("theo Quyết định số 19/2014/QĐ-TTg của Thủ tướng Chính phủ.")


FORMS_1 = (
    "Thông qua Bảng tin, Zalo, Cổng thông tin điện tử của tỉnh phù hợp với từng mục tiêu, yêu "
    "cầu, nội dung, đối tượng."
)
FORMS_2 = (
    "Lồng ghép nội dung cải cách hành chính trong các hội nghị, buổi họp tuyên truyền, phổ "
    "biến, giáo dục pháp luật hàng tháng."
)


def test_channels(plan):
    assert plan.channels == [
        Channel("bulletin", FORMS_1, "Bảng tin"),
        Channel("zalo", FORMS_1, "Zalo"),
        Channel("portal", FORMS_1, "Cổng thông tin điện tử của tỉnh"),
        Channel("meeting", FORMS_2, "hội nghị, buổi họp"),
    ]


def test_duties(plan):
    who = "Trưởng các phòng, ban, đơn vị"
    assert plan.duties == [
        Duty(
            who,
            "Tổ chức tuyên truyền cho công chức, viên chức của đơn vị về nội dung Kế hoạch này.",
        ),
        Duty(
            who,
            "Căn cứ vào tình hình thực tế của đơn vị, tổ chức tuyên truyền bằng nhiều hình thức, "
            "nội dung khác nhau; lồng ghép các nội dung cải cách hành chính trong buổi phổ biến "
            "giáo dục pháp luật.",
        ),
        Duty(
            who,
            "Tổ chức gắn công tác tuyên truyền cải cách hành chính với công tác thi đua - khen "
            "thưởng trong hoạt động của đơn vị.",
        ),
        Duty(
            who,
            "Khuyến khích công chức, viên chức tham gia viết tin, bài về cải cách hành chính trên "
            "Cổng thông tin điện tử của tỉnh.",
        ),
    ]


def test_no_funding_section(plan):
    assert plan.funding == []


def test_citations(plan):
    assert [c.key for c in plan.citations] == [
        "1894/QĐ-UBND",
        "107/QĐ-VPUB",
        "05/QĐ-VPUB",
        "76/NQ-CP",
        "05-NQ/TU",  # cited "05/NQ-TU" first, "05-NQ/TU" later: one Party document
        "18-CT/TU",
        "07-NQ/TU",
        "09-NQ/TU",
        "39-CT/TU",
        "38/NQ-HĐND",
        "465/QĐ-UBND",
        "843/QĐ-UBND",
        "45/2016/QĐ-TTg",
        "92-KH/TU",
        "18-NQ/TW",
        "181-CTr/TU",
        "19-NQ/TW",
        "62/2020/NĐ-CP",
        "106/2020/NĐ-CP",
        "19/2014/QĐ-TTg",
    ]


def test_targets(plan):
    assert [(t.indicator, t.kind) for t in plan.targets] == [
        ("PAR_INDEX", "rank_change"),  # tăng từ 05 bậc trở lên
        ("PAR_INDEX", "rank"),  # xếp vị thứ 30/63
        ("PAPI", "top_n"),  # TOP 20
        ("PCI", "score"),  # khoảng 68,9 điểm
        ("PCI", "group"),  # nhóm khá
        ("SIPAS", "delta"),  # tăng từ 1% trở lên
        ("SIPAS", "percent"),  # đạt 89,64% trở lên
        ("SIPAS", "top_n"),  # TOP 20
        ("BUDGET_REVENUE", "qualitative"),  # đạt hoặc vượt chỉ tiêu
        ("DTI", "group"),  # nhóm khá
        ("DIGITAL_GOV_SATISFACTION", "percent"),  # 95%
        ("DDCI", "delta"),  # ít nhất là 3 điểm
        ("DDCI", "score"),  # xấp xỉ 83,0 điểm (departments)
        ("DDCI", "score"),  # xấp xỉ 80,0 điểm (localities)
        ("TTHC_SIMPLIFIED", "percent"),  # ít nhất 20%
    ]


# ---- closing, recipients, signer ----------------------------------------------------------------


def test_closing(plan):
    assert plan.closing == [
        "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2023 của Văn phòng Ủy ban "
        "nhân dân tỉnh. Yêu cầu các phòng, ban, đơn vị căn cứ vào nội dung Kế hoạch này để tổ "
        "chức triển khai thực hiện đạt hiệu quả./."
    ]


def test_recipients(plan):
    # Decision: no "- " and no list punctuation (ND30's "- …;" is layout, written back by the
    # exporter); the "Lưu:" line stays as written, its dot ends the drafter code "NAM.".
    assert plan.recipients == [
        "UBND tỉnh (b/c)",
        "Sở Nội vụ",
        "VPUB: LĐ, các đơn vị trực thuộc",
        "Lưu: VT, VXNV. NAM.",
    ]


def test_signer(plan):
    assert plan.signer is not None
    assert plan.signer.prefix is None
    assert plan.signer.title == "CHÁNH VĂN PHÒNG"
    assert plan.signer.name == "Hồ Sĩ Sơn"
    assert plan.signer.deputy_title is None


def test_to_json_shape(plan):
    data = plan.to_json()
    assert data["number"] == {"number": None, "symbol": "KH-VPUB"}
    assert data["date"] == {"day": None, "month": 2, "year": 2023, "place": "Ninh Thuận"}
    assert data["signer"] == {"title": "CHÁNH VĂN PHÒNG", "name": "Hồ Sĩ Sơn", "prefix": None}
    assert len(data["citations"]) == 20 and len(data["targets"]) == 15


def test_file_object_gives_the_same_plan(plan):
    again = parse_plan(io.BytesIO(REFERENCE.read_bytes()))
    assert again.to_json() == plan.to_json()


# ---- other header and signature forms ----------------------------------------------------------

BODY = REFERENCE_TEXT[REFERENCE_TEXT.index("**KẾ HOẠCH**") : REFERENCE_TEXT.index("***Nơi nhận")]
RECIPIENTS = REFERENCE_TEXT[
    REFERENCE_TEXT.index("***Nơi nhận") : REFERENCE_TEXT.index("**CHÁNH VĂN PHÒNG**")
]
HEADER_COLUMNS = """\
ỦY BAN NHÂN DÂN TỈNH NINH THUẬN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
          VĂN PHÒNG                          Độc lập - Tự do - Hạnh phúc

Số: 12/KH-VPUB                     Ninh Thuận, ngày 05 tháng 02 năm 2023

"""


def test_full_header_block_laid_out_in_columns():
    plan = parse_text(HEADER_COLUMNS + BODY + RECIPIENTS + "**CHÁNH VĂN PHÒNG**\n\n**Hồ Sĩ Sơn**\n")
    assert (plan.number, plan.symbol) == ("12", "KH-VPUB")
    assert (plan.place, plan.date) == ("Ninh Thuận", VnDate(5, 2, 2023))
    assert plan.parent_issuer == "Ủy ban nhân dân tỉnh Ninh Thuận"
    # The body names the issuer in running text: that wins over the upper-case header.
    assert plan.issuer == "Văn phòng Ủy ban nhân dân tỉnh"
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2023"
    assert len(plan.warnings) == 1 and D_WARNING_PART in plan.warnings[0]


def test_header_block_one_line_per_row():
    header = (
        "UBND TỈNH NINH THUẬN\nVĂN PHÒNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 12/KH-VPUB\n\nNinh Thuận, ngày 05 tháng 02 năm 2023\n\n"
    )
    body = BODY.replace(
        "Văn phòng Ủy ban nhân dân tỉnh xây dựng Kế hoạch", "Xây dựng Kế hoạch"
    ).replace(" của Văn phòng Ủy ban nhân dân tỉnh. Yêu cầu", ". Yêu cầu")
    plan = parse_text(header + body + RECIPIENTS + "**CHÁNH VĂN PHÒNG**\n\n**Hồ Sĩ Sơn**\n")
    # No issuer in the body: the header's "VĂN PHÒNG" under its chủ quản, in full.
    assert plan.parent_issuer == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert plan.issuer == "Văn phòng Ủy ban nhân dân tỉnh Ninh Thuận"
    assert (plan.number, plan.symbol, plan.date) == ("12", "KH-VPUB", VnDate(5, 2, 2023))


def test_department_header_and_party_number():
    text = """\
UBND TỈNH NINH THUẬN
SỞ NỘI VỤ

Số 92-KH/SNV

Phan Rang - Tháp Chàm, ngày 21/02/2023

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2023

Căn cứ Quyết định số 1894/QĐ-UBND ngày 23 tháng 12 năm 2022 của Chủ tịch Ủy ban nhân dân tỉnh;

I. MỤC ĐÍCH, YÊU CẦU

- Nâng cao nhận thức.

II. KINH PHÍ THỰC HIỆN

Kinh phí thực hiện từ nguồn ngân sách được giao năm 2023.

Nơi nhận:
- Như trên;
- Lưu: VT.

GIÁM ĐỐC

Lê Văn Bình
"""
    plan = parse_text(text)
    assert (plan.number, plan.symbol) == ("92", "KH/SNV")
    assert plan.place == "Phan Rang - Tháp Chàm"
    assert plan.date == VnDate(21, 2, 2023)
    assert (plan.parent_issuer, plan.issuer) == ("Ủy ban nhân dân tỉnh Ninh Thuận", "Sở Nội vụ")
    assert [c.key for c in plan.legal_bases] == ["1894/QĐ-UBND"]
    assert plan.objectives == ["Nâng cao nhận thức."]  # "Mục đích, yêu cầu" in one list
    assert plan.funding == ["Kinh phí thực hiện từ nguồn ngân sách được giao năm 2023."]
    assert plan.recipients == ["Như trên", "Lưu: VT."]
    assert (plan.signer.prefix, plan.signer.title, plan.signer.name) == (
        None,
        "GIÁM ĐỐC",
        "Lê Văn Bình",
    )
    assert plan.warnings == []


def signed(block: str) -> ParsedPlan:
    return parse_text(BODY + RECIPIENTS + block)


@pytest.mark.parametrize(
    "block, prefix, title, deputy, name",
    [
        (
            "**KT. CHÁNH VĂN PHÒNG**\n**PHÓ CHÁNH VĂN PHÒNG**\n\n*(Đã ký)*\n\n**Nguyễn Văn An**\n",
            "KT.",
            "CHÁNH VĂN PHÒNG",
            "PHÓ CHÁNH VĂN PHÒNG",
            "Nguyễn Văn An",
        ),
        (
            "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nHồ Sĩ Sơn\n",
            "TL.",
            "CHỦ TỊCH",
            "CHÁNH VĂN PHÒNG",
            "Hồ Sĩ Sơn",
        ),
        (
            "TUQ. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nHồ Sĩ Sơn\n",
            "TUQ.",
            "CHỦ TỊCH",
            "CHÁNH VĂN PHÒNG",
            "Hồ Sĩ Sơn",
        ),
        (
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Quốc Nam\n",
            "TM.",
            "ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Trần Quốc Nam",
        ),
        ("Q. CHÁNH VĂN PHÒNG\n\nHồ Sĩ Sơn\n", "Q.", "CHÁNH VĂN PHÒNG", None, "Hồ Sĩ Sơn"),
        (
            "T/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nNguyễn Đức Thanh\n",
            "TM.",
            "BAN THƯỜNG VỤ",
            "BÍ THƯ",
            "Nguyễn Đức Thanh",
        ),
    ],
)
def test_signature_forms(block, prefix, title, deputy, name):
    plan = signed(block)
    assert (plan.signer.prefix, plan.signer.title, plan.signer.deputy_title, plan.signer.name) == (
        prefix,
        title,
        deputy,
        name,
    )
    assert len(plan.warnings) == 1  # only the second d)
    assert plan.recipients[-1] == "Lưu: VT, VXNV. NAM."


def test_signature_block_beside_the_recipients():
    # Copied from a two-column layout: recipients left, signature right, on the same lines.
    tail = (
        "Nơi nhận:                                  KT. CHÁNH VĂN PHÒNG\n"
        "- UBND tỉnh (b/c);                         PHÓ CHÁNH VĂN PHÒNG\n"
        "- Sở Nội vụ;\n"
        "- VPUB: LĐ, các đơn vị trực thuộc;         Nguyễn Văn An\n"
        "- Lưu: VT, VXNV. NAM.\n"
    )
    plan = parse_text(BODY + tail)
    assert plan.recipients == [
        "UBND tỉnh (b/c)",
        "Sở Nội vụ",
        "VPUB: LĐ, các đơn vị trực thuộc",
        "Lưu: VT, VXNV. NAM.",
    ]
    assert (plan.signer.prefix, plan.signer.title, plan.signer.deputy_title) == (
        "KT.",
        "CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
    )
    assert plan.signer.name == "Nguyễn Văn An"


def test_old_tone_placement_is_kept_for_display():
    plan = parse_text(BODY.replace("Văn phòng Ủy ban", "Văn phòng Uỷ ban") + RECIPIENTS)
    assert plan.issuer == "Văn phòng Uỷ ban nhân dân tỉnh"
    assert plan.parent_issuer == "Uỷ ban nhân dân tỉnh"  # no place in the text: not completed


def test_heading_with_its_text_on_the_same_line():
    plan = parse_text(
        BODY.replace("### **3. Đối tượng:**\n\nToàn thể", "### **3. Đối tượng:** Toàn thể")
    )
    audience = plan.sections[0].children[2]
    assert (audience.label, audience.title) == ("3.", "Đối tượng:")
    assert plan.audiences == [
        "Toàn thể đội ngũ công chức, viên chức thuộc các phòng, ban, đơn vị thuộc Văn phòng Ủy "
        "ban nhân dân tỉnh."
    ]


def test_letters_out_of_vietnamese_order_are_warned_about():
    text = (
        "KẾ HOẠCH\nThử nghiệm\n\nI. NỘI DUNG\n\na) Một\n\nb) Hai\n\nd) Bốn\n\nf) Sáu\n\n"
        "CHÁNH VĂN PHÒNG\n\nHồ Sĩ Sơn\n"
    )
    plan = parse_text(text)
    assert [t.label for t in plan.topics] == ["a", "b", "d", "f"]
    assert len(plan.warnings) == 3  # d) after b), f) not a Vietnamese letter, no recipients
    assert '"c)"' in plan.warnings[0]
    assert '"f"' in plan.warnings[1]


def test_duties_per_unit_and_funding_inside_implementation():
    text = """\
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2024

I. NỘI DUNG
1. Tuyên truyền về cải cách thể chế
- Phổ biến văn bản mới.

II. TỔ CHỨC THỰC HIỆN
1. Kinh phí
Kinh phí từ nguồn chi thường xuyên.

2. Phòng Hành chính - Tổ chức
- Theo dõi, tổng hợp kết quả.
- Báo cáo quý.

3. Các phòng, ban, đơn vị có trách nhiệm:
- Cử người viết tin, bài.

Phòng Tổng hợp chủ trì biên tập tin, bài.

CHÁNH VĂN PHÒNG

Hồ Sĩ Sơn
"""
    plan = parse_text(text)
    assert plan.funding == ["Kinh phí từ nguồn chi thường xuyên."]
    assert plan.duties == [
        Duty("Phòng Hành chính - Tổ chức", "Theo dõi, tổng hợp kết quả."),
        Duty("Phòng Hành chính - Tổ chức", "Báo cáo quý."),
        Duty("Các phòng, ban, đơn vị", "Cử người viết tin, bài."),
        Duty("Phòng Tổng hợp", "Phòng Tổng hợp chủ trì biên tập tin, bài."),
    ]
    # "I. NỘI DUNG" without letter sub-points: its numbered items are the topics.
    assert [(t.label, t.title, t.items) for t in plan.topics] == [
        ("1", "Tuyên truyền về cải cách thể chế", ["Phổ biến văn bản mới."])
    ]


def test_sub_bullets_nest_under_their_bullet():
    text = """\
KẾ HOẠCH
Thử nghiệm

I. MỤC TIÊU
- Nâng cao nhận thức:
+ của công chức;
+ của người dân.
- Khuyến khích viết tin, bài.
"""
    plan = parse_text(text)
    goals = plan.sections[0]
    assert [(c.label, c.level, len(c.children)) for c in goals.children] == [
        ("-", 4, 2),
        ("-", 4, 0),
    ]
    assert goals.children[0].children[1].label == "+"
    assert goals.children[0].children[1].level == 5
    assert plan.objectives == [
        "Nâng cao nhận thức:",
        "của công chức;",
        "của người dân.",
        "Khuyến khích viết tin, bài.",
    ]


def test_no_structure_is_refused():
    with pytest.raises(PlanFileError) as err:
        parse_text("Xin chào,\n\nđây là một bức thư, không phải kế hoạch.\n")
    assert err.value.code == "no_structure"
    assert "cấu trúc kế hoạch" in str(err.value)
