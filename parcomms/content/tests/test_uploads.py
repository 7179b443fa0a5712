"""Uploads: checked by content (not by name), size-limited, served as downloads."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as DocxDocument
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from parcomms.content.uploads import sniff_document

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML_BYTES = b"<html><script>alert(document.cookie)</script></html>"


def docx_bytes():
    buffer = io.BytesIO()
    doc = DocxDocument()
    doc.add_paragraph("Báo cáo cải cách hành chính")
    doc.save(buffer)
    return buffer.getvalue()


def zip_bytes(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


# -- the pure check --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, ok",
    [
        ("bao-cao.pdf", PDF_BYTES, True),
        ("bao-cao.PDF", PDF_BYTES, True),
        ("bao-cao.pdf", HTML_BYTES, False),
        ("bao-cao.docx", None, True),  # a real .docx, filled in below
        ("bao-cao.docx", b"PK\x03\x04not really a zip", False),
        ("bao-cao.xlsx", zip_bytes(["xl/workbook.xml", "[Content_Types].xml"]), True),
        ("bao-cao.docx", zip_bytes(["xl/workbook.xml"]), False),  # a workbook renamed
        ("bao-cao.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, True),
        ("bao-cao.doc", HTML_BYTES, False),
        ("trang.html", HTML_BYTES, False),
        ("anh.svg", b"<svg onload=alert(1)>", False),
        ("khong-duoi", PDF_BYTES, False),
    ],
)
def test_sniff_document(name, content, ok):
    if content is None:
        content = docx_bytes()
    assert (sniff_document(name, content[:16], content) is None) is ok


def test_opendocument_mimetype_must_match():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    data = buffer.getvalue()
    assert sniff_document("bang.ods", data[:16], data) is None
    assert sniff_document("van-ban.odt", data[:16], data) is not None


# -- through the admin -----------------------------------------------------------------------


def as_upload(image_file):
    return SimpleUploadedFile(image_file.name, image_file.file.getvalue())


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.django_db
def test_document_upload_checks_content(cast, client):
    client.force_login(cast.staff)
    response = upload_document(client, "bao-cao.pdf", HTML_BYTES)
    assert response.status_code == 200
    assert "Nội dung tệp không phải là tệp .pdf" in response.content.decode()
    response = upload_document(client, "trang.html", HTML_BYTES)
    assert response.status_code == 200 and not Document.objects.exists()
    response = upload_document(client, "bao-cao.pdf", PDF_BYTES)
    assert response.status_code == 302
    response = upload_document(client, "bao-cao.docx", docx_bytes())
    assert response.status_code == 302
    assert Document.objects.count() == 2


@pytest.mark.django_db
def test_document_size_limit(cast, client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client.force_login(cast.staff)
    response = upload_document(client, "lon.pdf", PDF_BYTES + b"0" * 2048)
    assert response.status_code == 200 and not Document.objects.exists()


@pytest.mark.django_db
def test_image_upload_checks_content_and_size(cast, client, settings):
    client.force_login(cast.staff)
    url = reverse("wagtailimages:add")
    fake = SimpleUploadedFile("anh.png", HTML_BYTES)
    response = client.post(url, {"title": "Ảnh giả", "file": fake, "collection": 1})
    assert response.status_code == 200 and not Image.objects.exists()
    svg = SimpleUploadedFile(
        "anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    )
    response = client.post(url, {"title": "SVG", "file": svg, "collection": 1})
    assert response.status_code == 200 and not Image.objects.exists()
    real = as_upload(get_test_image_file(filename="that.png"))
    response = client.post(url, {"title": "Ảnh thật", "file": real, "collection": 1})
    assert response.status_code == 302 and Image.objects.count() == 1
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    big = as_upload(get_test_image_file(filename="to.png", size=(400, 400)))
    response = client.post(url, {"title": "Ảnh lớn", "file": big, "collection": 1})
    assert response.status_code == 200 and Image.objects.count() == 1


@pytest.mark.django_db
def test_documents_are_served_as_downloads(cast, client, settings, tmp_path):
    # Served from disk, as in production (the test settings keep files in memory).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    document = Document.objects.create(
        title="Báo cáo",
        file=SimpleUploadedFile("bao-cao.pdf", PDF_BYTES),
        uploaded_by_user=cast.staff,
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
