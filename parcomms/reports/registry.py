"""One builder per report kind.

@register("communication", "Báo cáo kết quả công tác tuyên truyền CCHC", sections={...})
def build(ctx: BuildContext) -> Built: ...

get("communication") → Builder; kinds() → [(kind, label), …]
"""

from dataclasses import dataclass, field

from parcomms.vn import nd30


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list]


@dataclass
class Built:
    document: nd30.OfficialDocument
    figures: dict
    sheets: list[Sheet] = field(default_factory=list)


@dataclass
class BuildContext:
    organisation: object
    period: object  # periods.Period
    sections: dict  # the officer's words, by section code
    number: str = ""
    figures: dict | None = None  # frozen figures of a signed-off report
    date: object = None  # datetime.date of signing; blank day and month while a draft


@dataclass(frozen=True)
class Builder:
    kind: str
    label: str
    build: object
    sections: dict  # code → (title, default text)


class UnknownKind(KeyError):
    def __str__(self):
        return f"Không có loại báo cáo «{self.args[0]}»."


BUILDERS: dict[str, Builder] = {}


def register(kind: str, label: str, *, sections: dict | None = None):
    def wrap(func):
        BUILDERS[kind] = Builder(kind, label, func, sections or {})
        return func

    return wrap


def get(kind: str) -> Builder:
    _load()
    try:
        return BUILDERS[kind]
    except KeyError:
        raise UnknownKind(kind) from None


def kinds() -> list[tuple[str, str]]:
    _load()
    return [(b.kind, b.label) for b in BUILDERS.values()]


def _load() -> None:
    from .builders import communication_report, emulation_report, targets_report  # noqa: F401
