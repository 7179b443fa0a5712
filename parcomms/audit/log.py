"""Writing the audit log. Every service function that changes state calls `record`."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry

ACTION_LABELS = {
    "staff.import": "Nhập danh sách cán bộ",
    "plan.import": "Nhập kế hoạch",
    "plan.delete": "Xóa kế hoạch",
    "plan.draft_correct": "Sửa bản nháp kế hoạch",
    "plan.draft_cleanup": "Xóa bản nháp kế hoạch quá hạn",
    "indicator.result.save": "Lưu kết quả chỉ số",
    "indicator.result.delete": "Xóa kết quả chỉ số",
    "indicator.result.import": "Nhập kết quả chỉ số từ tệp",
    "indicator.history.load": "Nạp kết quả chỉ số các năm trước",
    "indicator.target.assess": "Đánh giá chỉ tiêu định tính",
    "activity.record": "Ghi nhận hoạt động tuyên truyền",
    "activity.update": "Sửa hoạt động tuyên truyền",
    "activity.attendance": "Điểm danh buổi sinh hoạt",
    "activity.check_in": "Tự xác nhận có mặt",
    "activity.calendar_create": "Cấp đường dẫn lịch của đơn vị",
    "activity.calendar_rotate": "Đổi đường dẫn lịch của đơn vị",
    "obligation.create": "Tạo nghĩa vụ của đơn vị",
    "obligation.update": "Sửa nghĩa vụ của đơn vị",
    "obligation.delete": "Xóa nghĩa vụ của đơn vị",
    "obligation.remind": "Nhắc việc nghĩa vụ chưa hoàn thành",
    "article.submit": "Gửi duyệt tin, bài",
    "article.review_requested": "Chuyển tin, bài đến người duyệt",
    "article.approve": "Duyệt tin, bài",
    "article.reject": "Trả lại tin, bài để sửa",
    "article.withdraw": "Rút tin, bài khỏi quy trình duyệt",
    "article.publish": "Đăng tin, bài",
    "article.schedule": "Hẹn giờ đăng tin, bài",
    "article.unpublish": "Gỡ tin, bài",
    "delivery.queue": "Xếp lịch đăng tải lên kênh",
    "delivery.retry": "Gửi lại lên kênh",
    "delivery.cancel": "Hủy đăng tải lên kênh",
    "delivery.sent": "Đã đăng tải lên kênh",
    "delivery.failed": "Đăng tải lên kênh thất bại",
    "zalo.update": "Cập nhật cài đặt Zalo OA",
    "zalo.connect_start": "Bắt đầu kết nối Zalo OA",
    "zalo.connect": "Kết nối Zalo OA",
    "zalo.reauthorise_needed": "Zalo OA cần kết nối lại",
    "contest.question_create": "Thêm câu hỏi vào ngân hàng",
    "contest.question_update": "Sửa câu hỏi",
    "contest.question_import": "Nhập ngân hàng câu hỏi từ tệp",
    "contest.create": "Tạo cuộc thi",
    "contest.update": "Sửa cuộc thi",
    "contest.round_create": "Tạo vòng thi",
    "contest.round_update": "Sửa vòng thi",
    "contest.round_questions": "Chọn câu hỏi cho vòng thi",
    "contest.awareness_create": "Tạo đợt đo lường nhận thức",
    "contest.register": "Đăng ký dự thi",
    "contest.verify": "Xác minh người dự thi",
    "contest.attempt_start": "Bắt đầu lượt dự thi",
    "contest.attempt_submit": "Nộp bài dự thi",
    "contest.attempt_late": "Từ chối bài nộp quá giờ",
    "contest.results": "Tính kết quả vòng thi",
    "api_token.create": "Tạo khóa truy cập API cho Cổng thông tin",
    "api_token.revoke": "Thu hồi khóa truy cập API",
    "portal_endpoint.save": "Cấu hình địa chỉ đẩy tin sang Cổng thông tin",
    "digest.create": "Tạo bản tin thư điện tử",
    "digest.update": "Sửa bản tin thư điện tử",
    "digest.send": "Gửi bản tin thư điện tử",
    "digest.unsubscribe": "Hủy nhận bản tin thư điện tử",
    "digest.resubscribe": "Nhận lại bản tin thư điện tử",
    "bulletin.post": "Ghi nhận niêm yết bảng tin",
    "emulation.criteria_save": "Lưu tiêu chí thi đua",
    "emulation.period_create": "Tạo kỳ thi đua",
    "emulation.close": "Chốt điểm thi đua",
    "emulation.reopen": "Mở lại kỳ thi đua đã chốt",
    "emulation.self_score": "Đơn vị tự chấm điểm thi đua",
    "emulation.appraise": "Thẩm định điểm tự chấm",
    "report.create": "Tạo báo cáo",
    "report.update": "Sửa lời văn báo cáo",
    "report.review": "Lãnh đạo xem xét báo cáo",
    "report.sign_off": "Ký báo cáo",
    "report.new_version": "Tạo phiên bản mới của báo cáo",
    "report.send": "Gửi báo cáo",
}


def record(action: str, *, actor, obj=None, organisation=None, unit=None, **details) -> AuditEntry:
    if organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    staff = getattr(actor, "staff", None) if actor is not None else None
    if organisation is None and staff is not None:
        organisation = staff.organisation
    if unit is None and staff is not None:
        unit = staff.unit
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=(staff.full_name if staff else getattr(actor, "username", "")) or "",
        organisation=organisation,
        unit=unit,
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        details=details,
    )


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
