"""Benchmark: the public news site with 100,000 generated articles, on SQLite and PostgreSQL.

Run (one command; both databases, 100,000 articles, 50 timed requests per page):

    .venv/bin/python bench/news_site.py

Options: --backend sqlite|postgres (default both), --articles N, --requests N, --fresh (rebuild
the data even when the throwaway database already holds it), --pg-url URL (the server's
maintenance database, default postgres://postgres@127.0.0.1:5432/postgres).

Throwaway databases: the SQLite file var/bench/news_site.sqlite3 and the PostgreSQL database
`parcomms_bench` (created, and dropped with --fresh, by this script). Articles are inserted in
bulk: page rows with their tree paths computed here (no treebeard add_child per page), then
the article rows and tags; the search index fills through its triggers as in production.
Each page is requested through Django's test client (no network): median and p95 latency
over N requests after a warm-up, and the number of SQL statements of one request. Not part of
`make test`.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_PATH = ROOT / "var" / "bench" / "news_site.sqlite3"
PG_DATABASE = "parcomms_bench"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
REFERENCE = ROOT / "examples" / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
ORGANISATIONS = [
    ("vpub", "Văn phòng UBND tỉnh Ninh Thuận (dữ liệu thử tải)", "VPUB"),
    ("snv", "Sở Nội vụ tỉnh Ninh Thuận (dữ liệu thử tải)", "SNV"),
    ("stp", "Sở Tư pháp tỉnh Ninh Thuận (dữ liệu thử tải)", "STP"),
]
SHARES = [0.6, 0.25, 0.15]  # of the articles, per organisation
UNITS_PER_ORG = 8
STAFF_PER_UNIT = 6
HIDDEN_SHARE = 0.03  # drafts and expired pages, which every public query must skip
BATCH = 2000


# --- orchestration (no Django in this process) ---------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--pg-url", default=DEFAULT_PG)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    results = {}
    for backend in args.backend or ["sqlite", "postgres"]:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="parcomms.settings.test")
        env["DATABASE_URL"] = database_url(backend, args.pg_url)
        if backend == "postgres":
            prepare_postgres(args.pg_url, fresh=args.fresh)
        elif args.fresh and SQLITE_PATH.exists():
            SQLITE_PATH.unlink()
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, __file__, "--worker", backend, "--articles", str(args.articles),
               "--requests", str(args.requests)]  # fmt: skip
        print(f"[{backend}] {env['DATABASE_URL']}", flush=True)
        out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
        results[backend] = json.loads(out.strip().splitlines()[-1])
    print_table(results, args)


def database_url(backend, pg_url):
    if backend == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    return pg_url.rsplit("/", 1)[0] + "/" + PG_DATABASE


def prepare_postgres(pg_url, *, fresh):
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
        ).fetchone()
        if exists and fresh:
            conn.execute(f"DROP DATABASE {PG_DATABASE} WITH (FORCE)")
            exists = None
        if not exists:
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def print_table(results, args):
    backends = list(results)
    names = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
    print()
    print(f"Public news site, {args.articles:,} articles, {args.requests} requests per page "
          "(Django test client, one process)")  # fmt: skip
    for backend in backends:
        r = results[backend]
        print(f"  {names[backend]}: {r['articles']:,} articles ({r['visible']:,} public), "
              f"generated in {r['generate_s']:.1f} s, {r['engine']}")  # fmt: skip
    head = f"{'page':<38}" + "".join(
        f" | {names[b] + ' median':>17} {'p95':>8} {'queries':>7}" for b in backends
    )
    print(head)
    print("-" * len(head))
    for label in results[backends[0]]["pages"]:
        row = f"{label:<38}"
        for b in backends:
            p = results[b]["pages"][label]
            row += f" | {p['median_ms']:>14.1f} ms {p['p95_ms']:>5.1f} ms {p['queries']:>7}"
        print(row)


# --- the worker: one database, Django set up --------------------------------------------------


def worker(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    log = lambda msg: print(f"[{args.worker}] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    call_command("migrate", verbosity=0)
    from parcomms.content.models import ArticlePage

    start = time.perf_counter()
    have = ArticlePage.objects.count()
    if have < args.articles:
        log(f"generating {args.articles - have:,} articles (have {have:,})")
        generate(args.articles - have, log)
    generate_s = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pages = measure(args.requests, log)
    from parcomms.content.public import visible_articles

    print(json.dumps({
        "articles": ArticlePage.objects.count(),
        "visible": visible_articles().count(),
        "generate_s": generate_s,
        "engine": engine_version(connection),
        "pages": pages,
    }))  # fmt: skip


def engine_version(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


def plan_texts():
    from parcomms.plans.parsing import parse_plan

    parsed = parse_plan(REFERENCE.read_bytes(), REFERENCE.name)
    by_label = {t.label: " ".join([t.title, *t.items]).split() for t in parsed.topics}
    general = " ".join([*parsed.objectives, *parsed.requirements, *parsed.audiences]).split()
    return parsed, by_label, general


def window(words, rng, lo, hi):
    n = rng.randint(lo, hi)
    start = rng.randrange(max(1, len(words) - n))
    return " ".join(words[start : start + n]).strip(" ,;:.")


def setup_organisations():
    """Three organisations with units, staff and the reference plan (normal services)."""
    from django.contrib.auth import get_user_model

    from parcomms.content.services import ensure_news_index
    from parcomms.org.models import Organisation, Staff, Unit
    from parcomms.plans.services import save_parsed_plan

    parsed, _, _ = plan_texts()
    User = get_user_model()
    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_user(
        "bench-admin", password=None
    )
    result = []
    for slug, name, short in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "symbol": short}
        )
        units = list(Unit.objects.filter(organisation=org))
        for i in range(len(units), UNITS_PER_ORG):
            units.append(Unit.objects.create(organisation=org, name=f"Phòng chuyên môn số {i + 1}"))
        staff = list(Staff.objects.filter(organisation=org))
        if not staff:
            for unit in units:
                for j in range(STAFF_PER_UNIT):
                    user = User.objects.create_user(f"{slug}-{unit.pk}-{j}", password=None)
                    staff.append(Staff.objects.create(
                        user=user, organisation=org, unit=unit, full_name=f"Nguyễn Văn {unit.pk}{j}",
                        email=f"{slug}{unit.pk}{j}@bench.invalid",
                    ))  # fmt: skip
        plan = org.plans.first() or save_parsed_plan(parsed, organisation=org, acting_user=admin)
        result.append((org, ensure_news_index(org), units, staff, list(plan.topics.all())))
    return result


def generate(count, log):
    """Insert `count` articles in bulk: Page rows with computed tree paths, then the
    ArticlePage rows (every concrete field, so model additions are covered) and the tags."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from parcomms.content.models import ArticlePage
    from parcomms.legal.models import LegalDocument
    from parcomms.vn.text import fold

    rng = random.Random(2023)
    _, by_label, general = plan_texts()
    orgs = setup_organisations()
    documents = list(LegalDocument.objects.values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(ArticlePage)
    fields = [f for f in ArticlePage._meta.local_concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    insert = (
        f"INSERT INTO {ArticlePage._meta.db_table} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    topics_through = ArticlePage.topics.through
    authors_through = ArticlePage.authors.through
    documents_through = ArticlePage.documents.through
    start_date = timezone.make_aware(timezone.datetime(2019, 1, 1))
    span = (timezone.make_aware(timezone.datetime(2024, 12, 31)) - start_date).total_seconds()
    kinds = [k for k, _ in ArticlePage.Kind.choices]
    done = 0
    t0 = time.perf_counter()
    for (org, index, units, staff, topics), share in zip(orgs, SHARES, strict=True):
        n_org = round(count * share) if org != orgs[-1][0] else count - done
        index.refresh_from_db()
        next_step = index.numchild + 1
        for batch_start in range(0, n_org, BATCH):
            n = min(BATCH, n_org - batch_start)
            pages, extra = [], []
            for i in range(n):
                step = next_step + batch_start + i
                topic = rng.choice(topics)
                words = by_label.get(topic.label, general)
                title = window(words, rng, 8, 14)
                title = title[:1].upper() + title[1:]
                summary = window(words, rng, 20, 35) + "."
                paragraphs = [window(rng.choice([words, general]), rng, 35, 60) for _ in range(4)]
                body = "".join(f"<p>{p}.</p>" for p in paragraphs)
                published = start_date + timezone.timedelta(seconds=rng.random() * span)
                hidden = rng.random() < HIDDEN_SHARE
                slug = f"bai-{step}"
                pages.append(Page(
                    path=Page._get_path(index.path, index.depth + 1, step), depth=index.depth + 1,
                    numchild=0, translation_key=uuid.uuid4(), locale_id=index.locale_id,
                    live=not hidden, has_unpublished_changes=hidden,
                    first_published_at=None if hidden else published,
                    last_published_at=None if hidden else published,
                    title=title, draft_title=title, slug=slug, content_type=content_type,
                    url_path=f"{index.url_path}{slug}/", latest_revision_created_at=published,
                    expired=False, locked=False, show_in_menus=False, seo_title="",
                    search_description="",
                ))  # fmt: skip
                unit = rng.choice(units)
                extra.append({
                    "organisation": org.pk, "unit": unit.pk, "kind": rng.choice(kinds),
                    "summary": summary, "body": body, "channels": ["portal"],
                    "search_text": fold(f"{title} {summary} {' '.join(paragraphs)}"),
                    "topics": {topic.pk, rng.choice(topics).pk} if rng.random() < 0.3 else {topic.pk},
                    "authors": [rng.choice([s for s in staff if s.unit_id == unit.pk] or staff).pk],
                    "documents": rng.sample(documents, 1) if rng.random() < 0.2 else [],
                })  # fmt: skip
            with transaction.atomic():
                Page.objects.bulk_create(pages, batch_size=500)
                rows = []
                for page, values in zip(pages, extra, strict=True):
                    values["page_ptr"] = page.pk
                    rows.append([
                        f.get_db_prep_save(values[f.name] if f.name in values else f.get_default(),
                                           connection)
                        for f in fields
                    ])  # fmt: skip
                with connection.cursor() as cursor:
                    cursor.executemany(insert, rows)
                topics_through.objects.bulk_create(
                    [
                        topics_through(articlepage_id=p.pk, topic_id=t)
                        for p, v in zip(pages, extra, strict=True)
                        for t in v["topics"]
                    ]  # fmt: skip
                )
                authors_through.objects.bulk_create(
                    [
                        authors_through(articlepage_id=p.pk, staff_id=s)
                        for p, v in zip(pages, extra, strict=True)
                        for s in v["authors"]
                    ]  # fmt: skip
                )
                documents_through.objects.bulk_create(
                    [
                        documents_through(articlepage_id=p.pk, legaldocument_id=d)
                        for p, v in zip(pages, extra, strict=True)
                        for d in v["documents"]
                    ]  # fmt: skip
                )
            done += n
            if done % 10_000 < BATCH:
                log(f"{done:,} articles, {time.perf_counter() - t0:.0f} s")
        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + n_org)


def measure(requests, log):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from parcomms.content.public import ARCHIVE_CACHE_KEY, visible_articles

    client = Client(HTTP_HOST="localhost")
    sample = visible_articles().filter(organisation__slug="vpub").order_by("-pk").first()
    recent = visible_articles().order_by("-first_published_at").first().first_published_at
    pages = {
        "home /": "/",
        "content area /chu-de/vpub/c/": reverse("news:topic", args=["vpub", "c"]),
        "content area, page 20": reverse("news:topic", args=["vpub", "c"]) + "?trang=20",
        "search 'cai cach thu tuc'": reverse("news:search") + "?q=cai+cach+thu+tuc",
        "search 'cải cách thủ tục' (with marks)": reverse("news:search")
        + "?q=c%E1%BA%A3i+c%C3%A1ch+th%E1%BB%A7+t%E1%BB%A5c",
        "search 'chữ ký số'": reverse("news:search") + "?q=ch%E1%BB%AF+k%C3%BD+s%E1%BB%91",
        "search 'zalo'": reverse("news:search") + "?q=zalo",
        "feed /rss/": reverse("news:rss"),
        "feed /atom/": reverse("news:atom"),
        "area feed /chu-de/vpub/c/atom/": reverse("news:topic_atom", args=["vpub", "c"]),
        "article page": sample.url,
        "archive month": reverse("news:archive_month", args=[recent.year, recent.month]),
        "archive index /luu-tru/ (cached counts)": reverse("news:archive"),
        "archive index, counts recomputed": reverse("news:archive"),
    }
    results = {}
    for label, url in pages.items():

        def get(url=url, fresh="recomputed" in label):
            if fresh:
                cache.delete(ARCHIVE_CACHE_KEY)
            return client.get(url)

        for _ in range(3):
            response = get()
            assert response.status_code == 200, (label, url, response.status_code)
        statements = []

        def count(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            get()
        times = []
        for _ in range(requests):
            t = time.perf_counter()
            get()
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        results[label] = {
            "url": url,
            "median_ms": statistics.median(times),
            "p95_ms": times[max(0, round(len(times) * 0.95) - 1)],
            "queries": len(statements),
            "bytes": len(response.content),
        }
        log(f"{label}: median {results[label]['median_ms']:.1f} ms")
    return results


if __name__ == "__main__":
    main()
