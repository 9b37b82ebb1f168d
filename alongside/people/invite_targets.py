"""What a researcher can invite people from a registry search to.

The registry search lives in ``people``; opportunities live in a later app, which ``people``
may not import. So later apps register a *provider* here (in their ``AppConfig.ready``), and
the search offers whatever the providers give the signed-in user. ``people`` itself provides
the personal invitation: a message passed on by Alongside, answered on the person's account page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

PERSONAL = "personal"


class InviteTarget(Protocol):
    key: str  # stable, e.g. "personal" or "opportunity:12"
    label: str
    needs_message: bool

    def eligible(self, contributor_ids: QuerySet) -> QuerySet:
        """The contributors among ``contributor_ids`` who may still be invited to this."""

    def send(self, *, user, contributors: list, message: str) -> str:
        """Invite them; returns the address to go to afterwards."""


Provider = Callable[[object], Iterable[InviteTarget]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def targets_for(user) -> list[InviteTarget]:
    targets: list[InviteTarget] = [PersonalInvitation(user)]
    for provider in _providers:
        targets.extend(provider(user))
    return targets


def target_for(user, key: str) -> InviteTarget | None:
    return next((t for t in targets_for(user) if t.key == key), None)


class PersonalInvitation:
    key = PERSONAL
    needs_message = True

    def __init__(self, user):
        self.user = user

    @property
    def label(self) -> str:
        return str(_("A personal invitation with your own message"))

    def eligible(self, contributor_ids: QuerySet) -> QuerySet:
        from alongside.people.models import Contributor, Invitation

        waiting = Invitation.objects.filter(researcher=self.user, status=Invitation.Status.SENT)
        return Contributor.objects.filter(pk__in=contributor_ids).exclude(
            pk__in=waiting.values("contributor_id")
        )

    def send(self, *, user, contributors: list, message: str) -> str:
        from django.urls import reverse

        from alongside.people import services

        organisation = inviting_organisation(user)
        for contributor in contributors:
            services.send_invitation(
                researcher=user, organisation=organisation, contributor=contributor, message=message
            )
        return reverse("people:sent_invitations")


def inviting_organisation(user):
    """The organisation an invitation is sent on behalf of: the user's first that may search."""
    from alongside.accounts.models import Organisation, Role
    from alongside.accounts.permissions import organisation_ids

    roles = {Role.RESEARCHER, Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN, Role.NATIONAL_ADMIN}
    return Organisation.objects.get(pk=min(organisation_ids(user, roles)))
