"""Emulation scores from records and criteria (pure Python, no Django).

`score(facts, criteria)` gives every unit and every person a `Score`: lines in Vietnamese that
say how each point was earned ("3 bài đăng Cổng TTĐT × 5 điểm = 15") and their total. The
same records and criteria always give the same scores, line for line: closing, reopening and
closing a period again reproduces its scores when nothing changed.

Who gets what:

- an article counts once for each of its authors and once for each unit that has one of its
  authors (two authors of one unit: once for the unit), on each channel it reached, under
  the most specific rule of that channel (see criteria.Criteria.article_rule);
- a unit counts the sessions it organised or was invited to that took place (somebody was
  present); its attendance rate is its staff's present rows over all their rows;
- contest participation is the share of the unit's active staff with a submitted attempt;
  the average score is, over each person's best attempt in each round, correct answers out
  of questions on a 10-point scale;
- a manual criterion counts the appraised points, or the self-score while not appraised
  (marked provisional); never more than the criterion's maximum.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from parcomms.vn.dates import format_date_short
from parcomms.vn.numbers import format_decimal

from .criteria import Band, Criteria, Group, points_text
from .facts import DONE, NO_DATA, PRESENT, PeriodFacts

UNIT, PERSON = "unit", "person"


@dataclass(frozen=True)
class Line:
    group: str
    text: str
    points: Decimal
    details: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "group": self.group,
            "text": self.text,
            "points": str(self.points),
            "details": list(self.details),
        }

    @classmethod
    def from_json(cls, data: dict) -> Line:
        return cls(data["group"], data["text"], Decimal(data["points"]), tuple(data["details"]))


@dataclass(frozen=True)
class Score:
    subject: str  # UNIT or PERSON
    id: int
    name: str
    unit_id: int
    unit_name: str
    lines: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines), Decimal(0))

    def group_total(self, group: str) -> Decimal:
        return sum((line.points for line in self.lines if line.group == group), Decimal(0))

    @property
    def groups(self) -> dict[str, Decimal]:
        return {g: self.group_total(g) for g in Group.ORDER}


@dataclass(frozen=True)
class Scores:
    units: tuple[Score, ...]
    people: tuple[Score, ...]


# ---- text helpers --------------------------------------------------------------------------


def _quantized(value: Fraction, places: int) -> Decimal:
    number = Decimal(value.numerator) / Decimal(value.denominator)
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _plain(number: Decimal) -> str:
    if number == number.to_integral_value():
        return format_decimal(number.quantize(Decimal(1)))
    return format_decimal(number.normalize())


def rate_text(part: int, whole: int) -> str:
    """ "92,3%", "100%": a share with one decimal, none when it is whole."""
    return _plain(_quantized(Fraction(part * 100, whole), 1)) + "%"


def average_text(value: Fraction) -> str:
    """ "8,25", "10": an average score with at most two decimals."""
    return _plain(_quantized(value, 2))


def _times(count: int, phrase: str, points: Decimal, cap: Decimal | None) -> tuple[str, Decimal]:
    raw = points * count
    text = f"{count} {phrase} × {points_text(points)} điểm = {points_text(raw)}"
    if cap is not None and raw > cap:
        return f"{text}, tối đa {points_text(cap)} điểm", cap
    return text, raw


def _band(bands: tuple[Band, ...], value: Fraction) -> Band | None:
    """The highest band `value` reaches (bands are ordered from the highest)."""
    for band in bands:
        if value >= Fraction(band.minimum):
            return band
    return None


def _band_line(group: str, head: str, bands: tuple[Band, ...], value: Fraction, sign: str):
    band = _band(bands, value)
    if band is None:
        lowest = bands[-1].minimum
        return Line(
            group, f"{head}, dưới mức thấp nhất {points_text(lowest)}{sign}: 0 điểm", Decimal(0)
        )
    return Line(
        group,
        f"{head} ≥ {points_text(band.minimum)}{sign}: {points_text(band.points)} điểm",
        band.points,
    )


# ---- parts ---------------------------------------------------------------------------------


def _article_lines(articles, criteria: Criteria, *, person: bool) -> list[Line]:
    counts: dict[int, int] = defaultdict(int)  # rule index -> articles
    for article in articles:
        for channel in article.channels:
            rule = criteria.article_rule(channel, article.kind)
            if rule is None or not (rule.for_person if person else rule.for_unit):
                continue
            counts[criteria.articles.index(rule)] += 1
    lines = []
    for index, rule in enumerate(criteria.articles):
        if counts.get(index):
            text, points = _times(counts[index], rule.phrase, rule.points, rule.cap)
            lines.append(Line(Group.ARTICLES, text, points))
    if not lines and any((r.for_person if person else r.for_unit) for r in criteria.articles):
        lines.append(
            Line(Group.ARTICLES, "Không có tin, bài được đăng trong kỳ: 0 điểm", Decimal(0))
        )
    return lines


def _session_labels(sessions) -> dict[int, str]:
    return {s.id: f"{format_date_short(s.day)} — {s.title}" for s in sessions}


def _session_details(sessions, labels: dict[int, str]) -> tuple[str, ...]:
    return tuple(labels[s.id] for s in sorted(sessions, key=lambda s: (s.day, s.id)))


def _unit_session_lines(mine, rows, criteria: Criteria, labels) -> list[Line]:
    """`mine`: sessions the unit organised or joined; `rows`: its staff's attendance."""
    lines = []
    if criteria.session_points:
        held = [s for s in mine if s.held]
        text, points = _times(
            len(held),
            "buổi sinh hoạt, hội nghị có nội dung CCHC",
            criteria.session_points,
            criteria.session_cap,
        )
        lines.append(Line(Group.SESSIONS, text, points, _session_details(held, labels)))
    if criteria.attendance_bands:
        if not rows:
            lines.append(
                Line(
                    Group.ATTENDANCE,
                    "Chưa có lượt điểm danh nào của cán bộ đơn vị: 0 điểm",
                    Decimal(0),
                )
            )
        else:
            present = sum(1 for status in rows if status == PRESENT)
            head = (
                f"Tỷ lệ dự sinh hoạt {rate_text(present, len(rows))} ({present}/{len(rows)} lượt)"
            )
            lines.append(
                _band_line(
                    Group.ATTENDANCE,
                    head,
                    criteria.attendance_bands,
                    Fraction(present * 100, len(rows)),
                    "%",
                )
            )
    return lines


