from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcomms.org.models import Organisation, Unit
from parcomms.org.staff_file import normalize_email, normalize_full_name, normalize_phone
from parcomms.plans.models import Plan, Topic
from parcomms.vn.text import nfc, squash_spaces

from .models import Contest, Question, Round
from .question_file import LETTERS, MAX_BYTES

MAX_PREDICTION = 10_000_000
RESERVED_SLUGS = {"bai"}  # /cuoc-thi/bai/<token>/ are attempt pages


# ------------------------------------------------------------------ public pages


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    agree = forms.BooleanField(
        label=_(
            "Tôi đồng ý với thể lệ cuộc thi và cho phép Ban Tổ chức dùng thông tin trên để liên hệ, trao giải."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    def clean_full_name(self):
        name, problem = normalize_full_name(self.cleaned_data["full_name"])
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean_phone(self):
        phone, problem = normalize_phone(self.cleaned_data["phone"])
        if problem:
            raise forms.ValidationError(problem)
        if not phone:
            raise forms.ValidationError(_("Hãy nhập số điện thoại."))
        return phone

    def clean_email(self):
        email, problem = normalize_email(self.cleaned_data["email"])
        if problem:
            raise forms.ValidationError(
                problem.replace(" (email là tên đăng nhập nên bắt buộc)", "")
            )
        return email


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác minh (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )

    def clean_code(self):
        code = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if len(code) != 6:
            raise forms.ValidationError(_("Mã xác minh gồm 6 chữ số."))
        return code


def read_answers(post, question_count: int) -> dict[int, list[str]]:
    """`q<position>` fields -> {position: [option tokens]} (only positions that exist)."""
    answers = {}
    for position in range(1, question_count + 1):
        values = [v for v in post.getlist(f"q{position}") if v]
        if values:
            answers[position] = values[: len(LETTERS)]
    return answers


def read_prediction(post) -> tuple[int | None, str | None]:
    raw = (post.get("prediction") or "").strip().replace(".", "").replace(",", "").replace(" ", "")
    if not raw:
        return None, None
    if not raw.isdigit() or int(raw) > MAX_PREDICTION:
        return None, _("Số dự đoán phải là số nguyên không âm.")
    return int(raw), None


# ------------------------------------------------------------------ admin pages


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Câu hỏi"), widget=forms.Textarea(attrs={"rows": 3}))
    topics = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = forms.CharField(
        label=_("Văn bản liên quan"),
        required=False,
        help_text=_("Số, ký hiệu; cách nhau bằng dấu chấm phẩy. Ví dụ: 1894/QĐ-UBND; 76/NQ-CP"),
    )
    difficulty = forms.TypedChoiceField(
        label=_("Mức độ"), choices=Question.Difficulty.choices, coerce=int, initial=2
    )
    explanation = forms.CharField(
        label=_("Giải thích"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(label=_("Nguồn"), required=False, max_length=500)
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
        for letter in LETTERS:
            self.fields[f"option_{letter}"] = forms.CharField(
                label=_("Phương án %(l)s") % {"l": letter},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.fields[f"correct_{letter}"] = forms.BooleanField(label=_("Đúng"), required=False)

    def option_rows(self):
        return [(self[f"option_{x}"], self[f"correct_{x}"], x) for x in LETTERS]

    def options(self):
        from .services import OptionInput

        return [
            OptionInput(self.cleaned_data[f"option_{x}"], self.cleaned_data[f"correct_{x}"])
            for x in LETTERS
            if self.cleaned_data[f"option_{x}"].strip()
        ]

    def clean_documents(self):
        from .services import resolve_document

        refs = [r.strip() for r in self.cleaned_data["documents"].split(";") if r.strip()]
        documents, missing = [], []
        for ref in refs:
            doc = resolve_document(ref)
            (documents.append(doc) if doc else missing.append(ref))
        if missing:
            raise forms.ValidationError(
                _("Không tìm thấy trong sổ văn bản: %(refs)s") % {"refs": ", ".join(missing)}
            )
        return documents


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp câu hỏi (XLSX)"))
    plan = forms.ModelChoiceField(
        label=_("Kế hoạch (lĩnh vực a, b, c…)"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("Kế hoạch mới nhất"),
    )
    skip_existing = forms.BooleanField(
        label=_("Bỏ qua câu hỏi đã có trong ngân hàng (thay vì báo lỗi)"), required=False
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return f


class QuestionFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    area = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=5)
    difficulty = forms.TypedChoiceField(
        label=_("Mức độ"),
        choices=[("", _("Tất cả"))] + list(Question.Difficulty.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )


class ContestForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc thi"), max_length=300)
    slug = forms.SlugField(
        label=_("Đường dẫn"),
        max_length=80,
        help_text=_("Chữ không dấu, số và gạch nối; ví dụ: tim-hieu-cchc-2025"),
    )
    description = forms.CharField(
        label=_("Giới thiệu, thể lệ"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=Contest.Kind.choices)
    audience = forms.ChoiceField(label=_("Đối tượng dự thi"), choices=Contest.Audience.choices)
    audience_organisations = forms.ModelMultipleChoiceField(
        label=_("Cơ quan dự thi"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Để trống: cán bộ của cơ quan tổ chức."),
    )
    audience_units = forms.ModelMultipleChoiceField(
        label=_("Chỉ các đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Để trống: mọi đơn vị của các cơ quan dự thi."),
    )
    registration_units = forms.ModelMultipleChoiceField(
        label=_("Danh sách đơn vị để người dự thi tự do chọn"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Để trống: các đơn vị của cơ quan tổ chức."),
    )
    require_verification = forms.BooleanField(
        label=_("Người dự thi tự do phải xác minh email"), required=False, initial=True
    )
    has_prediction = forms.BooleanField(label=_("Có câu hỏi dự đoán"), required=False, initial=True)
    prediction_text = forms.CharField(
        label=_("Câu hỏi dự đoán"),
        max_length=300,
        initial=Contest._meta.get_field("prediction_text").default,
    )
    is_published = forms.BooleanField(label=_("Công bố"), required=False)

    def __init__(self, *args, units, slug_taken, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_units"].queryset = units
        self.fields["registration_units"].queryset = units
        self.slug_taken = slug_taken

    def clean_title(self):
        return squash_spaces(nfc(self.cleaned_data["title"]))

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("Đường dẫn này dành riêng cho hệ thống; hãy chọn tên khác.")
            )
        if self.slug_taken(slug):
            raise forms.ValidationError(_("Đường dẫn này đã được dùng cho cuộc thi khác."))
        return slug

    def values(self) -> dict:
        keys = (
            "title",
            "slug",
            "description",
            "kind",
            "audience",
            "require_verification",
            "has_prediction",
            "prediction_text",
            "is_published",
        )
        return {k: self.cleaned_data[k] for k in keys}


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(forms.Form):
    number = forms.IntegerField(label=_("Vòng số"), min_value=1, max_value=100)
    title = forms.CharField(label=_("Tên vòng"), required=False, max_length=200)
    opens_at = forms.DateTimeField(
        label=_("Mở lúc"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    closes_at = forms.DateTimeField(
        label=_("Đóng lúc"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    question_count = forms.IntegerField(label=_("Số câu mỗi lượt"), min_value=1, max_value=100)
    time_limit_minutes = forms.IntegerField(
        label=_("Thời gian làm bài (phút)"), min_value=1, max_value=240
    )
    max_attempts = forms.IntegerField(
        label=_("Số lượt tối đa mỗi người"), min_value=1, max_value=50
    )

    def __init__(self, *args, number_taken, **kwargs):
        super().__init__(*args, **kwargs)
        self.number_taken = number_taken

    def clean_number(self):
        number = self.cleaned_data["number"]
        if self.number_taken(number):
            raise forms.ValidationError(_("Đã có vòng thi số này."))
        return number

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Thời điểm đóng phải sau thời điểm mở."))
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "number": d["number"],
            "title": d["title"],
            "opens_at": d["opens_at"],
            "closes_at": d["closes_at"],
            "question_count": d["question_count"],
            "time_limit_seconds": d["time_limit_minutes"] * 60,
            "max_attempts": d["max_attempts"],
        }

    @staticmethod
    def initial_for(round: Round | None, next_number: int = 1) -> dict:
        if round is None:
            now = timezone.localtime().replace(second=0, microsecond=0)
            return {
                "number": next_number,
                "opens_at": now,
                "closes_at": now + timedelta(days=7),
                "question_count": 10,
                "time_limit_minutes": 10,
                "max_attempts": 1,
            }
        return {
            "number": round.number,
            "title": round.title,
            "opens_at": timezone.localtime(round.opens_at),
            "closes_at": timezone.localtime(round.closes_at),
            "question_count": round.question_count,
            "time_limit_minutes": round.time_limit_seconds // 60,
            "max_attempts": round.max_attempts,
        }


class RoundQuestionsForm(forms.Form):
    questions = forms.ModelMultipleChoiceField(
        label=_("Câu hỏi"),
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions


class AwarenessStudyForm(forms.Form):
    title = forms.CharField(label=_("Tên đợt đo lường"), max_length=300)
    campaign = forms.CharField(label=_("Đợt tuyên truyền"), max_length=300, required=False)
    pre_round = forms.ModelChoiceField(label=_("Khảo sát trước"), queryset=Round.objects.none())
    post_round = forms.ModelChoiceField(label=_("Khảo sát sau"), queryset=Round.objects.none())

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pre_round"].queryset = rounds
        self.fields["post_round"].queryset = rounds
        self.fields["pre_round"].label_from_instance = lambda r: f"{r.contest.title} — {r.label}"
        self.fields["post_round"].label_from_instance = lambda r: f"{r.contest.title} — {r.label}"
