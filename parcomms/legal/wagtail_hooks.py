from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def register_legal_urls():
    return [path("legal/", include("parcomms.legal.urls", namespace="legal"))]


@hooks.register("register_admin_menu_item")
def registry_menu_item():
    # Documents are public facts: everyone who may use the admin may read the registry.
    return MenuItem(_("Văn bản"), reverse("legal:list"), icon_name="doc-full-inverse", order=210)
