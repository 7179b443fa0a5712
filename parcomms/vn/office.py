"""DOCX to PDF with LibreOffice headless (pure Python, no Django).

Every conversion runs in its own temporary directory with its own LibreOffice user profile:
two conversions sharing a profile block on its lock, so parallel workers would collide.
Times New Roman is not installed on the servers; fontconfig maps it to Liberation Serif
(fonts-liberation2), which has the same metrics, so line and page breaks match Word.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


class OfficeUnavailable(RuntimeError):
    """LibreOffice is not installed on this machine."""


class ConversionFailed(RuntimeError):
    """LibreOffice ran but produced no PDF (bad input, crash or timeout)."""


def soffice_path() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for place in SOFFICE_PLACES:
        if os.access(place, os.X_OK):
            return place
    return None


def docx_to_pdf(data: bytes, timeout: float = 120) -> bytes:
    """Render a DOCX to PDF; raises OfficeUnavailable or ConversionFailed."""
    soffice = soffice_path()
    if soffice is None:
        raise OfficeUnavailable(
            "LibreOffice (soffice) is not installed; install it (apt-get install "
            "libreoffice-writer fonts-liberation2) to render PDFs"
        )
    with tempfile.TemporaryDirectory(prefix="parcomms-office-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(data)
        # LibreOffice would import anything else as plain text and happily print it.
        if not zipfile.is_zipfile(source):
            raise ConversionFailed("the input is not a DOCX file (not a zip archive)")
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        output = _run(command, timeout, cwd=work)
        pdf = work / "out" / "document.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise ConversionFailed(f"LibreOffice produced no PDF: {output.strip()[-2000:]}")
        return pdf.read_bytes()


def _run(command: list[str], timeout: float, cwd: Path) -> str:
    """Run LibreOffice in its own process group, so a timeout kills soffice.bin as well."""
    env = {**os.environ, "HOME": str(cwd)}  # nothing written to the service user's home
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"LibreOffice did not finish within {timeout} s") from None
    return output.decode("utf-8", "replace")
