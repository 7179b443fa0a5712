"""The audit log reads in Vietnamese: every action and detail key recorded anywhere has a
label, and values (yes/no, dates, codes) are written as officers read them."""

import ast
import datetime as dt
from pathlib import Path

from django.utils import timezone

from parcomms.audit.log import ACTION_LABELS
from parcomms.audit.present import (
    DETAIL_LABELS,
    details_text,
    format_value,
    present_details,
    present_object,
    present_value,
)

SOURCE = Path(__file__).resolve().parents[2]  # the parcomms package
RECORD_ARGS = {"actor", "obj", "organisation", "unit"}  # record()'s own keywords
# f-string actions cannot be read from the source; each one is listed with what it becomes.
# A new f-string action fails test_every_action_call_is_understood until it is added here.
FSTRING_ACTIONS = {"article.{action}": {"article.approve", "article.reject"}}


def _sources():
    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _record_calls(tree):
    """(call, enclosing function) for every `record(...)` call in a module."""
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "record"
            ):
                yield node, func


def _assigned(func, name):
    """The values assigned to `name` inside `func`."""
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    yield node.value


def _strings(node):
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _actions(call, func, problems, where):
    arg = call.args[0] if call.args else None
    if isinstance(arg, ast.JoinedStr):
        template = "".join(
            v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
            for v in arg.values
        )
        if template in FSTRING_ACTIONS:
            return FSTRING_ACTIONS[template]
        problems.append(f"{where}: f-string action {template!r} not in FSTRING_ACTIONS")
        return set()
    if isinstance(arg, ast.Name):
        values = list(_assigned(func, arg.id))
        found = set().union(*(_strings(v) for v in values)) if values else set()
        if not found or not all(isinstance(v, ast.Constant) for v in values):
            problems.append(f"{where}: cannot read the action held in {arg.id!r}")
        return found
    if isinstance(arg, (ast.Constant, ast.IfExp)):
        return _strings(arg)
    problems.append(f"{where}: cannot read action {ast.unparse(arg) if arg else None!r}")
    return set()


def _dict_keys(node, func, module, problems, where):
    """Keys of a `**expr` argument: a dict built in the function, or returned by a helper."""
    if isinstance(node, ast.Dict):
        return _strings(ast.Module(body=[ast.Expr(k) for k in node.keys if k], type_ignores=[]))
    if isinstance(node, ast.Name):
        keys = set()
        for value in _assigned(func, node.id):
            keys |= _dict_keys(value, func, module, problems, where)
        for sub in ast.walk(func):
            if (
                isinstance(sub, ast.Subscript)
                and isinstance(sub.ctx, ast.Store)
                and isinstance(sub.value, ast.Name)
                and sub.value.id == node.id
                and isinstance(sub.slice, ast.Constant)
            ):
                keys.add(sub.slice.value)
        if keys:
            return keys
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        for helper in ast.walk(module):
            if isinstance(helper, ast.FunctionDef) and helper.name == node.func.id:
                keys = set()
                for ret in ast.walk(helper):
                    if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Dict):
                        keys |= _dict_keys(ret.value, helper, module, problems, where)
                if keys:
                    return keys
    problems.append(f"{where}: cannot read the keys of **{ast.unparse(node)}")
    return set()


def _collect():
    actions, keys, problems = set(), set(), []
    for path, module in _sources():
        for call, func in _record_calls(module):
            where = f"{path.relative_to(SOURCE.parent)}:{call.lineno}"
            actions |= _actions(call, func, problems, where)
            for kw in call.keywords:
                if kw.arg is None:
                    keys |= _dict_keys(kw.value, func, module, problems, where)
                elif kw.arg not in RECORD_ARGS:
                    keys.add(kw.arg)
    return actions, keys, problems


COLLECTED = _collect()


def test_every_action_call_is_understood():
    actions, keys, problems = COLLECTED
    assert problems == []
    # The scan finds what it should: a sanity check that it did not silently read nothing.
    assert {"delivery.sent", "article.approve", "activity.calendar_rotate"} <= actions
    assert {"channel", "external_id", "entrant_name", "go_live_at"} <= keys


def test_every_recorded_action_has_a_label():
    actions, _keys, _problems = COLLECTED
    assert sorted(actions - ACTION_LABELS.keys()) == []


def test_every_recorded_detail_key_has_a_label():
    _actions, keys, _problems = COLLECTED
    assert sorted(keys - DETAIL_LABELS.keys()) == []


