"""WAGTAIL_FINISH_WORKFLOW_ACTION for articles. Wagtail imports this while it defines its own
models, so this module imports nothing from Django or Wagtail at the top."""


def publish_approved(workflow_state, user=None) -> None:
    """The last approval publishes the article (or schedules it when it has a go-live time).

    Nobody holds Wagtail's "publish" permission on articles; the check that matters already
    happened: the editor step's task let this user approve (see workflows.py).
    """
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
