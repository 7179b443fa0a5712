from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "parcomms.activities"
    label = "activities"
    verbose_name = _("Hoạt động tuyên truyền")

    def ready(self):
        from . import providers  # noqa: F401 - registers the built-in "what counts" providers
