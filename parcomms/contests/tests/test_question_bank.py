"""Question bank: XLSX import (one transaction, errors per row and column), export, duplicate
detection on folded text, and the bad paths."""

import io

import openpyxl
import pytest
from django.urls import reverse

from parcomms.audit.models import AuditEntry
from parcomms.contests import services
from parcomms.contests.models import Option, Question
from parcomms.contests.question_file import (
    COLUMNS,
    QuestionFileError,
    parse_area_labels,
    parse_correct,
    question_key,
    read_question_file,
    write_question_xlsx,
)
from parcomms.legal.models import LegalDocument

from .conftest import make_plan

HEADERS = list(COLUMNS.values())


def xlsx(rows, headers=HEADERS, preamble=()):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in preamble:
        sheet.append(line)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(n, text, a="Đúng", b="Sai", c="", correct="A", areas="a", docs="", level="Dễ"):
    return [n, text, a, b, c, "", "", "", correct, areas, docs, level, "Vì vậy.", "Nguồn X"]


# ------------------------------------------------------------------ pure


def test_question_key_folds_case_diacritics_spaces_and_punctuation():
    assert question_key("Cải cách hành chính là gì?") == question_key(
        "  cai CACH hanh   chinh la gi "
    )
    assert question_key("Cải cách hành chính là gì?") != question_key("Cải cách hành chính là ai?")


def test_parse_correct_and_areas():
    assert parse_correct("A, C") == ["A", "C"]
    assert parse_correct("b") == ["B"]
    assert parse_correct("Phương án D") == ["D"]
    assert parse_correct("A và C") == ["A", "C"]
    assert parse_correct("G") == [] and parse_correct("?") == []
    assert parse_area_labels("a); Đ") == ["a", "đ"]  # đ stays đ


def test_template_round_trips():
    from parcomms.contests.question_file import TEMPLATE_QUESTIONS

    qfile = read_question_file(write_question_xlsx(TEMPLATE_QUESTIONS), "mau.xlsx")
    assert len(qfile.rows) == 2
    assert qfile.rows[1].correct == ["A", "B"]
    assert not any(r.problems for r in qfile.rows)


def test_header_found_below_a_title_and_aliases_accepted():
    data = xlsx(
        [[1, "Câu hỏi?", "x", "y", "A"]],
        headers=["TT", "Nội dung câu hỏi", "Đáp án A", "Đáp án B", "Đáp án đúng"],
        preamble=[["NGÂN HÀNG CÂU HỎI CUỘC THI"], []],
    )
    qfile = read_question_file(data, "q.xlsx")
    assert qfile.rows[0].row_number == 4
    assert qfile.rows[0].options == [("A", "x"), ("B", "y")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "rỗng"),
        (b"STT,Cau hoi\n1,abc\n", "không phải là bảng tính XLSX"),
        (b"PK\x03\x04garbage", "Không đọc được"),
        (xlsx([], headers=["Tên", "Tuổi"]), "không có dòng tiêu đề"),
        (xlsx([[1, "Câu?"]], headers=["STT", "Câu hỏi"]), "thiếu cột"),
        (xlsx([]), "không có câu hỏi nào"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, message):
    with pytest.raises(QuestionFileError) as exc:
        read_question_file(data, "tep.xlsx")
    assert message in exc.value.message


# ------------------------------------------------------------------ import service


@pytest.fixture
def plan(cast):
    plan = make_plan(cast.org)
    LegalDocument.objects.create(
        key="1894/QĐ-UBND", type_name="Quyết định", number="1894", symbol="QĐ-UBND", system="state"
    )
    return plan


def import_file(cast, data, **kwargs):
    return services.import_questions(
        data, "cau-hoi.xlsx", organisation=cast.org, acting_user=cast.officer, **kwargs
    )


@pytest.mark.django_db
def test_good_file_imports_everything_with_tags(cast, plan):
    data = xlsx(
        [
            row(1, "Câu hỏi một?", areas="a, đ", docs="Quyết định số 1894/QĐ-UBND"),
            row(2, "Câu hỏi hai?", c="Cũng đúng", correct="A, C", level="Khó"),
        ]
    )
    result = import_file(cast, data)
    assert result.ok and result.created == 2
    first, second = Question.objects.order_by("pk")
    assert sorted(t.label for t in first.topics.all()) == ["a", "đ"]
    assert first.area == "a" and first.difficulty == 1
    assert [d.key for d in first.documents.all()] == ["1894/QĐ-UBND"]
    assert [o.is_correct for o in second.options.all()] == [True, False, True]
    assert second.difficulty == 3 and second.explanation == "Vì vậy."
    assert AuditEntry.objects.filter(action="contest.question_import").count() == 1


