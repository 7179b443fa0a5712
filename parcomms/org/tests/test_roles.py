import pytest
from django.contrib.auth.models import Group

from parcomms.org.roles import GROUP_NAMES, ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def test_migrate_creates_role_groups_with_permissions():
    # The test database was built by `migrate`; nothing here calls sync_role_groups.
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())
    officer = Group.objects.get(name=Role.REFORM_OFFICER.group_name)
    codenames = {f"{p.content_type.app_label}.{p.codename}" for p in officer.permissions.all()}
    assert set(ROLE_PERMISSIONS[Role.REFORM_OFFICER]) <= codenames
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
