"""The parsed form of a plan document (pure Python, no Django).

The parser (`plans.parsing`) produces a `ParsedPlan`; the importer maps it to models, the
exporter (`plans.export`) writes it back as a Decree 30 document, and `to_json()` is the
schema documented in the README.
"""

from dataclasses import asdict, dataclass, field

from parcomms.vn.dates import VnDate


@dataclass
class Citation:
    """One real document, however it is cited.

    `key` identifies the document: Party documents are keyed in Party form (`05-NQ/TU`)
    even when cited state-style (`05/NQ-TU`).
    """

    type: str  # full type name as cited: "Nghị quyết", "Quyết định", "Văn bản" ...
    number: str | None  # "1894", "05" (kept as written: leading zeros matter in symbols)
    year: int | None  # only when the symbol carries it: 45/2016/QĐ-TTg -> 2016
    symbol: str  # "QĐ-UBND", "NQ/TU", "QĐ-TTg"
    date: VnDate | None
    issuer: str | None
    key: str  # "1894/QĐ-UBND", "05-NQ/TU", "45/2016/QĐ-TTg"
    system: str = "state"  # "state" | "party" | "assembly"
    subject: str | None = None
    text: str = ""  # the citation as it appeared (first occurrence)


@dataclass
class Target:
    indicator: str  # PAR_INDEX, PAPI, PCI, SIPAS, DTI, DDCI, ICT_INDEX, BUDGET_REVENUE, ...
    kind: str  # rank | rank_change | top_n | score | percent | delta | group | qualitative
    comparison: str  # "<=", ">=", "=", "~" (about), "in"
    value: float | str | None
    unit: str | None  # "rank", "places", "points", "%", None
    text: str  # the sentence it came from
    scope: str | None = None  # e.g. DDCI "departments" / "localities"
    rank_of: int | None = None  # 63 in "30/63"


@dataclass
class Topic:
    label: str  # "a", "b", "c", "d", "đ", "e", "g"
    title: str
    items: list[str] = field(default_factory=list)


@dataclass
class Channel:
    kind: str  # bulletin | zalo | portal | meeting | other
    text: str


@dataclass
class Duty:
    who: str
    text: str


@dataclass
class Section:
    """A node of the section tree as written: "I.", "1.", "a)", "-" (bullet) or "" (paragraph)."""

    label: str
    title: str
    level: int  # 1 = roman, 2 = arabic, 3 = letter, 4 = bullet/paragraph
    children: list["Section"] = field(default_factory=list)


@dataclass
class Signer:
    prefix: str | None  # "KT.", "TL.", "TUQ.", "TM.", "Q." or None
    title: str  # "CHÁNH VĂN PHÒNG"
    name: str  # "Hồ Sĩ Sơn"
    deputy_title: str | None = (
        None  # the line under "KT. CHÁNH VĂN PHÒNG", e.g. "PHÓ CHÁNH VĂN PHÒNG"
    )


@dataclass
class ParsedPlan:
    number: str | None
    symbol: str | None
    place: str | None
    date: VnDate | None
    type: str  # "Kế hoạch"
    title: str  # "Tuyên truyền cải cách hành chính năm 2023"
    issuer: str | None  # "Văn phòng Ủy ban nhân dân tỉnh"
    parent_issuer: str | None  # "Ủy ban nhân dân tỉnh Ninh Thuận"
    legal_bases: list[Citation] = field(default_factory=list)
    legal_basis_text: str = ""
    preamble: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)  # unique documents, first-seen order
    objectives: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The documented JSON schema (README, "Plan JSON")."""

        def cit(c: Citation) -> dict:
            return {
                "type": c.type,
                "number": c.number,
                "year": c.year,
                "symbol": c.symbol,
                "date": c.date.iso() if c.date else None,
                "issuer": c.issuer,
                "key": c.key,
                "system": c.system,
            }

        return {
            "number": {"number": self.number, "symbol": self.symbol},
            "date": {
                "day": self.date.day if self.date else None,
                "month": self.date.month if self.date else None,
                "year": self.date.year if self.date else None,
                "place": self.place,
            },
            "type": self.type,
            "title": self.title,
            "issuer": self.issuer,
            "parent_issuer": self.parent_issuer,
            "legal_bases": [cit(c) for c in self.legal_bases],
            "citations": [cit(c) for c in self.citations],
            "objectives": list(self.objectives),
            "requirements": list(self.requirements),
            "audiences": list(self.audiences),
            "topics": [asdict(t) for t in self.topics],
            "channels": [asdict(c) for c in self.channels],
            "duties": [asdict(d) for d in self.duties],
            "funding": list(self.funding),
            "targets": [asdict(t) for t in self.targets],
            "recipients": list(self.recipients),
            "signer": (
                {"title": self.signer.title, "name": self.signer.name, "prefix": self.signer.prefix}
                if self.signer
                else None
            ),
            "warnings": list(self.warnings),
        }
