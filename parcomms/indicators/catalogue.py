"""What parcomms knows about each indicator beyond the plan vocabulary (pure Python).

Codes, names, labels, direction and rank size come from `parcomms.plans.targets.INDICATORS`
(the parser's registry); this module adds the publisher, the scale and the tier scale, from
`shared/reference/indices.md` §3.1. `definitions()` joins both; the indicators app copies them
into the `Indicator` table after every migrate.
"""

from dataclasses import dataclass
from decimal import Decimal

from parcomms.plans.targets import INDICATORS, SCOPE_LABELS, TIER_SCALES

# How a score is written: "68,9 điểm", "89,64%", "0,5934" (DTI and ICT Index are 0–1).
UNIT_POINTS = "points"
UNIT_PERCENT = "%"
UNIT_INDEX = "index"
UNIT_NONE = ""
UNIT_LABELS = {
    UNIT_POINTS: "điểm",
    UNIT_PERCENT: "%",
    UNIT_INDEX: "chỉ số 0–1",
    UNIT_NONE: "không có điểm số",
}

PCI_TIERS, PAPI_TIERS = TIER_SCALES


@dataclass(frozen=True)
class Facts:
    publisher: str
    scale_min: Decimal | None
    scale_max: Decimal | None
    unit: str
    tiers: tuple[str, ...] = ()
    published: str = ""  # when the year's result usually comes out


_FACTS = {
    "PAR_INDEX": Facts(
        "Bộ Nội vụ (Ban Chỉ đạo cải cách hành chính của Chính phủ)",
        Decimal(0),
        Decimal(100),
        UNIT_POINTS,
        published="tháng 4 năm sau",
    ),
    "SIPAS": Facts(
        "Bộ Nội vụ", Decimal(0), Decimal(100), UNIT_PERCENT, published="tháng 4–5 năm sau"
    ),
    "PAPI": Facts(
        "UNDP, CECODES, Trung tâm Bồi dưỡng cán bộ và Nghiên cứu khoa học (MTTQ Việt Nam), RTA",
        Decimal(8),
        Decimal(80),
        UNIT_POINTS,
        PAPI_TIERS,
        published="tháng 4–5 năm sau",
    ),
    "PCI": Facts(
        "Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI)",
        Decimal(0),
        Decimal(100),
        UNIT_POINTS,
        PCI_TIERS,
        published="tháng 4–5 năm sau; từ PCI 2023 chỉ công bố 30 tỉnh dẫn đầu",
    ),
    "DTI": Facts(
        "Bộ Thông tin và Truyền thông",
        Decimal(0),
        Decimal(1),
        UNIT_INDEX,
        PCI_TIERS,
        published="giữa năm sau",
    ),
    "ICT_INDEX": Facts(
        "Bộ Thông tin và Truyền thông, Hội Tin học Việt Nam",
        Decimal(0),
        Decimal(1),
        UNIT_INDEX,
        published="hằng năm",
    ),
    "DDCI": Facts(
        "Ủy ban nhân dân tỉnh (thường phối hợp với VCCI)",
        Decimal(0),
        Decimal(100),
        UNIT_POINTS,
        PCI_TIERS,
        published="theo quyết định của tỉnh",
    ),
    "BUDGET_REVENUE": Facts("Ủy ban nhân dân tỉnh", None, None, UNIT_NONE),
    "DIGITAL_GOV_SATISFACTION": Facts(
        "Ủy ban nhân dân tỉnh (khảo sát)", Decimal(0), Decimal(100), UNIT_PERCENT
    ),
    "TTHC_SIMPLIFIED": Facts("Ủy ban nhân dân tỉnh", Decimal(0), Decimal(100), UNIT_PERCENT),
    "UNIT_MEETINGS": Facts("Cơ quan tự theo dõi", Decimal(0), Decimal(100), UNIT_PERCENT),
}


@dataclass(frozen=True)
class Definition:
    code: str
    name: str
    label: str
    publisher: str
    scale_min: Decimal | None
    scale_max: Decimal | None
    unit: str
    higher_is_better: bool
    rank_of: int | None
    tiers: tuple[str, ...]
    scopes: tuple[str, ...]
    published: str
    order: int


def definitions() -> list[Definition]:
    """Every indicator of the plan vocabulary, in registry order."""
    out = []
    for order, (code, ind) in enumerate(INDICATORS.items()):
        facts = _FACTS.get(code) or Facts("", None, None, UNIT_NONE)
        out.append(
            Definition(
                code=code,
                name=ind.name,
                label=ind.label,
                publisher=facts.publisher,
                scale_min=facts.scale_min,
                scale_max=facts.scale_max,
                unit=facts.unit,
                higher_is_better=ind.higher_is_better,
                rank_of=ind.rank_of,
                tiers=facts.tiers,
                scopes=tuple(scope for scope, _ in ind.scopes),
                published=facts.published,
                order=order,
            )
        )
    return out


def scope_label(scope: str) -> str:
    return SCOPE_LABELS.get(scope, scope)
