"""Teams and organisations: every change, with its rules, in a transaction, written to the audit.

Organisation admins manage their own organisation's team; national admins manage every team and
the list of organisations. Each change is recorded in ``TeamChange`` (append-only), and the people
concerned are told by email through outreach.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts import queries
from alongside.accounts.models import Membership, Organisation, Role, TeamChange, TeamInvitation, User
from alongside.accounts.permissions import is_national_admin, may_administer
from alongside.accounts.signals import staff_email_requested

# Roles an organisation admin may give. Only national admins give the national admin role.
TEAM_ROLES = (Role.RESEARCHER, Role.INVOLVEMENT_STAFF, Role.FINANCE, Role.ORG_ADMIN)


def grantable_roles(user) -> list[str]:
    return [*TEAM_ROLES, Role.NATIONAL_ADMIN] if is_national_admin(user) else list(TEAM_ROLES)


def _require_admin(user, organisation: Organisation) -> None:
    if not may_administer(user, organisation):
        raise PermissionDenied


def _require_national_admin(user) -> None:
    if not is_national_admin(user):
        raise PermissionDenied


def _ordered(roles: Iterable[str]) -> list[str]:
    wanted = set(roles)
    return [role for role in Role.values if role in wanted]


def _audit(
    action: str, *, by, organisation: Organisation, member=None, email: str = "", **extra
) -> TeamChange:
    return TeamChange.objects.create(
        action=action,
        actor=by,
        organisation_ref=organisation.pk,
        organisation_name=organisation.name,
        member=member,
        member_email=email or getattr(member, "email", ""),
        **extra,
    )


def _email(to: str, subject: str, template: str, context: dict) -> None:
    """Staff notices go through outreach, which sits above accounts: asked for by a signal."""
    body = render_to_string(template, {**context, "base_url": settings.BASE_URL})
    if not staff_email_requested.send(sender=TeamChange, to=to, subject=subject, body=body):
        raise ImproperlyConfigured("Nothing sends staff email: is alongside.outreach installed?")


# --- Invitations ---------------------------------------------------------------------------------


def _check_roles(roles: Iterable[str], by) -> list[str]:
    roles = _ordered(roles)
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    if not set(roles) <= set(grantable_roles(by)):
        raise PermissionDenied
    return roles


def _send_invitation(invitation: TeamInvitation, nonce: str) -> None:
    link = settings.BASE_URL + reverse(
        "accounts:invitation", kwargs={"token": queries.invitation_token(invitation, nonce)}
    )
    subject = _("You are invited to join %(organisation)s on Alongside") % {
        "organisation": invitation.organisation.name
    }
    context = {"invitation": invitation, "link": link, "days": TeamInvitation.INVITE_DAYS}
    _email(invitation.email, subject, "accounts/email/team_invitation.txt", context)


def _fresh_link(invitation: TeamInvitation) -> str:
    nonce, invitation.nonce_hash = queries.new_nonce()
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + datetime.timedelta(days=TeamInvitation.INVITE_DAYS)
    return nonce


@transaction.atomic
def invite(
    organisation: Organisation, *, email: str, roles: Iterable[str], by, full_name: str = ""
) -> TeamInvitation:
    """Invite someone into ``organisation``'s team. They choose a password from the emailed link."""
    _require_admin(by, organisation)
    roles = _check_roles(roles, by)
    email = email.strip().lower()
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if Membership.objects.filter(
        organisation=organisation, user__email=email, ended_at__isnull=True
    ).exists():
        raise ValidationError(
            {"email": _("This person is already in the team. Change their roles from the team page instead.")}
        )
    if TeamInvitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, cancelled_at__isnull=True
    ).exists():
        raise ValidationError(
            {
                "email": _(
                    "This person has already been invited. Send the invitation again from the team page."
                )
            }
        )
    invitation = TeamInvitation(
        organisation=organisation, email=email, full_name=full_name.strip(), roles=roles, invited_by=by
    )
    nonce = _fresh_link(invitation)
    invitation.save()
    _audit(TeamChange.Action.INVITED, by=by, organisation=organisation, email=email, roles_after=roles)
    _send_invitation(invitation, nonce)
    return invitation


