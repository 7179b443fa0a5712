"""Checking uploaded materials and photos by content (pure)."""

import io
import zipfile

import pytest
from PIL import Image

from parcomms.activities.materials import MaterialError, check_upload

MB = 1024 * 1024


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_accepts_real_files():
    assert (
        check_upload("bao-cao.pdf", b"%PDF-1.7\n...", photo=False, max_bytes=MB)
        == "application/pdf"
    )
    assert check_upload("Tai lieu.DOCX", docx_bytes(), photo=False, max_bytes=MB).endswith(
        "wordprocessingml.document"
    )
    assert check_upload("anh.png", png_bytes(), photo=True, max_bytes=MB) == "image/png"


@pytest.mark.parametrize(
    ("name", "data", "photo", "message"),
    [
        ("virus.exe", b"MZ....", False, "chỉ nhận các định dạng"),
        ("gia.pdf", b"<html>not a pdf</html>", False, "không đúng định dạng .pdf"),
        ("gia.docx", b"PK\x03\x04 broken", False, "không đúng định dạng .docx"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, True, "không đúng định dạng .png"),
        ("anh.jpg", png_bytes(), True, "không đúng định dạng .jpg"),
        ("tai-lieu.pdf", b"%PDF-1.4", True, "chỉ nhận các định dạng"),  # not a photo
        ("rong.pdf", b"", False, "rỗng"),
    ],
)
def test_refuses_wrong_content_with_a_vietnamese_message(name, data, photo, message):
    with pytest.raises(MaterialError) as exc:
        check_upload(name, data, photo=photo, max_bytes=MB)
    assert message in str(exc.value)
    assert name in str(exc.value)


def test_refuses_a_file_over_the_size_limit():
    with pytest.raises(MaterialError) as exc:
        check_upload("lon.pdf", b"%PDF-" + b"0" * (MB + MB // 2), photo=False, max_bytes=MB)
    assert "quá lớn (1,5 MB); tối đa 1 MB" in str(exc.value)