def _obligation_lines(obligations, criteria: Criteria) -> list[Line]:
    if not criteria.obligation_points:
        return []
    mine = [o for o in obligations if o.status != NO_DATA]
    if not mine:
        return [
            Line(Group.OBLIGATIONS, "Không có nghĩa vụ nào đến hạn trong kỳ: 0 điểm", Decimal(0))
        ]
    done = [o for o in mine if o.status == DONE]
    points = criteria.obligation_points * len(done)
    missed = tuple(
        f"Chưa đạt: {o.title} — {o.period_label}"
        for o in sorted(mine, key=lambda o: (o.period_label, o.title, o.rule_id))
        if o.status != DONE
    )
    text = (
        f"{len(done)}/{len(mine)} nghĩa vụ hoàn thành đúng hạn × "
        f"{points_text(criteria.obligation_points)} điểm = {points_text(points)}"
    )
    return [Line(Group.OBLIGATIONS, text, points, missed)]


def _best_ratios(attempts) -> dict[tuple[int, int], Fraction]:
    """Each person's best share of correct answers in each round."""
    best: dict[tuple[int, int], Fraction] = {}
    for a in attempts:
        if a.questions <= 0:
            continue
        ratio = Fraction(a.correct, a.questions)
        key = (a.staff_id, a.round_id)
        if key not in best or ratio > best[key]:
            best[key] = ratio
    return best


