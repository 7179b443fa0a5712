from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "parcomms.indicators"
    label = "indicators"
    verbose_name = _("Chỉ số, chỉ tiêu")

    def ready(self):
        from .services import sync_indicators

        post_migrate.connect(sync_indicators, sender=self, dispatch_uid="parcomms-indicators")
