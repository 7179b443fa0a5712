from pathlib import Path

import pytest

PLAN = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)


@pytest.fixture
def plan(cast):
    from parcomms.plans.services import import_plan_file

    return import_plan_file(
        PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer
    )


@pytest.fixture
def history(cast):
    from parcomms.indicators.services import load_reference_history

    return load_reference_history(organisation=cast.org, acting_user=cast.officer)
