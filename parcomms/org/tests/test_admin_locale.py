"""The Wagtail admin speaks Vietnamese: the project's catalogues fill what Wagtail's own "vi"
catalogues lack, the branding is ours, and users of a demo organisation are told so."""

import gettext
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from parcomms.org.testing import PASSWORD

REPO = Path(__file__).resolve().parents[3]
LOCALE_DIR = REPO / "parcomms" / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def _load_catalogue_tool():
    """bin/wagtail_missing_vi.py holds the PO reader; load it as a module (bin/ is no package)."""
    name = "wagtail_missing_vi"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bin" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


po_tool = _load_catalogue_tool()
DEMO_BANNER_TEXT = "DỮ LIỆU MINH HỌA — chỉ dùng để dùng thử"


def shown(text: str, body: str) -> bool:
    """The text is in the page, either as HTML or inside a JSON blob (sidebar props escape
    non-ASCII characters as \\uXXXX)."""
    return text in body or json.dumps(text)[1:-1] in body


def js_catalogue(client) -> dict:
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    assert match, "the JavaScript catalogue has no newcatalog"
    return json.loads(match.group(1))


# --- The catalogues -------------------------------------------------------------------


def test_catalogues_exist_for_both_domains():
    names = {po.name for po in CATALOGUES}
    assert {"django.po", "djangojs.po"} <= names


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_compiled_catalogue_matches_its_source(po):
    """The .mo is committed (CI may have no gettext); it must hold exactly what the .po says."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run msgfmt --check -o {mo.name} {po.name}"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in po_tool.read_po(po):
        if not entry.is_translated:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(key, index)] = text
    assert compiled == expected, f"{mo.name} is out of date: recompile it from {po.name}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_catalogue_keeps_placeholders_and_plural_form(po):
    entries = po_tool.read_po(po)
    header = entries[0]
    assert header.msgid == ""
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]
    problems = []
    for entry in entries[1:]:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert entry.is_translated, f"untranslated: {entry.msgid!r}"
        if entry.msgid_plural is not None:
            assert set(entry.msgstr) == {0}, f"Vietnamese has one plural form: {entry.msgid!r}"
        problems += [f"{entry.msgid!r}: {p}" for p in po_tool.format_problems(entry, entry.flags)]
        for tag in re.findall(r"</?\w+", entry.msgid_plural or entry.msgid):
            if tag not in entry.msgstr[0]:
                problems.append(f"{entry.msgid!r}: lost HTML {tag}>")
    assert problems == []


def test_every_entry_translates_a_source_string():
    """A typo in a msgid would silently translate nothing: every msgid must be one of the
    installed Wagtail or Django apps' source (English) catalogues."""
    packages = po_tool.site_packages()
    apps = po_tool.source_apps(po_tool.installed_apps(), with_django=True)
    for domain in ("django", "djangojs"):
        source = set()
        for app in apps:
            po = po_tool.app_catalogue(packages, app, "en", domain)
            if po.exists():
                source |= {e.key for e in po_tool.read_po(po)}
        ours = po_tool.read_po(LOCALE_DIR / "vi" / "LC_MESSAGES" / f"{domain}.po")
        unknown = [e.msgid for e in ours if e.msgid and e.key not in source]
        assert unknown == [], domain


