"""The dashboard exported as PDF (headless Chromium): the same text as the page."""

import io
import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from parcomms.dashboard import pdf

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


@pytest.fixture
def chromium():
    if not Path(pdf.chromium_path()).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI but is not installed.")
        pytest.skip("Chromium is not installed here; this test runs in CI.")


def test_pdf_export_has_the_dashboard_text(client, cast, plan, history, chromium, output_dir):
    client.force_login(cast.leader)
    response = client.get("/admin/dashboard/pdf/", {"year": 2023})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="tong-quan-2023.pdf"' in response["Content-Disposition"]
    (output_dir / "dashboard-leader.pdf").write_bytes(response.content)
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert "Tổng quan thực hiện kế hoạch — 2023" in text
    assert "PAR INDEX 2022: hạng 29/63, mục tiêu ≤ 30 — đạt" in text
    assert "SIPAS 2022: 81,83%, mục tiêu ≥ 89,64% — không đạt" in text
    assert "Văn phòng UBND tỉnh Ninh Thuận" in text
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4
    if subprocess.run(["which", "pdftoppm"], capture_output=True).returncode == 0:
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", output_dir / "dashboard-leader.pdf",
             output_dir / "dashboard-leader-pdf"],
            check=True,
        )  # fmt: skip


def test_unit_head_pdf_is_the_unit(client, cast, plan, chromium):
    client.force_login(cast.head)
    response = client.get("/admin/dashboard/pdf/")
    assert response.status_code == 200
    assert f"don-vi-{cast.unit.pk}" in response["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert cast.unit.name in " ".join(text.split())


def test_without_chromium_the_export_says_what_to_do(client, cast, plan, settings):
    settings.PARCOMMS_CHROMIUM = "/nonexistent/chromium"
    client.force_login(cast.leader)
    response = client.get("/admin/dashboard/pdf/")
    assert response.status_code == 503
    assert "chưa cài Chromium" in response.content.decode()
