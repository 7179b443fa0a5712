import cProfile, pstats, time
import pytest
from django.urls import reverse
from .conftest import *  # noqa

@pytest.mark.django_db
def test_profile(client, cast, public_contest):
    public_contest.require_verification = False
    public_contest.save()
    url = reverse("contests:register", args=[public_contest.slug])
    client.get(url)
    client.post(url, {"full_name": "Nguyen Van A", "phone": "0912345678", "email": "a@example.invalid", "unit": cast.unit.pk, "agree": "on"})
    r = client.post(reverse("contests:start", args=[public_contest.slug, 1]))
    loc = r["Location"]
    client.get(loc)
    pr = cProfile.Profile()
    t = time.perf_counter()
    pr.enable()
    for i in range(20):
        client.get(loc)
    pr.disable()
    print("page ms", (time.perf_counter() - t) / 20 * 1000)
    t = time.perf_counter()
    for i in range(20):
        client.get("/cuoc-thi/")
    print("list ms", (time.perf_counter() - t) / 20 * 1000)
    pstats.Stats(pr).sort_stats("tottime").print_stats(18)
