"""Full-text search of published articles that ignores diacritics and ranks exact matches first.

The index is a table of its own, kept in sync by database triggers on `content_articlepage`
(so bulk inserts, the task worker and raw SQL are all covered, not only Django signals):

- SQLite: an FTS5 table `content_article_fts(folded, plain)`; rowid = the page id.
- PostgreSQL: a table `content_article_search(page_id, folded tsvector, plain tsvector)` with
  GIN indexes, built with the 'simple' configuration (no stemming, no stop words).

`folded` is `ArticlePage.search_text` (title, summary and body folded by `vn.text.fold`:
lower case, no diacritics, đ → d), so "cai cach thu tuc" finds "cải cách thủ tục". `plain` is
the title and summary as written; the database lower-cases it but keeps the diacritics, so a
phrase query on it tells the exact matches, which rank first. Then relevance (bm25 on SQLite,
ts_rank on PostgreSQL), then the newest.

SQLite rebuilds a table on some schema changes and drops its triggers with it; the content
app's post_migrate handler calls `ensure_search_index`, which puts them back and refills the
index when they were missing.
"""

import re
from dataclasses import dataclass

from django.db import connections

from parcomms.vn.text import fold, nfc

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
_WORD_RE = re.compile(r"\w+")

SQLITE_TABLE = "content_article_fts"
POSTGRES_TABLE = "content_article_search"

