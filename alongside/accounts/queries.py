"""Read-side selectors for accounts: memberships, teams, invitations, team changes, organisations."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import Membership, Organisation, Role, TeamChange, TeamInvitation, User
from alongside.accounts.permissions import is_national_admin, organisation_ids, scope

TEAM_PAGE_SIZE = 50
INVITATION_SALT = "accounts.team-invitation"


def memberships_for_display(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, ended_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def administered_organisations(user) -> QuerySet[Organisation]:
    """Organisations whose team the user manages: their own as organisation admin; all for national admins."""
    return scope(user, Organisation.objects.all(), org_field="pk", roles={Role.ORG_ADMIN})


def member_roles(organisation: Organisation, user) -> list[str]:
    """The person's live roles in ``organisation``, in the order of ``Role``."""
    held = set(
        Membership.objects.filter(organisation=organisation, user=user, ended_at__isnull=True).values_list(
            "role", flat=True
        )
    )
    return [role for role in Role.values if role in held]


# --- The team ------------------------------------------------------------------------------------


@dataclass
class TeamRow:
    """One person in one organisation's team, with every role they hold there."""

    organisation: Organisation
    user: User
    roles: list[str] = field(default_factory=list)
    since: object = None

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in Role.values if r in self.roles]


def _live_memberships(user, organisation: Organisation | None) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(
        ended_at__isnull=True, organisation__in=administered_organisations(user)
    )
    return memberships.filter(organisation=organisation) if organisation is not None else memberships


def team_page(user, *, organisation: Organisation | None = None, number=1) -> tuple[Page, list[TeamRow]]:
    """A page of people (one row per person and organisation) in the teams the user manages.

    Pages are over distinct (organisation, person) pairs, so a person's roles never split across
    two pages; three queries whatever the size of the team.
    """
    pairs = (
        _live_memberships(user, organisation)
        .values("organisation_id", "user_id")
        .distinct()
        .order_by("organisation__name", "organisation_id", "user__full_name", "user__email", "user_id")
    )
    page = Paginator(pairs, TEAM_PAGE_SIZE).get_page(number)
    wanted = [(p["organisation_id"], p["user_id"]) for p in page.object_list]
    rows = dict.fromkeys(wanted)
    memberships = Membership.objects.filter(
        ended_at__isnull=True,
        organisation_id__in={o for o, _ in wanted},
        user_id__in={u for _, u in wanted},
    ).select_related("organisation", "user")
    for membership in memberships:
        key = (membership.organisation_id, membership.user_id)
        if key not in rows:
            continue
        row = rows[key] or TeamRow(membership.organisation, membership.user, since=membership.created_at)
        row.roles.append(membership.role)
        row.since = min(row.since, membership.created_at)
        rows[key] = row
    return page, [row for row in rows.values() if row is not None]


def team_member(user, organisation: Organisation, member_pk: int) -> TeamRow | None:
    """One person's place in a team the user manages, or None."""
    memberships = list(_live_memberships(user, organisation).filter(user_id=member_pk).select_related("user"))
    if not memberships:
        return None
    row = TeamRow(organisation, memberships[0].user, since=min(m.created_at for m in memberships))
    row.roles = [m.role for m in memberships]
    return row


def open_invitations(user, *, organisation: Organisation | None = None) -> QuerySet[TeamInvitation]:
    invitations = TeamInvitation.objects.filter(
        accepted_at__isnull=True, cancelled_at__isnull=True, organisation__in=administered_organisations(user)
    ).select_related("organisation", "invited_by")
    return invitations.filter(organisation=organisation) if organisation is not None else invitations


def count_admins(organisation: Organisation) -> int:
    return Membership.objects.filter(
        organisation=organisation, role=Role.ORG_ADMIN, ended_at__isnull=True
    ).count()


# --- Invitation links ----------------------------------------------------------------------------


def new_nonce() -> tuple[str, str]:
    """A fresh random value for an invitation link (256 bits) and the hash that is stored."""
    nonce = secrets.token_urlsafe(32)
    return nonce, hash_nonce(nonce)


def hash_nonce(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def invitation_token(invitation: TeamInvitation, nonce: str) -> str:
    return signing.dumps([invitation.pk, nonce], salt=INVITATION_SALT, compress=False)


def invitation_for_token(token: str) -> TeamInvitation | None:
    """The open, unexpired invitation the link belongs to, or None for any link that must not work:
    tampered, from an older sending, used, cancelled, or past its time."""
    try:
        pk, nonce = signing.loads(token, salt=INVITATION_SALT, max_age=TeamInvitation.INVITE_DAYS * 86400)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    invitation = (
        TeamInvitation.objects.select_related("organisation", "invited_by").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if invitation is None or not isinstance(nonce, str):
        return None
    if not secrets.compare_digest(invitation.nonce_hash, hash_nonce(nonce)):
        return None
    if not invitation.is_open or invitation.expires_at <= timezone.now():
        return None
    return invitation


# --- The audit of team changes -------------------------------------------------------------------


def team_changes(user, *, organisation: Organisation | None = None) -> QuerySet[TeamChange]:
    """Organisation admins see their organisations' changes; national admins see every change."""
    changes = TeamChange.objects.select_related("actor", "member")
    if organisation is not None:
        changes = changes.filter(organisation_ref=organisation.pk)
    if is_national_admin(user):
        return changes
    return changes.filter(organisation_ref__in=organisation_ids(user, {Role.ORG_ADMIN}))


# --- Organisations (national admins) -------------------------------------------------------------


def organisation_list(text: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.annotate(
        team_size=Count("memberships__user", filter=Q(memberships__ended_at__isnull=True), distinct=True)
    ).order_by("name")
    text = text.strip()
    if text:
        organisations = organisations.filter(Q(name__icontains=text) | Q(slug__icontains=text))
    return organisations


def records_held(organisation: Organisation) -> list[tuple[str, int]]:
    """What the organisation holds, from any app: (kind of record, how many), largest first.

    Ended memberships and finished invitations are its team's history, not records it holds; the
    audit of team changes keeps that history after the organisation is gone.
    """
    held = []
    for relation in Organisation._meta.get_fields(include_hidden=True):
        if not (
            relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)
        ):
            continue
        model = relation.related_model
        rows = model._base_manager.filter(**{relation.field.name: organisation})
        if model is Membership:
            rows = rows.filter(ended_at__isnull=True)
        elif model is TeamInvitation:
            rows = rows.filter(accepted_at__isnull=True, cancelled_at__isnull=True)
        count = rows.count()
        if count:
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            held.append((str(name), count))
    return sorted(held, key=lambda item: (-item[1], item[0]))
