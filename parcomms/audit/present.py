"""How an audit entry reads to a reform officer: Vietnamese names for the detail keys and the
codes they hold (channels, indicators, periods, kinds), dates as dd/mm/yyyy and yes/no as
"có"/"không". Used by the log page and its Excel export alike.

Details are whatever a service passed to `record(...)`, written years ago by code that may
have changed since: an unknown key or value is shown as it is, never an error.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from parcomms.vn.collation import sort_key
from parcomms.vn.dates import format_date_short
from parcomms.vn.periods import MonthPeriod, PeriodError

DETAIL_LABELS = {
    "achieved": "Đạt",
    "article": "Tin, bài",
    "articles": "Các tin, bài",
    "attempts": "Số lần thử",
    "before": "Trước ngày",
    "changed": "Số mục thay đổi",
    "channel": "Kênh",
    "citations": "Số văn bản viện dẫn",
    "closing": "Lần chốt",
    "code": "Mã",
    "comment": "Ý kiến",
    "confirmed_unsent": "Đã xác nhận chưa gửi",
    "contest": "Cuộc thi",
    "correct": "Số câu đúng",
    "count": "Số lượng",
    "counts": "Tính theo",
    "created": "Tạo mới",
    "criteria_version": "Phiên bản tiêu chí",
    "deadline": "Hạn nộp",
    "digest": "Mã kiểm tra",
    "email": "Thư điện tử",
    "entrant": "Mã người dự thi",
    "entrant_name": "Người dự thi",
    "entries": "Số bài dự thi",
    "expired": "Hết hạn đăng",
    "external_id": "Mã bên ngoài",
    "fields": "Các trường đã sửa",
    "filename": "Tệp",
    "filenames": "Các tệp",
    "files": "Tệp đính kèm",
    "files_added": "Số tệp thêm",
    "files_removed": "Số tệp gỡ",
    "fingerprint": "Dấu vân tay dữ liệu",
    "go_live_at": "Hẹn đăng lúc",
    "hour": "Giờ gửi",
    "indicator": "Chỉ số",
    "invited": "Số người được mời",
    "is_active": "Đang hoạt động",
    "kind": "Loại",
    "name": "Tên",
    "new_secret": "Cấp khóa bí mật mới",
    "new_version": "Phiên bản mới",
    "oa_id": "Mã Zalo OA",
    "perfect": "Số bài đạt điểm tuyệt đối",
    "period": "Kỳ",
    "points": "Điểm",
    "prefix": "Tiền tố khóa",
    "present": "Số người có mặt",
    "previous": "Trước đó",
    "ranked": "Số người được xếp hạng",
    "reason": "Lý do",
    "recipients": "Số người nhận",
    "required": "Mức yêu cầu",
    "reviewers": "Người duyệt",
    "revision": "Phiên bản",
    "round": "Vòng thi",
    "rows": "Số dòng",
    "run": "Lượt gửi",
    "same_as_previous": "Giống lần chốt trước",
    "scope": "Phạm vi",
    "sections": "Các phần",
    "self_points": "Điểm tự chấm",
    "size": "Khổ giấy",
    "skipped": "Số dòng bỏ qua",
    "starts_at": "Bắt đầu lúc",
    "step": "Bước duyệt",
    "targets": "Số chỉ tiêu",
    "title": "Tiêu đề",
    "to": "Gửi đến",
    "topics": "Chủ đề",
    "unchanged": "Không đổi",
    "units": "Đơn vị",
    "units_created": "Số đơn vị tạo mới",
    "updated": "Cập nhật",
    "url": "Địa chỉ",
    "version": "Phiên bản",
    "warnings": "Số cảnh báo",
    "weekday": "Ngày gửi trong tuần",
    "workflow_status": "Trạng thái duyệt",
    "year": "Năm",
}

YES, NO, EMPTY = "có", "không", "—"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WORKFLOW_STATUS = {
    "in_progress": "Đang duyệt",
    "approved": "Đã duyệt",
    "needs_changes": "Cần sửa",
    "cancelled": "Đã hủy",
}
REASONS = {"withdrawn": "Tin, bài không còn được xuất bản công khai"}
RULE_PERIODS = {
    "month": "Hằng tháng",
    "quarter": "Hằng quý",
    "half_year": "6 tháng",
    "year": "Hằng năm",
}
# Keys whose numbers are scores written as strings ("12.5"): Vietnamese writes "12,5".
DECIMAL_KEYS = {"points", "self_points"}

ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
DELIVERY_REPR_RE = re.compile(r"^(?P<article>\d+) → (?P<channel>[\w-]+)$")


def detail_label(key: str) -> str:
    return DETAIL_LABELS.get(key, key)


def present_details(action: str, details) -> list[tuple[str, str]]:
    """[(Vietnamese label, Vietnamese value), …] in Vietnamese order of the labels: PostgreSQL's
    jsonb does not keep the order the service recorded the keys in, SQLite does, and the page and
    the export must read the same on both."""
    if not isinstance(details, dict):
        return [] if details in (None, "") else [("", format_value(details))]
    rows = [(detail_label(k), present_value(action, k, v)) for k, v in details.items()]
    return sorted(rows, key=lambda row: sort_key(row[0]))


def details_text(action: str, details) -> str:
    """One line: "Tạo mới: có; Chỉ số: Đơn vị tổ chức hội nghị; …" (page and Excel)."""
    return "; ".join(
        f"{label}: {value}" if label else value for label, value in present_details(action, details)
    )


def present_value(action: str, key: str, value) -> str:
    """The value of one detail; `action` tells apart keys that two domains share ("kind")."""
    try:
        named = _named(action, key, value)
    except Exception:  # an old or odd value must never break the log page
        named = None
    return named if named is not None else format_value(value)


def format_value(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date_short(value)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(format_value(v) for v in value) if value else EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{detail_label(k)}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, float):
        return _decimal_comma(repr(value))
    if isinstance(value, Decimal):
        return _decimal_comma(str(value))
    if isinstance(value, str):
        return _format_text(value)
    return str(value)


def format_datetime(value: dt.datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date_short(value.date())} {value:%H:%M}"


def _format_text(text: str) -> str:
    if ISO_DATETIME_RE.match(text):
        try:
            return format_datetime(dt.datetime.fromisoformat(text))
        except ValueError:
            return text
    if ISO_DATE_RE.match(text):
        try:
            return format_date_short(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def _decimal_comma(text: str) -> str:
    return text.replace(".", ",")


def _named(action: str, key: str, value) -> str | None:
    """The Vietnamese name of a code, or None to fall back to plain formatting."""
    if isinstance(value, list):
        if key in ("fields", "sections", "topics", "units"):
            return ", ".join(present_value(action, key, v) for v in value) if value else EMPTY
        return None
    if isinstance(value, bool) or value is None:
        return None
    if key == "channel":
        return channel_label(value)
    if key == "indicator":
        return indicator_label(value)
    if key == "scope":
        return scope_label(value)
    if key == "period":
        if action.startswith("obligation."):
            return RULE_PERIODS.get(value) or period_label(value)
        return period_label(value)
    if key == "kind":
        if action.startswith("activity."):
            return _choice_label("activities", "Activity", "Kind", value)
        if action.startswith("report."):
            return _report_kind(value)
        return None
    if key == "counts":
        return _choice_label("activities", "ObligationRule", "Counts", value)
    if key == "fields" and action.startswith("activity."):
        return _field_label("activities", "Activity", value)
    if key == "units" and value == "all":
        return "Tất cả đơn vị"
    if key == "weekday" and isinstance(value, int) and 0 <= value < len(WEEKDAYS):
        return WEEKDAYS[value]
    if key == "hour" and isinstance(value, int):
        return f"{value:02d}:00"
    if key == "workflow_status":
        return WORKFLOW_STATUS.get(value)
    if key == "reason":
        return REASONS.get(value)
    if key in DECIMAL_KEYS and isinstance(value, str):
        try:
            return _decimal_comma(str(Decimal(value)))
        except InvalidOperation:
            return None
    return None


def channel_label(code) -> str:
    from parcomms.channels import registry

    try:
        return str(registry.get(code).label) or str(code)
    except (KeyError, TypeError):
        return str(code)


def indicator_label(code) -> str:
    from parcomms.plans.targets import INDICATORS

    indicator = INDICATORS.get(code) if isinstance(code, str) else None
    return indicator.label if indicator else str(code)


def scope_label(scope) -> str:
    from parcomms.plans.targets import SCOPE_LABELS

    if not scope:
        return EMPTY
    return SCOPE_LABELS.get(scope, str(scope))


def period_label(key) -> str:
    try:
        return MonthPeriod.parse(str(key)).label
    except PeriodError:
        return str(key)


def _choice_label(app_label: str, model_name: str, choices: str, value) -> str | None:
    from django.apps import apps

    enum = getattr(apps.get_model(app_label, model_name), choices)
    try:
        return str(enum(value).label)
    except ValueError:
        return None


def _field_label(app_label: str, model_name: str, name) -> str | None:
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    try:
        field = apps.get_model(app_label, model_name)._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    label = str(getattr(field, "verbose_name", "") or "")
    return label[:1].upper() + label[1:] if label else None


def _report_kind(kind) -> str | None:
    from parcomms.reports import registry

    try:
        return registry.get(kind).label
    except KeyError:
        return None


def present_object(object_repr: str, app_label: str = "", model: str = "") -> str:
    """The "Đối tượng" column. A delivery's name is "92 → portal" (article id, channel code):
    it reads "Tin, bài số 92 → Cổng thông tin điện tử"."""
    if (app_label, model) == ("channels", "delivery"):
        m = DELIVERY_REPR_RE.match(object_repr or "")
        if m:
            return f"Tin, bài số {m['article']} → {channel_label(m['channel'])}"
    return object_repr or EMPTY
