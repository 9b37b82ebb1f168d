"""Background work: theme suggestions for questions with many written answers."""

from __future__ import annotations

from django_tasks import task

from alongside.engagement import themes


@task()
def suggest_themes(run_id: int) -> str:
    """Safe to run twice: a run is worked out only while it waits (themes.compute_suggestions)."""
    run = themes.compute_suggestions(run_id)
    return run.status if run else "nothing to do"


# --- Events and breakout groups ---


@task()
def send_event_reminders(event_id: int | None = None) -> int:
    """Remind people with a place (one event, or every event starting within two days).

    Safe to run twice: each registration gets one reminder (a unique EventNotice per registration).
    """
    from alongside.engagement import events
    from alongside.engagement.models import Event

    chosen = Event.objects.filter(pk=event_id) if event_id else events.due_for_reminders()
    return sum(events.send_reminders(event) for event in chosen)
