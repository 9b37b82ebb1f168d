"""Background work: telling matching people about a newly published opportunity; large draws."""

from __future__ import annotations

from django_tasks import task

from alongside.opportunities import selection, services
from alongside.opportunities.models import Opportunity


@task()
def notify_matches(opportunity_id: int) -> int:
    """Safe to run twice: each person is told at most once per opportunity (MatchNotice)."""
    opportunity = Opportunity.objects.filter(pk=opportunity_id, status=Opportunity.Status.PUBLISHED).first()
    if opportunity is None:
        return 0
    return services.notify_matches(opportunity)


@task()
def complete_draw(draw_id: int) -> str:
    """Safe to run twice: a draw is worked out only while it waits (see selection.complete_draw)."""
    draw = selection.complete_draw(draw_id)
    return draw.status if draw else "nothing to do"
