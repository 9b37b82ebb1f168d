"""Inviting people from the registry search to an opportunity.

The search (in ``people``) offers these as invitation targets; the opportunity's "Invite people"
page leads to a search set up from the opportunity.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.permissions import scope
from alongside.opportunities.models import Format, Opportunity
from alongside.people.models import Contributor

WRITERS = (Role.RESEARCHER, Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
MOST_TARGETS = 50
_MODES = {Format.ONLINE: "online", Format.PHONE: "phone", Format.IN_PERSON: "in_person"}


def key_for(opportunity: Opportunity) -> str:
    return f"opportunity:{opportunity.pk}"


class OpportunityInvitation:
    """Tell people about an open opportunity, through their own channel, at most once each."""

    needs_message = False

    def __init__(self, opportunity: Opportunity):
        self.opportunity = opportunity
        self.key = key_for(opportunity)

    @property
    def label(self) -> str:
        return _("Opportunity: %(title)s") % {"title": self.opportunity.title}

    def eligible(self, contributor_ids: QuerySet) -> QuerySet:
        # Only people who can be told: they agreed to be contacted, were not told already, did not apply.
        return (
            Contributor.objects.filter(pk__in=contributor_ids, consent_contact=True)
            .exclude(match_notices__opportunity=self.opportunity)
            .exclude(applications__opportunity=self.opportunity)
        )

    def send(self, *, user, contributors: list, message: str) -> str:
        from alongside.opportunities import services

        services.invite(self.opportunity, contributors, by=user)
        return reverse("opportunities:staff_detail", args=[self.opportunity.pk])


def open_for_invitations(user) -> QuerySet[Opportunity]:
    today = timezone.localdate()
    return (
        scope(user, Opportunity.objects.all(), roles=WRITERS, national_reads_all=False)
        .filter(status=Opportunity.Status.PUBLISHED)
        .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today))
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .order_by("title", "pk")
    )


def targets(user) -> list[OpportunityInvitation]:
    """The provider registered with ``people.invite_targets``."""
    return [OpportunityInvitation(o) for o in open_for_invitations(user)[:MOST_TARGETS]]


def search_preset(opportunity: Opportunity) -> dict[str, list[str] | str]:
    """Registry search filters that follow what the opportunity asks for."""
    params: dict[str, list[str] | str] = {"for": key_for(opportunity)}
    topics = [str(pk) for pk in opportunity.topics.values_list("pk", flat=True)]
    if topics:
        params["topics"] = topics
    if opportunity.format in _MODES:
        params["modes"] = [_MODES[opportunity.format]]
    if opportunity.region and opportunity.format in (Format.IN_PERSON, Format.HYBRID):
        params["regions"] = [opportunity.region]
    if opportunity.support_offered:
        params["limit_support"] = "on"
        params["support_offered"] = list(opportunity.support_offered)
    return params
