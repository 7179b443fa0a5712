"""The public search index (SQLite FTS5 or PostgreSQL tsvector), kept in sync by triggers.

Runs only on SQLite and PostgreSQL; see parcomms/content/search.py.
"""

from django.db import migrations


def install(apps, schema_editor):
    from parcomms.content.search import install_search_index

    install_search_index(schema_editor.connection)


def drop(apps, schema_editor):
    from parcomms.content.search import drop_search_index

    drop_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(install, drop, elidable=False)]
