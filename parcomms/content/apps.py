from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "parcomms.content"
    label = "content"
    verbose_name = _("Tin, bài")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate, post_save
        from wagtail import signals as wagtail_signals
        from wagtail.models import WorkflowState
        from wagtail.permissions import page_permission_policy

        from parcomms.org.models import Organisation

        from . import services
        from .access import ScopedPagePermissionPolicy

        # Every admin list of pages (explorer, search, reports, dashboard) asks this one shared
        # policy object; narrowing it here keeps other organisations' articles out of all of them.
        page_permission_policy.__class__ = ScopedPagePermissionPolicy

        # post_migrate is sent only for apps with models; after the last of them every app's
        # tables and permissions exist.
        last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
        post_migrate.connect(
            services.setup_after_migrate, sender=last, dispatch_uid="parcomms-content-setup"
        )
        post_save.connect(
            services.organisation_saved, sender=Organisation, dispatch_uid="parcomms-news-index"
        )
        wagtail_signals.workflow_submitted.connect(
            services.workflow_submitted, sender=WorkflowState
        )
        wagtail_signals.workflow_cancelled.connect(
            services.workflow_cancelled, sender=WorkflowState
        )
        wagtail_signals.page_published.connect(services.page_published)
        wagtail_signals.page_unpublished.connect(services.page_unpublished)

        # Our services notify in Vietnamese, in the app and by e-mail; Wagtail's own workflow
        # e-mails would say the same thing twice (in English templates).
        from wagtail.admin import signal_handlers as wagtail_notifiers

        for notifier in (
            wagtail_notifiers.workflow_submission_email_notifier,
            wagtail_notifiers.workflow_approval_email_notifier,
            wagtail_notifiers.workflow_rejection_email_notifier,
        ):
            notifier.valid_classes = ()

        # The public search index's triggers: a SQLite table rebuild drops them (search.py).
        from .search import ensure_search_index

        post_migrate.connect(ensure_search_index, sender=self, dispatch_uid="parcomms-search-index")