@pytest.mark.parametrize(
    "english, vietnamese",
    [
        ("Sign in to Wagtail", "Đăng nhập hệ thống"),
        ("Sign in", "Đăng nhập"),
        ("Log out", "Đăng xuất"),
        ("Dashboard", "Trang tổng quan"),
        ("Help", "Trợ giúp"),
        ("Account", "Tài khoản"),
        ("Search", "Tìm kiếm"),
        ("Save", "Lưu"),
        ("Delete", "Xóa"),
        ("Edit", "Sửa"),
        ("Cancel", "Hủy"),
        ("Documents", "Tài liệu"),
        ("Images", "Hình ảnh"),
        ("Settings", "Cài đặt"),
        ("Reports", "Báo cáo"),
        ("Users", "Người dùng"),
        ("Groups", "Nhóm"),
        ("Sorry, you do not have permission to access this area.", "Bạn không có quyền"),
    ],
)
def test_admin_vocabulary(english, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(english).startswith(vietnamese)


def test_plural_messages_use_the_count():
    with translation.override("vi"):
        for n in (1, 3):
            text = translation.ngettext("Delete 1 page", "Delete %(counter)s pages", n)
            assert text % {"counter": n} == f"Xóa {n} trang"


def test_time_since_is_vietnamese():
    """Django's own vi catalogue predates the %(num)d msgids of timesince."""
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.timesince import timesince

    now = timezone.now()
    with translation.override("vi"):
        assert timesince(now - timedelta(hours=2, minutes=5), now) == "2\xa0giờ, 5\xa0phút"


# --- Rendered pages --------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_vietnamese_and_branded(client):
    body = client.get("/admin/login/").content.decode()
    for text in (
        "Đăng nhập hệ thống tuyên truyền CCHC",
        "Quên mật khẩu?",
        "Ghi nhớ đăng nhập",
        "Mật khẩu",
        "Đang đăng nhập…",
        "parcomms/logo.svg",
        f"- {settings.WAGTAIL_SITE_NAME}</title>",
    ):
        assert text in body, text
    for text in (
        "Sign in to Wagtail",
        ">Sign in<",
        "Signing in",
        "Forgotten password?",
        "Remember me",
        "Password",
        "- Wagtail</title>",
        "wagtailadmin/images/favicon.ico",
    ):
        assert text not in body, text


@pytest.mark.django_db
def test_dashboard_is_vietnamese_and_names_the_office(client, cast):
    client.force_login(cast.head)
    response = client.get("/admin/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Trang tổng quan", "Trợ giúp", "Tài khoản", "Đăng xuất", cast.org.name):
        assert shown(text, body), text
    for text in ('"Help"', '"Log out"', "<title>Dashboard", "Search all pages", "editor guide"):
        assert text not in body, text
    assert DEMO_BANNER_TEXT not in body


@pytest.mark.django_db
def test_permission_denied_message_is_vietnamese(client, cast):
    client.force_login(cast.staff)
    response = client.get("/admin/users/", follow=True)
    body = response.content.decode()
    assert "Bạn không có quyền truy cập vào khu vực này." in body
    assert "Sorry, you do not have permission" not in body


@pytest.mark.django_db
def test_demo_organisation_users_see_the_banner_on_every_admin_page(client, cast):
    cast.org.is_demo = True
    cast.org.save()
    client.force_login(cast.head)
    for url in ("/admin/", "/admin/account/"):
        body = client.get(url).content.decode()
        assert DEMO_BANNER_TEXT in body, url

    client.force_login(cast.other_org_head)  # a real organisation
    assert DEMO_BANNER_TEXT not in client.get("/admin/").content.decode()

    client.force_login(cast.superuser)  # no staff record at all
    response = client.get("/admin/")
    assert response.status_code == 200
    assert DEMO_BANNER_TEXT not in response.content.decode()


@pytest.mark.django_db
def test_javascript_catalogue_includes_the_project_translations(client, cast):
    client.force_login(cast.head)
    catalogue = js_catalogue(client)
    assert catalogue["Toggle sidebar"] == "Ẩn/hiện thanh bên"
    assert catalogue["Main menu"] == "Menu chính"
    assert catalogue["Dashboard"] == "Trang tổng quan"
    assert catalogue["Edit"] == "Sửa"  # the project's word wins over Wagtail's "Biên tập"
    assert catalogue["%(num)s error"] == ["%(num)s lỗi"]


# --- In a browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_and_dashboard_screenshots(page, live_server, cast, output_dir):
    cast.org.is_demo = True
    cast.org.save()

    page.goto(f"{live_server.url}/admin/login/")
    page.wait_for_selector("form.login-form")
    page.screenshot(path=str(output_dir / "admin-login-vi.png"), full_page=True)
    assert "Đăng nhập hệ thống tuyên truyền CCHC" in page.inner_text("h1")

    page.fill("input[name=username]", "truongphong")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.wait_for_selector("#wagtail-sidebar .sidebar-custom-branding img")
    page.screenshot(path=str(output_dir / "admin-dashboard-vi.png"), full_page=True)

    sidebar = page.inner_text("#wagtail-sidebar")
    assert "Trợ giúp" in sidebar
    assert "Help" not in sidebar
    assert DEMO_BANNER_TEXT in page.inner_text("[data-demo-banner]")
    assert cast.org.name in page.inner_text("h1")

    page.click("#wagtail-sidebar .sidebar-footer button")  # the account menu
    page.get_by_text("Đăng xuất").wait_for(state="visible")
    page.wait_for_timeout(400)  # let the menu finish sliding open before the screenshot
    page.screenshot(path=str(output_dir / "admin-account-menu-vi.png"), full_page=True)
    assert "Log out" not in page.inner_text("#wagtail-sidebar")
