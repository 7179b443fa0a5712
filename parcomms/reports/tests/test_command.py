"""build_report: one organisation to a file, all organisations to a folder, bad input."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_one_organisation_docx(cast, q2_data, tmp_path):
    out = tmp_path / "q2.docx"
    call_command(
        "build_report",
        "communication",
        organisation=cast.org.slug,
        period="2023-Q2",
        format="docx",
        output=str(out),
        stdout=io.StringIO(),
    )
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "đã đăng tải 3 tin, bài" in text


def test_all_organisations_xlsx_with_progress(cast, tmp_path, capsys):
    call_command(
        "build_report",
        "targets",
        organisation="all",
        period="2023",
        format="xlsx",
        output=str(tmp_path),
        stdout=io.StringIO(),
    )
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(f"{o.slug}-targets-2023.xlsx" for o in (cast.org, cast.other_org))
    load_workbook(tmp_path / files[0])
    assert "2/2" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args,message",
    [
        (("nope",), "Không có loại báo cáo"),
        (("communication",), "không phải là một kỳ báo cáo"),
    ],
)
def test_bad_input(cast, tmp_path, args, message):
    with pytest.raises(CommandError) as exc:
        call_command(
            "build_report",
            *args,
            organisation=cast.org.slug,
            period="2023-Q2" if args[0] == "nope" else "Q2",
            format="docx",
            output=str(tmp_path / "x.docx"),
        )
    assert message in str(exc.value)
    assert not (tmp_path / "x.docx").exists()


def test_unknown_organisation(cast, tmp_path):
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command(
            "build_report",
            "communication",
            organisation="khong-co",
            period="2023",
            format="docx",
            output=str(tmp_path / "x.docx"),
        )
