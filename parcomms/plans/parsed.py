"""The parsed form of a plan document (pure Python, no Django).

The parser (`plans.parsing`) produces a `ParsedPlan`; the importer maps it to models, the
exporter (`plans.export`) writes it back as a Decree 30 document, and `to_json()` is the
schema documented in the README.
"""

from dataclasses import asdict, dataclass, field

from parcomms.vn.citations import Citation
from parcomms.vn.dates import VnDate
from parcomms.vn.text import fold


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
    text: str  # the whole item (bullet) that names the channel
    name: str = ""  # the channel as the plan names it: "Zalo", "Cổng thông tin điện tử của tỉnh"


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


# --- Round trip: what a draft stores and reads back -----------------------------------------


def _date_parts(date: VnDate | None) -> dict | None:
    return {"day": date.day, "month": date.month, "year": date.year} if date else None


def _full_citation(c: Citation) -> dict:
    return {
        "type": c.type,
        "number": c.number,
        "year": c.year,
        "symbol": c.symbol,
        "date": c.date.iso() if c.date else None,
        "date_parts": _date_parts(c.date),
        "issuer": c.issuer,
        "key": c.key,
        "system": c.system,
        "subject": c.subject,
        "text": c.text,
    }


def to_full_json(plan: ParsedPlan) -> dict:
    """`to_json()` plus what that schema leaves out (section tree, preamble, closing, citation
    subjects, the deputy signer line), so that `ParsedPlan.from_json` gives the plan back whole."""
    data = plan.to_json()
    data["legal_bases"] = [_full_citation(c) for c in plan.legal_bases]
    data["citations"] = [_full_citation(c) for c in plan.citations]
    data["legal_basis_text"] = plan.legal_basis_text
    data["preamble"] = list(plan.preamble)
    data["sections"] = [asdict(s) for s in plan.sections]
    data["closing"] = list(plan.closing)
    if plan.signer:
        data["signer"]["deputy_title"] = plan.signer.deputy_title
    return data


def _vn_date(parts: dict | None, iso: str | None = None) -> VnDate | None:
    if parts and any(parts.get(k) for k in ("day", "month", "year")):
        return VnDate(parts.get("day"), parts.get("month"), parts.get("year"))
    if iso:
        year, month, day = (int(p) for p in iso.split("-"))
        return VnDate(day, month, year)
    return None


def _citation_from_json(data: dict) -> Citation:
    return Citation(
        type=data["type"],
        number=data.get("number"),
        year=data.get("year"),
        symbol=data["symbol"],
        date=_vn_date(data.get("date_parts"), data.get("date")),
        issuer=data.get("issuer"),
        key=data["key"],
        system=data.get("system", "state"),
        subject=data.get("subject"),
        text=data.get("text", ""),
    )


def _section_from_json(data: dict) -> Section:
    return Section(
        label=data["label"],
        title=data["title"],
        level=data["level"],
        children=[_section_from_json(c) for c in data.get("children", [])],
    )


def _build(cls, data: dict):
    """A dataclass from its asdict() form; keys it does not know are ignored."""
    return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})


def _from_json(cls, data: dict) -> ParsedPlan:
    """Read `to_json()` (or the fuller `to_full_json()`) back into a ParsedPlan."""
    number, date = data.get("number") or {}, data.get("date") or {}
    signer = data.get("signer")
    return cls(
        number=number.get("number"),
        symbol=number.get("symbol"),
        place=date.get("place"),
        date=_vn_date(date),
        type=data.get("type") or "Kế hoạch",
        title=data["title"],
        issuer=data.get("issuer"),
        parent_issuer=data.get("parent_issuer"),
        legal_bases=[_citation_from_json(c) for c in data.get("legal_bases", [])],
        legal_basis_text=data.get("legal_basis_text", ""),
        preamble=list(data.get("preamble", [])),
        sections=[_section_from_json(s) for s in data.get("sections", [])],
        citations=[_citation_from_json(c) for c in data.get("citations", [])],
        objectives=list(data.get("objectives", [])),
        requirements=list(data.get("requirements", [])),
        audiences=list(data.get("audiences", [])),
        topics=[_build(Topic, t) for t in data.get("topics", [])],
        channels=[_build(Channel, c) for c in data.get("channels", [])],
        duties=[_build(Duty, d) for d in data.get("duties", [])],
        funding=list(data.get("funding", [])),
        targets=[_build(Target, t) for t in data.get("targets", [])],
        closing=list(data.get("closing", [])),
        recipients=list(data.get("recipients", [])),
        signer=(
            Signer(
                prefix=signer.get("prefix"),
                title=signer.get("title", ""),
                name=signer.get("name", ""),
                deputy_title=signer.get("deputy_title"),
            )
            if signer
            else None
        ),
        warnings=list(data.get("warnings", [])),
    )


ParsedPlan.from_json = classmethod(_from_json)


# --- Officer's corrections: the section tree as rows, the citation key ----------------------


def flat_sections(sections: list[dict], depth: int = 1) -> list[dict]:
    """The `to_full_json()` section tree as rows in reading order, each with its depth
    (1 = top level), the form the officer edits it in."""
    rows = []
    for section in sections:
        rows.append(
            {
                "depth": depth,
                "label": section["label"],
                "title": section["title"],
                "level": section["level"],
            }
        )
        rows += flat_sections(section.get("children", []), depth + 1)
    return rows


def section_tree(rows: list[dict]) -> list[dict]:
    """Rows from `flat_sections` back into the tree. Each row's depth is at most one more than
    the row before it (the caller checks; a deeper row is hung under the last open one)."""
    roots: list[dict] = []
    open_nodes: list[dict] = []  # open_nodes[d] is the last node seen at depth d + 1
    for row in rows:
        node = {"label": row["label"], "title": row["title"], "level": row["level"]}
        node["children"] = []
        depth = max(1, min(row["depth"], len(open_nodes) + 1))
        del open_nodes[depth - 1 :]
        (open_nodes[-1]["children"] if open_nodes else roots).append(node)
        open_nodes.append(node)
    return roots


def citation_key(system: str, number: str, year: int | None, symbol: str) -> str:
    """The registry key as `vn.citations` builds it: Party documents "05-NQ/TU", the others
    "76/NQ-CP" or, with the year in the symbol, "45/2016/QĐ-TTg"."""
    if system == "party":
        return f"{number}-{symbol}"
    return f"{number}/{year}/{symbol}" if year else f"{number}/{symbol}"


def document_identity(system: str, number: str, year: int | None, symbol: str) -> tuple:
    """Two citations with the same identity are the same document ("5-NQ/TU", "05-NQ/TU")."""
    return (system, (number or "").lstrip("0") or "0", year, fold(symbol).replace(" ", ""))