def _locked_open_invitation(invitation: TeamInvitation) -> TeamInvitation:
    invitation = (
        TeamInvitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ValidationError(_("This invitation has already been accepted or cancelled."))
    return invitation


@transaction.atomic
def resend_invitation(invitation: TeamInvitation, *, by) -> TeamInvitation:
    """Send a new link, valid for another week. The link sent before stops working."""
    _require_admin(by, invitation.organisation)
    invitation = _locked_open_invitation(invitation)
    nonce = _fresh_link(invitation)
    invitation.save(update_fields=["nonce_hash", "sent_at", "expires_at"])
    _audit(
        TeamChange.Action.INVITATION_RESENT,
        by=by,
        organisation=invitation.organisation,
        email=invitation.email,
        roles_after=invitation.roles,
    )
    _send_invitation(invitation, nonce)
    return invitation


@transaction.atomic
def cancel_invitation(invitation: TeamInvitation, *, by) -> TeamInvitation:
    _require_admin(by, invitation.organisation)
    invitation = _locked_open_invitation(invitation)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    _audit(
        TeamChange.Action.INVITATION_CANCELLED,
        by=by,
        organisation=invitation.organisation,
        email=invitation.email,
        roles_before=invitation.roles,
    )
    return invitation


def needs_password(email: str) -> bool:
    """Whether accepting needs a new password: nobody has this email yet, or only a public
    contributor who signs in with emailed codes. Anyone else signs in first, as themselves."""
    user = User.objects.filter(email=email.strip().lower()).first()
    return user is None or not user.has_usable_password()


@transaction.atomic
def accept_invitation(
    invitation: TeamInvitation, *, signed_in=None, full_name: str = "", password: str | None = None
) -> User:
    """Join the team. The link proved the email address; a person who already has a password
    accepts while signed in as themselves. The new roles work from the person's next sign-in,
    which asks for the password and then for an authenticator app (``StaffSecondFactorMiddleware``)."""
    invitation = _locked_open_invitation(invitation)
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired. Ask for a new one."))
    if signed_in is not None and signed_in.email != invitation.email:
        raise PermissionDenied
    user = User.objects.select_for_update().filter(email=invitation.email).first()
    if password is None:
        if user is None or signed_in is None or signed_in.pk != user.pk:
            raise PermissionDenied
    elif user is not None and user.has_usable_password():
        raise PermissionDenied
    user = user or User.objects.create_user(email=invitation.email)
    _set_details(user, full_name or invitation.full_name, password)
    for role in invitation.roles:
        Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, role=role, ended_at=None
        )
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _audit(
        TeamChange.Action.JOINED,
        by=user,
        organisation=invitation.organisation,
        member=user,
        roles_after=invitation.roles,
    )
    return user


def _set_details(user: User, full_name: str, password: str | None) -> None:
    if full_name.strip():
        user.full_name = full_name.strip()
    if password is not None:
        user.set_password(password)
    user.save()
    # Opening the emailed link proved the address.
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


# --- Roles and removal ---------------------------------------------------------------------------


def _check_admins_remain(organisation: Organisation, member, before: list[str], after: list[str], by) -> None:
    """An organisation that has an organisation admin keeps one, and Alongside keeps a national admin."""
    if Role.ORG_ADMIN in before and Role.ORG_ADMIN not in after and queries.count_admins(organisation) <= 1:
        if member.pk == by.pk:
            raise ValidationError(
                _(
                    "You are the only organisation admin of %(organisation)s. Make someone else an "
                    "organisation admin before you give up this role."
                )
                % {"organisation": organisation.name}
            )
        raise ValidationError(
            _(
                "%(name)s is the only organisation admin of %(organisation)s. Make someone else an "
                "organisation admin first."
            )
            % {"name": member, "organisation": organisation.name}
        )
    if Role.NATIONAL_ADMIN in before and Role.NATIONAL_ADMIN not in after:
        others = Membership.objects.select_for_update().filter(
            role=Role.NATIONAL_ADMIN, ended_at__isnull=True
        )
        if not [m for m in others if m.user_id != member.pk]:
            raise ValidationError(
                _("Alongside needs at least one national admin. Make someone else a national admin first.")
            )


def _lock_team(organisation: Organisation, member) -> list[str]:
    # One change to a team at a time: two admins removing each other at once cannot leave none.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    return queries.member_roles(organisation, member)


