"""The emulation results report reads the emulation app's period results."""

import io

import pytest
from docx import Document

from parcomms.emulation.criteria import default_criteria
from parcomms.emulation.services import create_period, save_criteria
from parcomms.reports import registry, render
from parcomms.reports.periods import parse_period
from parcomms.reports.registry import BuildContext

from .conftest import publish

pytestmark = pytest.mark.django_db


def build(cast, key="2023-Q2"):
    ctx = BuildContext(organisation=cast.org, period=parse_period(key), sections={})
    return registry.get("emulation").build(ctx)


def test_emulation_report_ranks_units(cast):
    from parcomms.content.testing import make_article

    from .conftest import at

    publish(make_article(cast.staff, title="Tin Q2", channels=["portal"]), at(2023, 5, 5))
    save_criteria(cast.org, 2023, default_criteria(), acting_user=cast.officer)
    create_period(cast.org, "quarter", 2023, 2, acting_user=cast.officer)
    built = build(cast)
    names = [row[1] for row in built.figures["units"]]
    assert cast.unit.name in names
    doc = Document(io.BytesIO(render.docx_bytes(built)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kết quả chấm điểm thi đua quý II năm 2023" in text


def test_missing_period_says_so_in_vietnamese(cast):
    with pytest.raises(LookupError, match="Chưa có kỳ thi đua 2023-Q3"):
        build(cast, "2023-Q3")