def _score_line(ratios: list[Fraction], people: int, criteria: Criteria, *, person: bool) -> Line:
    if not ratios:
        text = (
            "Không dự thi trong kỳ: 0 điểm" if person else "Không có cán bộ dự thi trong kỳ: 0 điểm"
        )
        return Line(Group.CONTEST_SCORE, text, Decimal(0))
    average = sum(ratios, Fraction(0)) * 10 / len(ratios)
    if person:
        head = f"Điểm trung bình cuộc thi {average_text(average)}/10 ({len(ratios)} vòng thi)"
    else:
        head = (
            f"Điểm trung bình cuộc thi {average_text(average)}/10 "
            f"({len(ratios)} lượt thi của {people} cán bộ)"
        )
    return _band_line(Group.CONTEST_SCORE, head, criteria.score_bands, average, "")


def _unit_contest_lines(facts: PeriodFacts, criteria: Criteria, members, mine) -> list[Line]:
    """`members`: the unit's active staff; `mine`: their best ratio per (person, round)."""
    if not (criteria.participation_bands or criteria.score_bands):
        return []
    if not facts.rounds:
        lines = []
        if criteria.participation_bands:
            lines.append(
                Line(Group.PARTICIPATION, "Trong kỳ không có cuộc thi: 0 điểm", Decimal(0))
            )
        if criteria.score_bands:
            lines.append(
                Line(Group.CONTEST_SCORE, "Trong kỳ không có cuộc thi: 0 điểm", Decimal(0))
            )
        return lines
    participants = {staff_id for staff_id, _round in mine}
    lines = []
    if criteria.participation_bands:
        if not members:
            lines.append(
                Line(
                    Group.PARTICIPATION, "Đơn vị chưa có cán bộ trong danh sách: 0 điểm", Decimal(0)
                )
            )
        else:
            head = (
                f"Tỷ lệ tham gia cuộc thi {rate_text(len(participants), len(members))} "
                f"({len(participants)}/{len(members)} cán bộ)"
            )
            lines.append(
                _band_line(
                    Group.PARTICIPATION,
                    head,
                    criteria.participation_bands,
                    Fraction(len(participants) * 100, len(members)),
                    "%",
                )
            )
    if criteria.score_bands:
        ratios = [mine[key] for key in sorted(mine)]
        lines.append(_score_line(ratios, len(participants), criteria, person=False))
    return lines


def _manual_lines(by_code, criteria: Criteria) -> list[Line]:
    lines = []
    for item in criteria.manual:
        fact = by_code.get(item.code)
        if fact is None or fact.self_points is None:
            lines.append(
                Line(Group.MANUAL, f"{item.title}: đơn vị chưa tự chấm: 0 điểm", Decimal(0))
            )
            continue
        evidence = f"{fact.evidence} minh chứng" if fact.evidence else "không có minh chứng"
        if fact.appraised_points is None:
            points = fact.self_points
            text = f"{item.title}: tự chấm {points_text(points)} điểm ({evidence}), chưa thẩm định"
        elif fact.appraised_points == fact.self_points:
            points = fact.appraised_points
            text = f"{item.title}: tự chấm {points_text(fact.self_points)} điểm ({evidence}), thẩm định giữ nguyên"
        else:
            points = fact.appraised_points
            reason = f" (lý do: {fact.reason})" if fact.reason else ""
            text = (
                f"{item.title}: tự chấm {points_text(fact.self_points)} điểm ({evidence}), "
                f"thẩm định {points_text(points)} điểm{reason}"
            )
        if points > item.max_points:
            text += f", tối đa {points_text(item.max_points)} điểm"
            points = item.max_points
        lines.append(Line(Group.MANUAL, f"{text} = {points_text(points)}", points))
    return lines


# ---- the whole period ----------------------------------------------------------------------


