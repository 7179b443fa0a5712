#!/usr/bin/env python3
"""List the Wagtail strings that have no Vietnamese translation.

Wagtail's English catalogues (``wagtail/**/locale/en/LC_MESSAGES/<domain>.po``) hold every
msgid; the Vietnamese ones hold a small part of them. Django merges all the catalogues of a
language into one at run time, so a msgid counts as translated when any Wagtail ``vi``
catalogue of the same domain (or Django's own ``vi`` catalogues) has a non-empty, non-fuzzy
msgstr for it. The project's catalogue (``parcomms/locale/vi``) is reported separately, so
the script shows both what Wagtail lacks and what we still lack.

    bin/wagtail_missing_vi.py                    # summary per Wagtail app
    bin/wagtail_missing_vi.py --list             # one missing msgid per line
    bin/wagtail_missing_vi.py --po > todo.po     # PO skeleton of what the project still lacks
    bin/wagtail_missing_vi.py --domain djangojs
    bin/wagtail_missing_vi.py --with-django      # Django's own strings too (validation, dates)

To add translations: translate the entries of the --po skeleton, append them to
parcomms/locale/vi/LC_MESSAGES/<domain>.po, then compile and commit both files:
``msgfmt --check -o <domain>.mo <domain>.po`` (parcomms/org/tests/test_admin_locale.py fails
when a .mo is stale, a placeholder is lost or a msgid matches no source string).

Pure Python, no network, no third-party packages.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_LOCALE = REPO / "parcomms" / "locale"
SETTINGS = REPO / "parcomms" / "settings" / "base.py"


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_translated(self) -> bool:
        if "fuzzy" in self.flags or self.obsolete:
            return False
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text.startswith('"') else ""


def read_po(path: Path) -> list[Entry]:
    """Parse a PO file into entries (the header, msgid "", included)."""
    entries: list[Entry] = []
    entry = Entry()
    started = False
    target: tuple[str, int] | None = None

    def finish():
        nonlocal entry, started, target
        if started:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if started and target is not None and target[0] == "msgstr":
                finish()  # a comment after a msgstr starts the next entry
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if target is None:
                raise ValueError(f"{path}: continuation line without a keyword: {raw!r}")
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, kind, getattr(entry, kind) + value)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and target and target[0] == "msgstr"):
            finish()
        started = True
        entry.obsolete = entry.obsolete or obsolete
        if keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        elif keyword == "msgstr":
            entry.msgstr[0] = _unquote(rest)
            target = ("msgstr", 0)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            setattr(entry, keyword, _unquote(rest))
            target = (keyword, 0)
        else:
            raise ValueError(f"{path}: unknown keyword in {raw!r}")
    finish()
    return [e for e in entries if not e.obsolete]


def translations(path: Path) -> dict[tuple[str | None, str], Entry]:
    if not path.exists():
        return {}
    return {e.key: e for e in read_po(path) if e.msgid and e.is_translated}


def installed_apps(settings: Path = SETTINGS) -> list[str]:
    """INSTALLED_APPS read from the settings source, without importing Django."""
    for node in ast.parse(settings.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "INSTALLED_APPS" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise ValueError(f"{settings}: no INSTALLED_APPS list")


def site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def app_catalogue(packages: Path, app: str, language: str, domain: str) -> Path:
    return packages.joinpath(*app.split("."), "locale", language, "LC_MESSAGES", f"{domain}.po")


def source_apps(apps: list[str], with_django: bool = False) -> list[str]:
    """The installed apps whose catalogues are checked: Wagtail's, and with_django also
    Django's own (django.conf: forms, validation, dates) and its installed contrib apps."""
    wagtail_apps = [a for a in apps if a == "wagtail" or a.startswith("wagtail.")]
    return wagtail_apps + (django_apps(apps) if with_django else [])


def django_apps(apps: list[str]) -> list[str]:
    return ["django.conf"] + [a for a in apps if a.startswith("django.")]


