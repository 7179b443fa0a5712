"""Checking uploaded documents by what they contain, not by what they are called.

Wagtail already checks images by content (the extension must match the format Pillow reads)
and sizes (WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILDOCS_MAX_UPLOAD_SIZE), and documents by
extension (WAGTAILDOCS_EXTENSIONS). A renamed HTML page or script called `bao-cao.pdf` would
pass that; `sniff_document` reads the first bytes and refuses anything whose content does not
match its extension. Settings: WAGTAILDOCS_DOCUMENT_FORM_BASE points at `CheckedDocumentForm`.
"""

import io
import os
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

PDF = b"%PDF-"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt
ZIP = b"PK\x03\x04"
# Office Open XML and OpenDocument files are ZIP archives; the part that names the type.
ZIP_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "mimetype",
    "ods": "mimetype",
    "odp": "mimetype",
}
OPENDOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
MAGIC = {"pdf": PDF, "doc": OLE2, "xls": OLE2, "ppt": OLE2}


def sniff_document(name: str, head: bytes, whole: bytes | None = None) -> str | None:
    """The reason a file is refused, or None when its content matches its extension.

    `head` is the first bytes; `whole` the full content (needed to look inside ZIP files).
    """
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension in MAGIC:
        return None if head.startswith(MAGIC[extension]) else _mismatch(extension)
    if extension in ZIP_MARKERS:
        if not head.startswith(ZIP) or whole is None:
            return _mismatch(extension)
        try:
            with zipfile.ZipFile(io.BytesIO(whole)) as archive:
                names = set(archive.namelist())
                if ZIP_MARKERS[extension] not in names:
                    return _mismatch(extension)
                expected_type = OPENDOCUMENT_TYPES.get(extension)
                if expected_type and archive.read("mimetype").strip() != expected_type:
                    return _mismatch(extension)
        except (zipfile.BadZipFile, KeyError, OSError):
            return _mismatch(extension)
        return None
    return _("Không nhận loại tệp “.%(ext)s”.") % {"ext": extension or "?"}


def _mismatch(extension: str) -> str:
    return _("Nội dung tệp không phải là tệp .%(ext)s như tên tệp cho biết.") % {"ext": extension}


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        upload.seek(0)
        content = upload.read()
        upload.seek(0)
        reason = sniff_document(upload.name, content[:16], content)
        if reason:
            raise ValidationError(reason, code="content_mismatch")
        return upload
