"""The legal-document registry: public documents, plans listed only where the reader may see
them; search without diacritics, filters, pagination; access per view."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcomms.legal.models import LegalDocument
from parcomms.org.testing import PASSWORD
from parcomms.plans.parsing import parse_plan
from parcomms.plans.services import save_parsed_plan

pytestmark = pytest.mark.django_db

REFERENCE = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def plan(cast):
    parsed = parse_plan(REFERENCE.read_bytes(), REFERENCE.name)
    return save_parsed_plan(parsed, organisation=cast.org, acting_user=cast.officer)


def keys(response):
    return [d.key for d in response.context["page"]]


def test_anonymous_is_sent_to_login(client, plan):
    doc = LegalDocument.objects.first()
    for url in (reverse("legal:list"), reverse("legal:detail", args=[doc.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_user_without_admin_access_is_refused(client, plan):
    nobody = get_user_model().objects.create_user("khach", password=PASSWORD)
    doc = LegalDocument.objects.first()
    login(client, nobody)
    for url in (reverse("legal:list"), reverse("legal:detail", args=[doc.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_wrong_method(client, cast, plan, method):
    doc = LegalDocument.objects.first()
    login(client, cast.staff)
    for url in (reverse("legal:list"), reverse("legal:detail", args=[doc.pk])):
        assert getattr(client, method)(url).status_code == 405


def test_every_role_reads_the_registry(client, cast, plan):
    for user in (cast.staff, cast.editor, cast.head, cast.leader, cast.officer, cast.superuser):
        response = login(client, user).get(reverse("legal:list"))
        assert response.status_code == 200 and response.context["total"] == 20


def test_citing_plans_are_shown_only_to_those_who_may_read_them(client, cast, plan):
    nq76 = LegalDocument.objects.get(key="76/NQ-CP")
    plan_url = reverse("plans:detail", args=[plan.pk])
    for user in (cast.staff, cast.officer):
        login(client, user)
        assert plan_url in client.get(reverse("legal:list")).content.decode()
        assert plan_url in client.get(reverse("legal:detail", args=[nq76.pk])).content.decode()
    # Another organisation's staff see the document (a public fact) but not our plan.
    login(client, cast.other_org_officer)
    response = client.get(reverse("legal:list"))
    assert response.context["total"] == 20
    assert plan_url not in response.content.decode()
    response = client.get(reverse("legal:detail", args=[nq76.pk]))
    assert response.status_code == 200
    assert "Nghị quyết số 76/NQ-CP" in response.content.decode()
    assert plan_url not in response.content.decode()


def test_search_without_diacritics(client, cast, plan):
    login(client, cast.staff)
    response = client.get(reverse("legal:list"), {"q": "nghi quyet 76"})
    assert keys(response) == ["76/NQ-CP"]
    assert "Nghị quyết" in response.content.decode()
    response = client.get(reverse("legal:list"), {"q": "QUYET DINH 1894"})
    assert keys(response) == ["1894/QĐ-UBND"]
    response = client.get(reverse("legal:list"), {"q": "chuyen doi so"})
    assert "09-NQ/TU" in keys(response)
    assert client.get(reverse("legal:list"), {"q": "khong co van ban nay"}).context["total"] == 0


def test_exact_number_comes_first(client, cast, plan):
    login(client, cast.staff)
    found = keys(client.get(reverse("legal:list"), {"q": "18"}))
    assert found[0] in ("18-CT/TU", "18-NQ/TW") and found[1] in ("18-CT/TU", "18-NQ/TW")


def test_type_and_system_filters(client, cast, plan):
    login(client, cast.staff)
    response = client.get(reverse("legal:list"), {"type": "Chỉ thị"})
    assert sorted(keys(response)) == ["18-CT/TU", "39-CT/TU"]
    response = client.get(reverse("legal:list"), {"system": "party"})
    party = keys(response)
    assert "05-NQ/TU" in party and "76/NQ-CP" not in party
    assert all(d.system == "party" for d in response.context["page"])
    response = client.get(reverse("legal:list"), {"system": "party", "q": "nghi quyet"})
    assert set(keys(response)) <= set(party) and "07-NQ/TU" in keys(response)


def test_pagination_keeps_the_query(client, cast):
    for n in range(1, 31):
        LegalDocument.objects.create(
            key=f"{n}/QĐ-UBND", type_name="Quyết định", number=str(n), symbol="QĐ-UBND"
        )
    login(client, cast.staff)
    first = client.get(reverse("legal:list"), {"q": "quyet dinh"})
    assert first.context["total"] == 30 and len(first.context["page"]) == 25
    assert "q=quyet+dinh&amp;p=2" in first.content.decode()
    second = client.get(reverse("legal:list"), {"q": "quyet dinh", "p": 2})
    assert len(second.context["page"]) == 5
    assert not set(keys(first)) & set(keys(second))


def test_list_query_count_does_not_grow_with_documents(client, cast, plan):
    login(client, cast.staff)
    client.get(reverse("legal:list"))  # warm the session and the permission caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("legal:list")).status_code == 200
        return len(captured)

    before = queries()
    for n in range(1, 6):
        LegalDocument.objects.create(
            key=f"{n}/CT-UBND", type_name="Chỉ thị", number=str(n), symbol="CT-UBND"
        )
    assert queries() == before