def find_missing(
    domain: str, packages: Path, project_locale: Path, apps: list[str], with_django=False
):
    """Only the catalogues of installed apps are loaded at run time, so only they count."""
    wagtail_apps = source_apps(apps)
    known_vi: dict[tuple[str | None, str], Entry] = {}
    for app in wagtail_apps:
        known_vi.update(translations(app_catalogue(packages, app, "vi", domain)))
    django_vi: dict[tuple[str | None, str], Entry] = {}
    for app in django_apps(apps):
        django_vi.update(translations(app_catalogue(packages, app, "vi", domain)))
    project = translations(project_locale / "vi" / "LC_MESSAGES" / f"{domain}.po")

    rows = []  # (app, entry, covered_by_django, covered_by_project)
    seen: set[tuple[str | None, str]] = set()
    for app in source_apps(apps, with_django):
        po = app_catalogue(packages, app, "en", domain)
        if not po.exists():
            continue
        for entry in read_po(po):
            if not entry.msgid or entry.key in known_vi or entry.key in seen:
                continue
            if app.startswith("django.") and entry.key in django_vi:
                continue
            seen.add(entry.key)
            rows.append((app, entry, entry.key in django_vi, entry.key in project))
    return rows


PYTHON_FORMAT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")
BRACE_FORMAT = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^}]*)?\}(?!\})")


def placeholders(text: str, flags: set[str]) -> list[str]:
    """The format placeholders a translation has to keep, sorted (order may change)."""
    if "python-brace-format" in flags:
        return sorted(BRACE_FORMAT.findall(text))
    if flags & {"python-format", "javascript-format"}:
        found = [f"{name}:{kind}" for name, kind in PYTHON_FORMAT.findall(text) if kind != "%"]
        named = sorted({f for f in found if not f.startswith(":")})
        return named + [f for f in found if f.startswith(":")]
    return []


def format_problems(entry: Entry, flags: set[str]) -> list[str]:
    """Placeholders of each msgstr that differ from those of its msgid (msgid_plural for the
    plural forms: Vietnamese has a single form, used for every count)."""
    problems = []
    source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
    want = placeholders(source, flags)
    for index, text in entry.msgstr.items():
        got = placeholders(text, flags)
        if got != want:
            problems.append(f"msgstr[{index}] has {got}, msgid has {want}")
    return problems


def po_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    pieces = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in pieces)


def skeleton(rows) -> str:
    out = []
    for app, entry, _django, _project in rows:
        out.append(f"#. {app}")
        flags = sorted(entry.flags - {"fuzzy"})
        if flags:
            out.append("#, " + ", ".join(flags))
        if entry.msgctxt is not None:
            out.append(f"msgctxt {po_quote(entry.msgctxt)}")
        out.append(f"msgid {po_quote(entry.msgid)}")
        if entry.msgid_plural is not None:
            out.append(f"msgid_plural {po_quote(entry.msgid_plural)}")
            out.append('msgstr[0] ""')
        else:
            out.append('msgstr ""')
        out.append("")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domain", choices=["django", "djangojs"], default="django")
    parser.add_argument("--app", action="append", help="only these apps, e.g. wagtail.admin")
    parser.add_argument("--site-packages", type=Path, default=None)
    parser.add_argument("--project-locale", type=Path, default=PROJECT_LOCALE)
    parser.add_argument(
        "--installed",
        action="append",
        help="installed apps (default: INSTALLED_APPS from parcomms/settings/base.py)",
    )
    parser.add_argument(
        "--with-django",
        action="store_true",
        help="also Django's own catalogues (forms, validation, dates) and installed contrib apps",
    )
    parser.add_argument(
        "--all", action="store_true", help="include what Django or the project already covers"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="one msgid per line")
    mode.add_argument("--po", action="store_true", help="PO skeleton of the missing entries")
    args = parser.parse_args(argv)

    packages = args.site_packages or site_packages()
    apps = args.installed or installed_apps()
    rows = find_missing(args.domain, packages, args.project_locale, apps, args.with_django)
    if args.app:
        rows = [r for r in rows if r[0] in args.app]
    todo = rows if args.all else [r for r in rows if not r[2] and not r[3]]

    if args.po:
        sys.stdout.write(skeleton(todo))
        return 0
    if args.list:
        for app, entry, _django, _project in todo:
            ctx = f"[{entry.msgctxt}] " if entry.msgctxt else ""
            print(f"{app}\t{ctx}{entry.msgid!r}")
        return 0

    print(f"{'app':<40} {'missing':>8} {'django':>7} {'project':>8} {'left':>6}")
    apps = sorted({r[0] for r in rows})
    for app in apps:
        mine = [r for r in rows if r[0] == app]
        print(
            f"{app:<40} {len(mine):>8} {sum(r[2] for r in mine):>7} "
            f"{sum(r[3] for r in mine):>8} {sum(not r[2] and not r[3] for r in mine):>6}"
        )
    left = sum(not r[2] and not r[3] for r in rows)
    print(
        f"{'total':<40} {len(rows):>8} {sum(r[2] for r in rows):>7} "
        f"{sum(r[3] for r in rows):>8} {left:>6}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
