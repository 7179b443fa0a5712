"""Checking an uploaded material or photo by its content, not only its name (pure Python).

A file is accepted when its extension is allowed and its bytes are what the extension says:
a PDF starts with %PDF-, a .docx is a ZIP holding word/document.xml, a photo opens in Pillow.
"""

import io
import zipfile
from pathlib import PurePath

from PIL import Image, UnidentifiedImageError

MATERIAL_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
_OOXML_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class MaterialError(ValueError):
    """The message is Vietnamese and names the file."""


def _extensions(types: dict[str, str]) -> str:
    return ", ".join(sorted({ext for ext in types}))


def check_upload(name: str, data: bytes, *, photo: bool, max_bytes: int) -> str:
    """The content type of an acceptable file; MaterialError otherwise."""
    types = PHOTO_TYPES if photo else MATERIAL_TYPES
    ext = PurePath(name).suffix.lower()
    if ext not in types:
        raise MaterialError(f"Tệp “{name}”: chỉ nhận các định dạng {_extensions(types)}.")
    if len(data) > max_bytes:
        size = f"{len(data) / 1048576:.1f}".replace(".", ",")
        raise MaterialError(f"Tệp “{name}” quá lớn ({size} MB); tối đa {max_bytes // 1048576} MB.")
    if not data:
        raise MaterialError(f"Tệp “{name}” rỗng.")
    content_type = types[ext]
    if not _content_matches(ext, content_type, data):
        raise MaterialError(
            f"Tệp “{name}” không đúng định dạng {ext} (nội dung tệp không khớp với phần mở rộng)."
        )
    return content_type


def _content_matches(ext: str, content_type: str, data: bytes) -> bool:
    if ext == ".pdf":
        return data.startswith(b"%PDF-")
    if ext in _OOXML_PART:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return False
        return "[Content_Types].xml" in names and _OOXML_PART[ext] in names
    if ext in (".doc", ".xls", ".ppt"):
        return data.startswith(_OLE_MAGIC)
    if content_type in _PILLOW_FORMATS:
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != _PILLOW_FORMATS[content_type]:
                    return False
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return False
        return True
    return False
