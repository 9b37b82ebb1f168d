"""Background work: telling matching people about a newly published opportunity."""

from __future__ import annotations

from django_tasks import task

from alongside.opportunities import services
from alongside.opportunities.models import Opportunity


@task()
def notify_matches(opportunity_id: int) -> int:
    """Safe to run twice: each person is told at most once per opportunity (MatchNotice)."""
    opportunity = Opportunity.objects.filter(pk=opportunity_id, status=Opportunity.Status.PUBLISHED).first()
    if opportunity is None:
        return 0
    return services.notify_matches(opportunity)
