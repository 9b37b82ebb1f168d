"""Background work: theme suggestions for questions with many written answers."""

from __future__ import annotations

from django_tasks import task

from alongside.engagement import themes


@task()
def suggest_themes(run_id: int) -> str:
    """Safe to run twice: a run is worked out only while it waits (themes.compute_suggestions)."""
    run = themes.compute_suggestions(run_id)
    return run.status if run else "nothing to do"
