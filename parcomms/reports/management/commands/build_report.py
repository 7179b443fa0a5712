"""build_report KIND --organisation SLUG|all --period 2023-Q2 --format docx|pdf|xlsx --output PATH

With `--organisation all` PATH is a folder and one file per organisation is written there,
with a progress bar on stderr."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parcomms.org.models import Organisation

from ... import registry, render
from ...periods import PeriodError, parse_period
from ...registry import BuildContext


def progress(done: int, total: int, label: str, width: int = 30) -> str:
    filled = round(width * done / total) if total else width
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:40]:<40}"


class Command(BaseCommand):
    help = "Lập báo cáo (DOCX, PDF hoặc XLSX) cho một hoặc mọi cơ quan."

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("--organisation", required=True, help="mã cơ quan hoặc all")
        parser.add_argument("--period", required=True, help="2023-Q2, 2023-H1 hoặc 2023")
        parser.add_argument("--format", default="docx", choices=render.FORMATS)
        parser.add_argument("--output", required=True)

    def handle(self, *args, kind, organisation, period, format, output, **options):
        try:
            builder = registry.get(kind)
            span = parse_period(period)
        except (registry.UnknownKind, PeriodError) as exc:
            raise CommandError(str(exc)) from None
        if organisation == "all":
            orgs = list(Organisation.objects.order_by("slug"))
            folder = Path(output)
            folder.mkdir(parents=True, exist_ok=True)
            targets = [(o, folder / f"{o.slug}-{kind}-{span.key}.{format}") for o in orgs]
        else:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"Không có cơ quan mã «{organisation}».")
            targets = [(org, Path(output))]
        show = organisation == "all"
        written = 0
        for i, (org, path) in enumerate(targets, 1):
            ctx = BuildContext(organisation=org, period=span, sections={})
            try:
                data = render.render(builder.build(ctx), format)
            except LookupError as exc:
                if not show:
                    raise CommandError(str(exc)) from None
                self.stderr.write(f"\n{org.slug}: {exc}")
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written += 1
            if show:
                sys.stderr.write(progress(i, len(targets), org.slug))
                sys.stderr.flush()
        if show:
            sys.stderr.write("\n")
        self.stdout.write(f"Đã lập {written}/{len(targets)} báo cáo.")