@pytest.mark.django_db
def test_any_bad_row_rejects_the_whole_file_with_row_and_column(cast, plan):
    data = xlsx(
        [
            row(1, "Câu tốt?"),
            row(2, "", correct="A"),
            row(3, "Thiếu phương án?", b=""),
            row(4, "Đáp án ngoài phạm vi?", correct="C"),
            row(5, "Lĩnh vực lạ?", areas="x"),
            row(6, "Văn bản lạ?", docs="999/QĐ-XYZ"),
            row(7, "Mức độ lạ?", level="Siêu khó"),
            row(8, "Đáp án không đọc được?", correct="đúng"),
            row(9, "Tất cả đúng?", correct="A, B"),
            row(10, "CÂU TỐT"),  # duplicate of row 1 after folding
        ]
    )
    result = import_file(cast, data)
    assert not result.ok
    found = {(e.row_number, e.column) for e in result.errors}
    assert (3, "Câu hỏi") in found
    assert (4, "Phương án B") in found
    assert (5, "Đáp án đúng") in found
    assert (6, "Lĩnh vực") in found
    assert (7, "Văn bản") in found
    assert (8, "Mức độ") in found
    assert (9, "Đáp án đúng") in found
    assert (10, "Đáp án đúng") in found
    assert (11, "Câu hỏi") in found
    messages = " ".join(e.message for e in result.errors)
    assert "trùng với dòng 2" in messages
    assert "Không tìm thấy văn bản «999/QĐ-XYZ»" in messages
    assert "Lĩnh vực không có trong kế hoạch: x" in messages
    assert not Question.objects.exists() and not Option.objects.exists()
    assert not AuditEntry.objects.filter(action="contest.question_import").exists()


@pytest.mark.django_db
def test_duplicates_of_the_bank_are_errors_or_skipped_on_request(cast, plan):
    import_file(cast, xlsx([row(1, "Cải cách hành chính là gì?")]))
    again = xlsx([row(1, "cai cach hanh chinh la gi"), row(2, "Câu mới?")])
    result = import_file(cast, again)
    assert not result.ok
    assert "đã có trong ngân hàng" in result.errors[0].message
    assert Question.objects.count() == 1
    result = import_file(cast, again, skip_existing=True)
    assert result.ok and (result.created, result.skipped) == (1, 1)
    assert Question.objects.count() == 2


@pytest.mark.django_db
def test_export_then_import_into_another_organisation(cast, plan):
    make_plan(cast.other_org)
    import_file(cast, xlsx([row(1, "Một?", areas="đ"), row(2, "Hai?", c="Ba", correct="B,C")]))
    questions = Question.objects.prefetch_related("options", "topics", "documents")
    data = write_question_xlsx(services.export_rows(questions))
    result = services.import_questions(
        data, "x.xlsx", organisation=cast.other_org, acting_user=cast.other_org_officer
    )
    assert result.ok and result.created == 2
    copy = Question.objects.get(organisation=cast.other_org, text="Hai?")
    assert [o.is_correct for o in copy.options.all()] == [False, True, True]


@pytest.mark.django_db
def test_save_question_refuses_bad_questions(cast, plan):
    Opt = services.OptionInput
    cases = [
        ("", [Opt("a", True), Opt("b", False)], "không được để trống"),
        ("Một phương án?", [Opt("a", True)], "ít nhất 2"),
        ("Không đáp án?", [Opt("a", False), Opt("b", False)], "ít nhất một phương án đúng"),
        ("Toàn đúng?", [Opt("a", True), Opt("b", True)], "ít nhất một phương án sai"),
        ("Trùng phương án?", [Opt("Có", True), Opt("có", False)], "trùng nhau"),
    ]
    for text, options, message in cases:
        with pytest.raises(services.ContestError) as exc:
            services.save_question(
                organisation=cast.org, acting_user=cast.officer, text=text, options=options
            )
        assert message in exc.value.message
    services.save_question(
        organisation=cast.org,
        acting_user=cast.officer,
        text="Câu hỏi?",
        options=[Opt("a", True), Opt("b", False)],
    )
    with pytest.raises(services.ContestError, match="trùng"):
        services.save_question(
            organisation=cast.org,
            acting_user=cast.officer,
            text="CÂU HỎI",
            options=[Opt("a", True), Opt("b", False)],
        )
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_import_page_shows_the_errors_table(client, cast, plan):
    client.force_login(cast.officer)
    upload = io.BytesIO(xlsx([row(1, "Tốt?"), row(2, "Xấu?", correct="Z")]))
    upload.name = "cau-hoi.xlsx"
    response = client.post(reverse("contests_admin:question_import"), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-errors"' in html and "Đáp án đúng không hợp lệ" in html
    assert not Question.objects.exists()
    upload = io.BytesIO(b"not a spreadsheet")
    upload.name = "cau-hoi.xlsx"
    response = client.post(reverse("contests_admin:question_import"), {"file": upload})
    assert response.status_code == 400 and 'id="file-error"' in response.content.decode()


@pytest.mark.django_db
def test_export_and_template_download(client, cast, plan):
    import_file(cast, xlsx([row(1, "Một?")]))
    client.force_login(cast.officer)
    response = client.get(reverse("contests_admin:question_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert read_question_file(response.content, "x.xlsx").rows[0].text == "Một?"
    template = client.get(reverse("contests_admin:question_template"))
    assert len(read_question_file(template.content, "m.xlsx").rows) == 2