def _tell_member(member, organisation: Organisation, roles: list[str]) -> None:
    subject = _("Your roles at %(organisation)s have changed") % {"organisation": organisation.name}
    context = {"member": member, "organisation": organisation, "roles": [Role(r).label for r in roles]}
    _email(member.email, subject, "accounts/email/team_roles_changed.txt", context)


@transaction.atomic
def change_roles(organisation: Organisation, member, roles: Iterable[str], *, by) -> list[str]:
    """Give ``member`` exactly ``roles`` in ``organisation``. Works from their next page."""
    _require_admin(by, organisation)
    before = _lock_team(organisation, member)
    if not before:
        raise ValidationError(_("This person is not in the team."))
    # Roles the admin may not give (a national admin role, seen by an organisation admin) stay as they are.
    grantable = set(grantable_roles(by))
    after = _ordered((set(roles) & grantable) | (set(before) - grantable))
    if not after:
        raise ValidationError(
            {"roles": _("Choose at least one role, or remove the person from the team instead.")}
        )
    if before == after:
        return after
    _check_admins_remain(organisation, member, before, after, by)
    _end(organisation, member, set(before) - set(after))
    for role in set(after) - set(before):
        Membership.objects.create(user=member, organisation=organisation, role=role)
    _audit(
        TeamChange.Action.ROLES_CHANGED,
        by=by,
        organisation=organisation,
        member=member,
        roles_before=before,
        roles_after=after,
    )
    _tell_member(member, organisation, after)
    return after


@transaction.atomic
def remove_member(organisation: Organisation, member, *, by) -> None:
    """End every role ``member`` holds in ``organisation``; staff pages refuse them from their next page."""
    _require_admin(by, organisation)
    before = _lock_team(organisation, member)
    if not before:
        raise ValidationError(_("This person is not in the team."))
    if not set(before) <= set(grantable_roles(by)):
        raise PermissionDenied
    _check_admins_remain(organisation, member, before, [], by)
    _end(organisation, member, set(before))
    _audit(TeamChange.Action.REMOVED, by=by, organisation=organisation, member=member, roles_before=before)
    _tell_member(member, organisation, [])


def _end(organisation: Organisation, member, roles: set[str]) -> None:
    Membership.objects.filter(
        organisation=organisation, user=member, role__in=roles, ended_at__isnull=True
    ).update(ended_at=timezone.now())


# --- Organisations (national admins) -------------------------------------------------------------

ORGANISATION_FIELDS = ("name", "slug", "type", "region")


@transaction.atomic
def create_organisation(*, by, **fields) -> Organisation:
    _require_national_admin(by)
    organisation = Organisation.objects.create(**{name: fields[name] for name in ORGANISATION_FIELDS})
    _audit(TeamChange.Action.ORGANISATION_CREATED, by=by, organisation=organisation)
    return organisation


@transaction.atomic
def update_organisation(organisation: Organisation, *, by, **fields) -> Organisation:
    _require_national_admin(by)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = [
        name for name in ORGANISATION_FIELDS if name in fields and getattr(organisation, name) != fields[name]
    ]
    if not changed:
        return organisation
    note = "; ".join(
        f"{name}: {getattr(organisation, name) or '-'} → {fields[name] or '-'}" for name in changed
    )
    for name in changed:
        setattr(organisation, name, fields[name])
    organisation.save(update_fields=changed)
    _audit(TeamChange.Action.ORGANISATION_CHANGED, by=by, organisation=organisation, note=note[:300])
    return organisation


def held_records_message(held: list[tuple[str, int]]) -> str:
    listed = ", ".join(f"{count} {name}" for name, count in held)
    return _(
        "This organisation holds records (%(records)s), so it cannot be deleted: deleting it would break "
        "the history of those records. Organisations are only deleted when they hold nothing, for example "
        "one made by mistake."
    ) % {"records": listed}


@transaction.atomic
def delete_organisation(organisation: Organisation, *, by) -> None:
    """Delete an organisation that holds nothing. Its audit trail stays."""
    _require_national_admin(by)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    held = queries.records_held(organisation)
    if held:
        raise ValidationError(held_records_message(held))
    _audit(TeamChange.Action.ORGANISATION_DELETED, by=by, organisation=organisation)
    organisation.delete()
