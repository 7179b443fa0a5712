import pytest
from pathlib import Path
from django.urls import reverse
from parcomms.plans.services import import_plan_file
from parcomms.indicators.services import load_reference_history

PLAN = Path("/work/main/examples/ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt")

@pytest.mark.django_db
def test_smoke(client, cast):
    import_plan_file(PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer)
    load_reference_history(organisation=cast.org, acting_user=cast.officer)
    client.force_login(cast.leader)
    r = client.get(reverse("dashboard:home"))
    assert r.status_code == 200, r.content[:3000]
    open("/tmp/dash.html","wb").write(r.content)
    for name in ["indicators:list", "indicators:targets", "indicators:import"]:
        client.force_login(cast.officer)
        r = client.get(reverse(name)); assert r.status_code == 200, name
    r = client.get(reverse("indicators:detail", args=["PAR_INDEX"])); assert r.status_code == 200
    open("/tmp/ind.html","wb").write(r.content)
    r = client.get("/admin/"); assert r.status_code == 200
