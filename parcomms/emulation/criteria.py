"""Emulation criteria as data (pure Python, no Django).

A `Criteria` is what one organisation awards points for in one year (thi đua – khen thưởng):

- published articles, per channel and kind (`ArticleRule`): "bài đăng Cổng TTĐT: 5 điểm";
  the most specific rule wins (a rule for "bài" beats the rule for every kind on the same
  channel), so an article is never counted twice on one channel;
- sessions with reform content the unit held or joined (`session_points`, optional cap),
  and for a person each session attended (`attended_points`);
- the unit's attendance rate at those sessions, by band (`attendance_bands`: ≥ 90%: 3 …);
- each obligation met in its own period (`obligation_points`);
- the unit's contest participation rate and average score (10-point scale), by band; a
  person's own average score uses `score_bands` too;
- manual criteria (`ManualCriterion`): the unit scores itself with evidence, the reform
  officer appraises.

Points are Decimals with at most two decimals. `to_json`/`from_json` store a criteria set in
a JSON column without losing a digit; `from_json` and `validate` raise `CriteriaError` with a
Vietnamese message naming the faulty item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from parcomms.vn.numbers import format_decimal, parse_decimal

# Channel codes are those of ArticlePage.Channel; "site" is the office's own news pages
# (every published article is there).
CHANNELS = {
    "site": "Trang tin của cơ quan",
    "portal": "Cổng thông tin điện tử",
    "zalo": "Zalo OA",
    "email": "Bản tin thư điện tử",
    "bulletin": "Bảng tin",
}
# How a line of a score says it: "3 bài đăng Cổng TTĐT × 5 điểm = 15".
CHANNEL_PHRASES = {
    "site": "đăng trang tin của cơ quan",
    "portal": "đăng Cổng TTĐT",
    "zalo": "đăng Zalo OA",
    "email": "gửi bản tin thư điện tử",
    "bulletin": "niêm yết bảng tin",
}
KINDS = {"": "tin, bài", "tin": "tin", "bai": "bài", "anh": "ảnh", "video": "video"}
MAX_POINTS = Decimal("1000")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,29}$")


class CriteriaError(ValueError):
    """The message is Vietnamese and says which item is wrong."""


class Group:
    """Where a line of a score belongs (columns of the council's table)."""

    ARTICLES = "articles"
    SESSIONS = "sessions"
    ATTENDANCE = "attendance"
    OBLIGATIONS = "obligations"
    PARTICIPATION = "participation"
    CONTEST_SCORE = "contest_score"
    MANUAL = "manual"

    ORDER = (ARTICLES, SESSIONS, ATTENDANCE, OBLIGATIONS, PARTICIPATION, CONTEST_SCORE, MANUAL)
    LABELS = {
        ARTICLES: "Tin, bài",
        SESSIONS: "Sinh hoạt, hội nghị",
        ATTENDANCE: "Tỷ lệ dự",
        OBLIGATIONS: "Nghĩa vụ đúng hạn",
        PARTICIPATION: "Tham gia cuộc thi",
        CONTEST_SCORE: "Điểm cuộc thi",
        MANUAL: "Tự chấm, thẩm định",
    }


@dataclass(frozen=True)
class ArticleRule:
    channel: str
    kind: str  # "" = every kind
    points: Decimal
    for_unit: bool = True
    for_person: bool = True
    cap: Decimal | None = None  # most points this rule gives one unit or person in a period

    @property
    def noun(self) -> str:
        return KINDS[self.kind]

    @property
    def channel_label(self) -> str:
        return CHANNELS[self.channel]

    @property
    def phrase(self) -> str:
        """ "bài đăng Cổng TTĐT" """
        return f"{self.noun} {CHANNEL_PHRASES[self.channel]}"


@dataclass(frozen=True)
class Band:
    """Rate (percent) or average score at least `minimum` gives `points`."""

    minimum: Decimal
    points: Decimal


@dataclass(frozen=True)
class ManualCriterion:
    code: str
    title: str
    max_points: Decimal
    description: str = ""


@dataclass(frozen=True)
class Criteria:
    articles: tuple[ArticleRule, ...] = ()
    session_points: Decimal = Decimal(0)
    session_cap: Decimal | None = None
    attended_points: Decimal = Decimal(0)
    attendance_bands: tuple[Band, ...] = ()
    obligation_points: Decimal = Decimal(0)
    participation_bands: tuple[Band, ...] = ()
    score_bands: tuple[Band, ...] = ()
    manual: tuple[ManualCriterion, ...] = ()

    def article_rule(self, channel: str, kind: str) -> ArticleRule | None:
        """The rule for an article of `kind` on `channel`: the kind's own, else the channel's
        rule for every kind."""
        specific = general = None
        for rule in self.articles:
            if rule.channel != channel:
                continue
            if rule.kind == kind:
                specific = rule
            elif rule.kind == "":
                general = rule
        return specific or general

    def manual_criterion(self, code: str) -> ManualCriterion | None:
        return next((m for m in self.manual if m.code == code), None)

    @property
    def max_manual_points(self) -> Decimal:
        return sum((m.max_points for m in self.manual), Decimal(0))


# ---- numbers ---------------------------------------------------------------------------------


def points_text(value: Decimal | int) -> str:
    """ "15", "2,5", "0": points as Vietnamese write them, without trailing zeros."""
    return format_decimal(canonical(Decimal(value)))


def to_points(value, what: str, *, allow_none: bool = False) -> Decimal | None:
    """A number of points from a Decimal, int or text ("2,5"): ≥ 0, ≤ 1000, 2 decimals."""
    if value is None or value == "":
        if allow_none:
            return None
        raise CriteriaError(f"{what}: chưa nhập số điểm.")
    try:
        if isinstance(value, str):
            number = parse_decimal(value.strip())
        elif isinstance(value, float):
            number = Decimal(str(value))
        else:
            number = Decimal(value)
    except (ValueError, InvalidOperation):
        raise CriteriaError(f"{what}: “{value}” không phải là một số.") from None
    if not number.is_finite():
        raise CriteriaError(f"{what}: “{value}” không phải là một số.")
    if number < 0:
        raise CriteriaError(f"{what}: số điểm không được âm.")
    if number > MAX_POINTS:
        raise CriteriaError(f"{what}: tối đa {points_text(MAX_POINTS)} điểm.")
    if number != number.quantize(Decimal("0.01")):
        raise CriteriaError(f"{what}: chỉ nhập tối đa 2 chữ số thập phân.")
    return canonical(number)


def canonical(number: Decimal) -> Decimal:
    """One spelling per value ("5", "2.5"), never an exponent ("1E+1")."""
    number = number.quantize(Decimal("0.01"))
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _to_minimum(value, what: str, *, percent: bool) -> Decimal:
    number = to_points(value, what)
    limit = Decimal(100) if percent else Decimal(10)
    if number > limit:
        raise CriteriaError(f"{what}: mức tối thiểu không quá {points_text(limit)}.")
    return number


# ---- validation ----------------------------------------------------------------------------


def _check_bands(bands: tuple[Band, ...], name: str, *, percent: bool) -> tuple[Band, ...]:
    seen = set()
    for band in bands:
        _to_minimum(band.minimum, f"{name}, mức {band.minimum}", percent=percent)
        to_points(band.points, f"{name}, mức {band.minimum}")
        if band.minimum in seen:
            raise CriteriaError(f"{name}: mức {points_text(band.minimum)} bị nhập hai lần.")
        seen.add(band.minimum)
    ordered = tuple(sorted(bands, key=lambda b: b.minimum, reverse=True))
    for higher, lower in zip(ordered, ordered[1:], strict=False):
        if higher.points < lower.points:
            raise CriteriaError(
                f"{name}: mức cao hơn ({points_text(higher.minimum)}) phải được số điểm "
                f"không thấp hơn mức {points_text(lower.minimum)}."
            )
    return ordered


def validate(criteria: Criteria) -> Criteria:
    """The same criteria with bands ordered from the highest; CriteriaError when wrong."""
    pairs = set()
    for rule in criteria.articles:
        if rule.channel not in CHANNELS:
            raise CriteriaError(f"Kênh “{rule.channel}” không có trong danh sách kênh.")
        if rule.kind not in KINDS:
            raise CriteriaError(f"Loại tin, bài “{rule.kind}” không hợp lệ.")
        what = f"{KINDS[rule.kind].capitalize()} {CHANNEL_PHRASES[rule.channel]}"
        to_points(rule.points, what)
        to_points(rule.cap, f"{what} (mức tối đa)", allow_none=True)
        if (rule.channel, rule.kind) in pairs:
            raise CriteriaError(f"{what}: tiêu chí bị nhập hai lần.")
        if not (rule.for_unit or rule.for_person):
            raise CriteriaError(f"{what}: hãy chọn tính cho đơn vị, cho cá nhân hoặc cả hai.")
        pairs.add((rule.channel, rule.kind))
    to_points(criteria.session_points, "Điểm mỗi buổi sinh hoạt")
    to_points(criteria.session_cap, "Mức tối đa cho buổi sinh hoạt", allow_none=True)
    to_points(criteria.attended_points, "Điểm mỗi buổi cá nhân tham dự")
    to_points(criteria.obligation_points, "Điểm mỗi nghĩa vụ hoàn thành đúng hạn")
    codes = set()
    for item in criteria.manual:
        if not CODE_RE.match(item.code or ""):
            raise CriteriaError(
                f"Tiêu chí “{item.title}”: mã “{item.code}” chỉ gồm chữ thường không dấu, "
                "số, “-” và “_” (tối đa 30 ký tự)."
            )
        if item.code in codes:
            raise CriteriaError(f"Mã tiêu chí “{item.code}” bị dùng hai lần.")
        codes.add(item.code)
        if not item.title.strip():
            raise CriteriaError(f"Tiêu chí “{item.code}”: chưa có tên.")
        if to_points(item.max_points, f"Tiêu chí “{item.title}”") <= 0:
            raise CriteriaError(f"Tiêu chí “{item.title}”: điểm tối đa phải lớn hơn 0.")
    return replace(
        criteria,
        attendance_bands=_check_bands(
            criteria.attendance_bands, "Tỷ lệ dự sinh hoạt", percent=True
        ),
        participation_bands=_check_bands(
            criteria.participation_bands, "Tỷ lệ tham gia cuộc thi", percent=True
        ),
        score_bands=_check_bands(criteria.score_bands, "Điểm trung bình cuộc thi", percent=False),
    )


# ---- JSON ----------------------------------------------------------------------------------


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(canonical(Decimal(value)))


def to_json(criteria: Criteria) -> dict:
    return {
        "articles": [
            {
                "channel": r.channel,
                "kind": r.kind,
                "points": _num(r.points),
                "for_unit": r.for_unit,
                "for_person": r.for_person,
                "cap": _num(r.cap),
            }
            for r in criteria.articles
        ],
        "session_points": _num(criteria.session_points),
        "session_cap": _num(criteria.session_cap),
        "attended_points": _num(criteria.attended_points),
        "attendance_bands": [[_num(b.minimum), _num(b.points)] for b in criteria.attendance_bands],
        "obligation_points": _num(criteria.obligation_points),
        "participation_bands": [
            [_num(b.minimum), _num(b.points)] for b in criteria.participation_bands
        ],
        "score_bands": [[_num(b.minimum), _num(b.points)] for b in criteria.score_bands],
        "manual": [
            {
                "code": m.code,
                "title": m.title,
                "max_points": _num(m.max_points),
                "description": m.description,
            }
            for m in criteria.manual
        ],
    }


def _bands(raw, name: str, *, percent: bool) -> tuple[Band, ...]:
    bands = []
    for pair in raw or []:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise CriteriaError(f"{name}: mỗi mức gồm mức tối thiểu và số điểm.")
        bands.append(
            Band(
                _to_minimum(pair[0], name, percent=percent),
                to_points(pair[1], f"{name}, mức {pair[0]}"),
            )
        )
    return tuple(bands)


def from_json(data: dict) -> Criteria:
    if not isinstance(data, dict):
        raise CriteriaError("Bộ tiêu chí không đúng định dạng.")
    try:
        articles = tuple(
            ArticleRule(
                channel=str(r["channel"]),
                kind=str(r.get("kind") or ""),
                points=to_points(r["points"], f"Tin, bài đăng {r['channel']}"),
                for_unit=bool(r.get("for_unit", True)),
                for_person=bool(r.get("for_person", True)),
                cap=to_points(r.get("cap"), f"Tin, bài đăng {r['channel']}", allow_none=True),
            )
            for r in data.get("articles") or []
        )
        manual = tuple(
            ManualCriterion(
                code=str(m["code"]),
                title=str(m["title"]).strip(),
                max_points=to_points(m["max_points"], f"Tiêu chí “{m['title']}”"),
                description=str(m.get("description") or "").strip(),
            )
            for m in data.get("manual") or []
        )
    except (KeyError, TypeError):
        raise CriteriaError("Bộ tiêu chí thiếu thông tin bắt buộc.") from None
    criteria = Criteria(
        articles=articles,
        session_points=to_points(data.get("session_points") or 0, "Điểm mỗi buổi sinh hoạt"),
        session_cap=to_points(data.get("session_cap"), "Mức tối đa", allow_none=True),
        attended_points=to_points(data.get("attended_points") or 0, "Điểm mỗi buổi tham dự"),
        attendance_bands=_bands(data.get("attendance_bands"), "Tỷ lệ dự", percent=True),
        obligation_points=to_points(data.get("obligation_points") or 0, "Điểm mỗi nghĩa vụ"),
        participation_bands=_bands(
            data.get("participation_bands"), "Tỷ lệ tham gia cuộc thi", percent=True
        ),
        score_bands=_bands(data.get("score_bands"), "Điểm trung bình cuộc thi", percent=False),
        manual=manual,
    )
    return validate(criteria)


# ---- bands as text (the criteria form) -------------------------------------------------------

_BAND_LINE = re.compile(r"^\s*(?:≥|>=)?\s*([\d.,]+)\s*%?\s*[:=]\s*([\d.,]+)\s*(?:điểm)?\s*$")


def bands_from_text(text: str, name: str, *, percent: bool) -> tuple[Band, ...]:
    """ "≥ 90%: 3" one band a line (also "90 = 3", "90: 3 điểm"); blank lines are skipped."""
    bands = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        m = _BAND_LINE.match(line)
        if not m:
            example = "≥ 90%: 3" if percent else "≥ 8: 3"
            raise CriteriaError(
                f"{name}, dòng {number}: “{line.strip()}” chưa đúng mẫu “{example}” "
                "(mức tối thiểu: số điểm)."
            )
        bands.append(
            Band(
                _to_minimum(m.group(1), f"{name}, dòng {number}", percent=percent),
                to_points(m.group(2), f"{name}, dòng {number}"),
            )
        )
    return _check_bands(tuple(bands), name, percent=percent)


def bands_to_text(bands: tuple[Band, ...], *, percent: bool) -> str:
    sign = "%" if percent else ""
    return "\n".join(f"≥ {points_text(b.minimum)}{sign}: {points_text(b.points)}" for b in bands)


# ---- a starting point ------------------------------------------------------------------------


def default_criteria() -> Criteria:
    """What a new criteria set starts from; the reform officer changes it to the office's rules."""
    d = Decimal
    return validate(
        Criteria(
            articles=(
                ArticleRule("portal", "bai", d(5)),
                ArticleRule("portal", "", d(3)),
                ArticleRule("zalo", "", d(2)),
                ArticleRule("bulletin", "", d(1)),
                ArticleRule("site", "", d(1), for_person=False),
            ),
            session_points=d(2),
            session_cap=d(24),
            attended_points=d(1),
            attendance_bands=(Band(d(90), d(3)), Band(d(70), d(2)), Band(d(50), d(1))),
            obligation_points=d(2),
            participation_bands=(Band(d(100), d(5)), Band(d(80), d(3)), Band(d(50), d(1))),
            score_bands=(Band(d(9), d(3)), Band(d(7), d(2)), Band(d(5), d(1))),
            manual=(
                ManualCriterion(
                    "sang-kien",
                    "Sáng kiến, cách làm hay trong tuyên truyền CCHC",
                    d(10),
                    "Mô tả sáng kiến và kết quả; kèm minh chứng.",
                ),
                ManualCriterion(
                    "phoi-hop",
                    "Phối hợp với cơ quan báo chí, đài phát thanh",
                    d(5),
                    "Tin, bài, phóng sự phối hợp thực hiện; kèm minh chứng.",
                ),
            ),
        )
    )


def describe(criteria: Criteria) -> list[str]:
    """The criteria in words, one Vietnamese sentence each."""
    out = []
    for rule in criteria.articles:
        who = (
            "đơn vị và tác giả"
            if rule.for_unit and rule.for_person
            else ("đơn vị" if rule.for_unit else "tác giả")
        )
        cap = f", tối đa {points_text(rule.cap)} điểm" if rule.cap is not None else ""
        out.append(f"Mỗi {rule.phrase}: {points_text(rule.points)} điểm (tính cho {who}{cap}).")
    if criteria.session_points:
        cap = (
            f", tối đa {points_text(criteria.session_cap)} điểm"
            if criteria.session_cap is not None
            else ""
        )
        out.append(
            "Mỗi buổi sinh hoạt, hội nghị có nội dung CCHC đơn vị tổ chức hoặc tham dự: "
            f"{points_text(criteria.session_points)} điểm{cap}."
        )
    if criteria.attended_points:
        out.append(f"Mỗi buổi cá nhân có mặt: {points_text(criteria.attended_points)} điểm.")
    for name, bands, sign in (
        ("Tỷ lệ cán bộ dự sinh hoạt", criteria.attendance_bands, "%"),
        ("Tỷ lệ cán bộ tham gia cuộc thi", criteria.participation_bands, "%"),
        ("Điểm trung bình cuộc thi (thang 10)", criteria.score_bands, ""),
    ):
        if bands:
            parts = "; ".join(
                f"≥ {points_text(b.minimum)}{sign}: {points_text(b.points)} điểm" for b in bands
            )
            out.append(f"{name}: {parts}.")
    if criteria.obligation_points:
        out.append(
            f"Mỗi nghĩa vụ hoàn thành đúng hạn: {points_text(criteria.obligation_points)} điểm."
        )
    for item in criteria.manual:
        out.append(f"{item.title}: tối đa {points_text(item.max_points)} điểm (đơn vị tự chấm).")
    return out
