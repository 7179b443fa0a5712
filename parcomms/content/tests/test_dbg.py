import pytest
from django.urls import reverse
from parcomms.content.testing import make_article
from parcomms.content.models import ArticlePage
pytestmark = pytest.mark.django_db
def test_x(cast, client):
    a = make_article(cast.staff)
    client.force_login(cast.staff)
    p = a.permissions_for_user(cast.staff)
    print("can_lock", p.can_lock(), p.can_edit(), p.permissions, "can_delete", p.can_delete())
    r = client.post(reverse("wagtailadmin_pages:lock", args=[a.pk]))
    print(r.status_code, r.get("Location"))
    r = client.post(reverse("wagtailadmin_pages:delete", args=[a.pk]))
    print(r.status_code, r.get("Location"), ArticlePage.objects.filter(pk=a.pk).exists())
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    mine = Image.objects.create(title="Ảnh VPUB", file=get_test_image_file(), uploaded_by_user=cast.staff)
    r = client.get(reverse("wagtailimages_chooser:choose"))
    print(r.status_code, r.content.decode()[-3000:])
    assert 0
