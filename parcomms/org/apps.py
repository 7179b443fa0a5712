from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "parcomms.org"
    label = "org"
    verbose_name = _("Tổ chức và cán bộ")

    def ready(self):
        from django.apps import apps

        from .roles import sync_role_groups

        # After the last app that has models (post_migrate is sent only to those): by then
        # every app's permissions exist.
        last = [a for a in apps.get_app_configs() if a.models_module is not None][-1]
        post_migrate.connect(sync_role_groups, sender=last, dispatch_uid="parcomms-role-groups")
