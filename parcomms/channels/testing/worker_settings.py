"""Settings for a real `manage.py db_worker` started by the tests (test_worker_kill.py):
the test settings, with the database task backend instead of the immediate one.
DATABASE_URL, ZALO_* and CHANNELS_* come from the environment the test passes."""

from parcomms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