def score(facts: PeriodFacts, criteria: Criteria) -> Scores:
    unit_names = {u.id: u.name for u in facts.units}
    staff_unit = {s.id: s.unit_id for s in facts.staff}
    population: dict[int, set[int]] = defaultdict(set)
    for s in facts.staff:
        if s.active:
            population[s.unit_id].add(s.id)
    best = _best_ratios(facts.attempts)
    labels = _session_labels(facts.sessions)

    articles_of_unit: dict[int, list] = defaultdict(list)
    articles_of_person: dict[int, list] = defaultdict(list)
    for article in facts.articles:
        authors = sorted(set(article.author_ids))
        for staff_id in authors:
            articles_of_person[staff_id].append(article)
        for unit_id in sorted({staff_unit[a] for a in authors if a in staff_unit}):
            articles_of_unit[unit_id].append(article)

    # Everything indexed by unit once, so scoring stays linear in the number of records.
    sessions_of: dict[int, list] = defaultdict(list)
    attendance_of: dict[int, list[str]] = defaultdict(list)
    for session in facts.sessions:
        for unit_id in {session.organiser_id, *session.invited_ids}:
            sessions_of[unit_id].append(session)
        for staff_id, status in session.attendance:
            if staff_id in staff_unit:
                attendance_of[staff_unit[staff_id]].append(status)
    obligations_of: dict[int, list] = defaultdict(list)
    for obligation in facts.obligations:
        obligations_of[obligation.unit_id].append(obligation)
    manual_of: dict[int, dict] = defaultdict(dict)
    for fact in facts.manual:
        manual_of[fact.unit_id][fact.code] = fact
    active_unit = {s.id: s.unit_id for s in facts.staff if s.active}
    best_of: dict[int, dict] = defaultdict(dict)
    for key, ratio in best.items():
        if key[0] in active_unit:
            best_of[active_unit[key[0]]][key] = ratio

    units = []
    for unit in facts.units:
        lines = [
            *_article_lines(articles_of_unit.get(unit.id, []), criteria, person=False),
            *_unit_session_lines(
                sessions_of.get(unit.id, []), attendance_of.get(unit.id, []), criteria, labels
            ),
            *_obligation_lines(obligations_of.get(unit.id, []), criteria),
            *_unit_contest_lines(
                facts, criteria, population.get(unit.id, set()), best_of.get(unit.id, {})
            ),
            *_manual_lines(manual_of.get(unit.id, {}), criteria),
        ]
        units.append(Score(UNIT, unit.id, unit.name, unit.id, unit.name, tuple(lines)))

    attended: dict[int, list] = defaultdict(list)
    for session in facts.sessions:
        for staff_id, status in session.attendance:
            if status == PRESENT:
                attended[staff_id].append(session)
    ratios_of: dict[int, list[Fraction]] = defaultdict(list)
    for (staff_id, _round), ratio in sorted(best.items()):
        ratios_of[staff_id].append(ratio)

    people = []
    for person in facts.staff:
        has_records = (
            person.id in articles_of_person or person.id in attended or person.id in ratios_of
        )
        if not (person.active or has_records):
            continue
        lines = _article_lines(articles_of_person.get(person.id, []), criteria, person=True)
        if criteria.attended_points:
            sessions = attended.get(person.id, [])
            text, points = _times(
                len(sessions), "buổi sinh hoạt có mặt", criteria.attended_points, None
            )
            lines.append(Line(Group.SESSIONS, text, points, _session_details(sessions, labels)))
        if criteria.score_bands and facts.rounds:
            lines.append(_score_line(ratios_of.get(person.id, []), 1, criteria, person=True))
        people.append(
            Score(
                PERSON,
                person.id,
                person.name,
                person.unit_id,
                unit_names.get(person.unit_id, ""),
                tuple(lines),
            )
        )
    return Scores(tuple(units), tuple(people))
