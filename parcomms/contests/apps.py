from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "parcomms.contests"
    label = "contests"
    verbose_name = _("Cuộc thi")

    def ready(self):
        try:
            from parcomms.activities.providers import register_provider
        except ImportError:  # the obligations engine is optional
            return
        from .obligations import ContestParticipation

        register_provider(ContestParticipation())