def test_labels_are_vietnamese_not_the_keys():
    assert all(label != key for key, label in DETAIL_LABELS.items())
    assert all(label != action for action, label in ACTION_LABELS.items())


def test_yes_no_lists_and_empty():
    assert format_value(True) == "có"
    assert format_value(False) == "không"
    assert format_value(None) == "—"
    assert format_value(["a.docx", "b.docx"]) == "a.docx, b.docx"
    assert format_value([]) == "—"
    assert format_value(3) == "3"


def test_dates_and_times_are_written_day_first_in_local_time():
    assert format_value("2024-02-05") == "05/02/2024"
    # 17:30 UTC is 00:30 the next day in Hà Nội.
    assert format_value("2024-12-31T17:30:00+00:00") == "01/01/2025 00:30"
    aware = dt.datetime(2024, 3, 1, 2, 5, tzinfo=dt.UTC)
    assert format_value(aware) == "01/03/2024 09:05"
    assert format_value(dt.date(2023, 7, 15)) == "15/07/2023"
    # Not a date after all: left as written.
    assert format_value("2024-13-45") == "2024-13-45"


def test_delivery_details_read_in_vietnamese():
    text = details_text(
        "delivery.sent", {"channel": "portal", "external_id": "ext-7", "attempts": 1}
    )
    assert text == "Kênh: Cổng thông tin điện tử; Mã bên ngoài: ext-7; Số lần thử: 1"


def test_indicator_scope_and_created():
    rows = present_details(
        "indicator.result.save",
        {"created": True, "indicator": "UNIT_MEETINGS", "scope": "", "year": 2024},
    )
    # In Vietnamese order of the labels, whatever order the keys come in (jsonb reorders them).
    assert rows == [
        ("Chỉ số", "Đơn vị tổ chức hội nghị"),
        ("Năm", "2024"),
        ("Phạm vi", "—"),
        ("Tạo mới", "có"),
    ]
    assert present_value("indicator.result.save", "scope", "localities") == "nhóm địa phương"


def test_codes_named_by_their_domain():
    assert present_value("emulation.close", "period", "2024-Q2") == "Quý II/2024"
    assert present_value("obligation.create", "period", "quarter") == "Hằng quý"
    assert present_value("activity.record", "kind", "hoi_nghi") == "Hội nghị"
    assert present_value("digest.create", "weekday", 0) == "Thứ Hai"
    assert present_value("digest.create", "hour", 7) == "07:00"
    assert present_value("article.approve", "workflow_status", "needs_changes") == "Cần sửa"
    assert present_value("emulation.appraise", "points", "12.5") == "12,5"
    assert present_value("obligation.create", "units", "all") == "Tất cả đơn vị"
    assert present_value("plan.draft_cleanup", "before", "2024-05-01T00:00:00+07:00") == (
        "01/05/2024 00:00"
    )


def test_unknown_keys_and_odd_values_never_break():
    assert present_details("x.unknown", {"mystery": "v"}) == [("mystery", "v")]
    assert present_value("delivery.sent", "channel", "pigeon") == "pigeon"
    assert present_value("delivery.sent", "channel", None) == "—"
    assert present_value("delivery.sent", "channel", ["portal"]) == "portal"
    assert present_value("indicator.result.save", "indicator", 42) == "42"
    assert present_value("emulation.close", "period", "not-a-period") == "not-a-period"
    assert present_value("activity.record", "kind", "no_such_kind") == "no_such_kind"
    assert present_value("report.create", "kind", "no_such_report") == "no_such_report"
    assert present_value("digest.create", "weekday", 9) == "9"
    assert present_value("emulation.appraise", "points", "n/a") == "n/a"
    assert present_details("x", {"nested": {"created": True}}) == [("nested", "Tạo mới: có")]
    assert present_details("x", None) == []
    assert present_details("x", ["odd"]) == [("", "odd")]


def test_delivery_object_names_its_channel():
    assert present_object("92 → portal", "channels", "delivery") == (
        "Tin, bài số 92 → Cổng thông tin điện tử"
    )
    assert present_object("92 → portal", "content", "articlepage") == "92 → portal"
    assert present_object("", "", "") == "—"


def test_local_time_is_hanoi():
    # The expectations above assume the project's zone; fail loudly if it changes.
    assert str(timezone.get_current_timezone()) == "Asia/Ho_Chi_Minh"