# The exact column holds the title and summary as written; FTS5's unicode61 tokenizer folds
# case for every script but keeps the diacritics with remove_diacritics 0.
_SQLITE_ROW = (
    "SELECT a.page_ptr_id, a.search_text, p.title || ' ' || a.summary "
    "FROM content_articlepage a JOIN wagtailcore_page p ON p.id = a.page_ptr_id"
)
SQLITE_SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE}
        USING fts5(folded, plain, tokenize = 'unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER IF NOT EXISTS content_article_fts_insert
        AFTER INSERT ON content_articlepage BEGIN
            INSERT INTO {SQLITE_TABLE}(rowid, folded, plain)
            {_SQLITE_ROW} WHERE a.page_ptr_id = new.page_ptr_id;
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS content_article_fts_update
        AFTER UPDATE ON content_articlepage BEGIN
            DELETE FROM {SQLITE_TABLE} WHERE rowid = old.page_ptr_id;
            INSERT INTO {SQLITE_TABLE}(rowid, folded, plain)
            {_SQLITE_ROW} WHERE a.page_ptr_id = new.page_ptr_id;
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS content_article_fts_delete
        AFTER DELETE ON content_articlepage BEGIN
            DELETE FROM {SQLITE_TABLE} WHERE rowid = old.page_ptr_id;
        END""",
]
SQLITE_TRIGGERS = [
    "content_article_fts_insert",
    "content_article_fts_update",
    "content_article_fts_delete",
]
SQLITE_REBUILD = [
    f"DELETE FROM {SQLITE_TABLE}",
    f"INSERT INTO {SQLITE_TABLE}(rowid, folded, plain) {_SQLITE_ROW}",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    f"DROP TABLE IF EXISTS {SQLITE_TABLE}",
]

# Words are split on non-word characters before the 'simple' parser sees them, the way the
# query is split: the parser would otherwise keep "1894/qd-ubnd" as one token.
_PG_VECTORS = (
    "to_tsvector('simple', regexp_replace(a.search_text, '\\W+', ' ', 'g')), "
    "to_tsvector('simple', regexp_replace(p.title || ' ' || a.summary, '\\W+', ' ', 'g'))"
)
POSTGRES_SCHEMA = [
    f"""CREATE TABLE IF NOT EXISTS {POSTGRES_TABLE} (
        page_id bigint PRIMARY KEY,
        folded tsvector NOT NULL,
        plain tsvector NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS content_article_search_folded ON {POSTGRES_TABLE} USING gin (folded)",
    f"CREATE INDEX IF NOT EXISTS content_article_search_plain ON {POSTGRES_TABLE} USING gin (plain)",
    f"""CREATE OR REPLACE FUNCTION content_article_search_sync() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM {POSTGRES_TABLE} WHERE page_id = OLD.page_ptr_id;
                RETURN OLD;
            END IF;
            INSERT INTO {POSTGRES_TABLE} (page_id, folded, plain)
                SELECT a.page_ptr_id, {_PG_VECTORS}
                FROM content_articlepage a JOIN wagtailcore_page p ON p.id = a.page_ptr_id
                WHERE a.page_ptr_id = NEW.page_ptr_id
            ON CONFLICT (page_id) DO UPDATE
                SET folded = EXCLUDED.folded, plain = EXCLUDED.plain;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS content_article_search_sync ON content_articlepage",
    """CREATE TRIGGER content_article_search_sync
        AFTER INSERT OR UPDATE OR DELETE ON content_articlepage
        FOR EACH ROW EXECUTE FUNCTION content_article_search_sync()""",
]
POSTGRES_REBUILD = [
    f"TRUNCATE {POSTGRES_TABLE}",
    f"""INSERT INTO {POSTGRES_TABLE} (page_id, folded, plain)
        SELECT a.page_ptr_id, {_PG_VECTORS}
        FROM content_articlepage a JOIN wagtailcore_page p ON p.id = a.page_ptr_id""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS content_article_search_sync ON content_articlepage",
    "DROP FUNCTION IF EXISTS content_article_search_sync()",
    f"DROP TABLE IF EXISTS {POSTGRES_TABLE}",
]


def _run(connection, statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install_search_index(connection):
    """Create the index and its triggers (idempotent) and fill it from the articles."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_SCHEMA + SQLITE_REBUILD)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_SCHEMA + POSTGRES_REBUILD)


def drop_search_index(connection):
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_DROP)


def rebuild_search_index(connection):
    """Refill the index from the articles (after a bulk load that bypassed the triggers)."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_REBUILD)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_REBUILD)


def search_index_is_complete(connection) -> bool:
    """True when the index table and all of its triggers exist."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name IN "
                f"({', '.join(['%s'] * (len(SQLITE_TRIGGERS) + 1))})",
                [SQLITE_TABLE, *SQLITE_TRIGGERS],
            )
            return len(cursor.fetchall()) == len(SQLITE_TRIGGERS) + 1
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'content_article_search_sync' "
                "AND tgrelid = 'content_articlepage'::regclass"
            )
            has_trigger = cursor.fetchone()[0] == 1
            return has_trigger and POSTGRES_TABLE in connection.introspection.table_names(cursor)
    return True


def ensure_search_index(using="default", **kwargs):
    """post_migrate: restore the index and triggers if a table rebuild dropped them."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    tables = connection.introspection.table_names()
    if "content_articlepage" not in tables:
        return  # content is migrated backwards or not yet
    if not search_index_is_complete(connection):
        install_search_index(connection)


@dataclass(frozen=True)
class SearchQuery:
    """A visitor's query, split the way the index splits text."""

    text: str  # as typed (NFC, trimmed, length-capped)
    folded_terms: tuple[str, ...]  # what must all occur, diacritics ignored
    exact_terms: tuple[str, ...]  # lower-case NFC words: the phrase that ranks first

    @classmethod
    def parse(cls, raw: str | None) -> "SearchQuery":
        text = nfc(raw or "").strip()[:MAX_QUERY_LENGTH]
        return cls(
            text=text,
            folded_terms=tuple(_WORD_RE.findall(fold(text)))[:MAX_TERMS],
            exact_terms=tuple(_WORD_RE.findall(text.lower()))[:MAX_TERMS],
        )

    def __bool__(self):
        return bool(self.folded_terms)

    # The last word may be unfinished ("thu tu" while typing): it matches as a prefix.
    def fts5_match(self) -> str:
        words = [f'"{w}"' for w in self.folded_terms]
        words[-1] += "*"
        return "folded : (" + " AND ".join(words) + ")"

    def fts5_exact(self) -> str:
        return 'plain : "' + " ".join(self.exact_terms) + '"'

    def tsquery(self) -> str:
        words = [f"'{w}'" for w in self.folded_terms]
        words[-1] += ":*"
        return " & ".join(words)

    def phrase(self) -> str:
        return " ".join(self.exact_terms)


def search_articles(queryset, query: SearchQuery):
    """Filter `queryset` (ArticlePage) to the matches of `query`, best first.

    Adds `is_exact` (the phrase occurs, with its diacritics, in the title or summary) and
    `score` (higher is better) to each result.
    """
    if not query:
        return queryset.none()
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        return queryset.extra(
            tables=[SQLITE_TABLE],
            where=[f"{SQLITE_TABLE}.rowid = wagtailcore_page.id", f"{SQLITE_TABLE} MATCH %s"],
            params=[query.fts5_match()],
            select={
                "is_exact": f"{SQLITE_TABLE}.rowid IN (SELECT rowid FROM {SQLITE_TABLE}(%s))",
                "score": f"-bm25({SQLITE_TABLE})",
            },
            select_params=[query.fts5_exact()],
        ).order_by("-is_exact", "-score", "-first_published_at", "-pk")
    if vendor == "postgresql":
        return queryset.extra(
            tables=[POSTGRES_TABLE],
            where=[
                f"{POSTGRES_TABLE}.page_id = wagtailcore_page.id",
                f"{POSTGRES_TABLE}.folded @@ to_tsquery('simple', %s)",
            ],
            params=[query.tsquery()],
            select={
                "is_exact": f"{POSTGRES_TABLE}.plain @@ phraseto_tsquery('simple', %s)",
                "score": f"ts_rank({POSTGRES_TABLE}.folded, to_tsquery('simple', %s))",
            },
            select_params=[query.phrase(), query.tsquery()],
        ).order_by("-is_exact", "-score", "-first_published_at", "-pk")
    # Other databases: substring match on the folded text, no ranking beyond recency.
    for term in query.folded_terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset.order_by("-first_published_at", "-pk")


def highlight_spans(text: str, query: SearchQuery) -> list[tuple[str, bool]]:
    """Split `text` into (piece, is_match) where the pieces that match a query word, with or
    without diacritics, are marked. Pure: the template wraps the marked pieces in <mark>."""
    if not text or not query:
        return [(text, False)] if text else []
    terms = set(query.folded_terms)
    last = query.folded_terms[-1]
    pieces, pos = [], 0
    for m in _WORD_RE.finditer(text):
        word = fold(m.group())
        if word in terms or word.startswith(last):
            gap = text[pos : m.start()]
            if pieces and pieces[-1][1] and not gap.strip():
                # Neighbouring matches make one mark: "<mark>cải cách</mark>".
                pieces[-1] = (pieces[-1][0] + gap + m.group(), True)
            else:
                if gap:
                    pieces.append((gap, False))
                pieces.append((m.group(), True))
            pos = m.end()
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces
