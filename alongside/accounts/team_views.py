"""Team pages: organisation admins (and national admins) invite people, change roles and remove
members; the invitee accepts from the emailed link. Rules live in ``accounts.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alongside.accounts import access_log, queries, services
from alongside.accounts.forms import AcceptInvitationForm, InvitationForm, RolesForm
from alongside.accounts.models import Organisation, Role, User
from alongside.accounts.permissions import staff_required

ADMINS = (Role.ORG_ADMIN, Role.NATIONAL_ADMIN)
INVITATIONS_ON_TEAM_PAGE = 10


def _chosen_organisation(request) -> Organisation | None:
    """The organisation picked with ``?organisation=<slug>``, if the user manages it."""
    slug = request.GET.get("organisation", "")
    if not slug:
        return None
    return get_object_or_404(queries.administered_organisations(request.user), slug=slug)


def _managed(request, slug: str) -> Organisation:
    return get_object_or_404(queries.administered_organisations(request.user), slug=slug)


def _team_url(organisation: Organisation | None) -> str:
    url = reverse("accounts:team")
    return f"{url}?organisation={organisation.slug}" if organisation else url


@staff_required(*ADMINS)
def team_list(request: HttpRequest) -> HttpResponse:
    organisation = _chosen_organisation(request)
    page, rows = queries.team_page(request.user, organisation=organisation, number=request.GET.get("page"))
    invitations = queries.open_invitations(request.user, organisation=organisation)
    context = {
        "organisation": organisation,
        "page": page,
        "rows": rows,
        "invitations": invitations[:INVITATIONS_ON_TEAM_PAGE],
    }
    return render(request, "accounts/team_list.html", context)


@staff_required(*ADMINS)
def team_member(request: HttpRequest, organisation: str, user_pk: int) -> HttpResponse:
    team = _managed(request, organisation)
    row = queries.team_member(request.user, team, user_pk)
    if row is None:
        raise Http404
    form = RolesForm(
        request.POST or None, roles=services.grantable_roles(request.user), initial={"roles": row.roles}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_roles(team, row.user, form.cleaned_data["roles"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Roles saved. The change works from %(name)s's next page.") % {"name": row.user}
            )
            return redirect("accounts:team_member", organisation=team.slug, user_pk=row.user.pk)
    access_log.record_view(request, row.user, organisation=team, purpose="team administration")
    changes = queries.team_changes(request.user, organisation=team).filter(member=row.user)[:10]
    return render(request, "accounts/team_member.html", {"row": row, "form": form, "changes": changes})


@staff_required(*ADMINS)
def team_remove(request: HttpRequest, organisation: str, user_pk: int) -> HttpResponse:
    team = _managed(request, organisation)
    row = queries.team_member(request.user, team, user_pk)
    if row is None:
        raise Http404
    problem = ""
    if request.method == "POST":
        try:
            services.remove_member(team, row.user, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(name)s has been removed from the team at %(organisation)s.")
                % {"name": row.user, "organisation": team.name},
            )
            # Someone who left the team can no longer open its pages.
            return redirect("accounts:home" if row.user.pk == request.user.pk else _team_url(team))
    return render(request, "accounts/team_remove.html", {"row": row, "problem": problem})


@staff_required(*ADMINS)
def team_invite(request: HttpRequest) -> HttpResponse:
    organisations = queries.administered_organisations(request.user)
    chosen = _chosen_organisation(request)
    initial = {"organisation": chosen, "roles": [r for r in request.GET.getlist("role") if r in Role.values]}
    form = InvitationForm(
        request.POST or None,
        organisations=organisations,
        roles=services.grantable_roles(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite(
                data["organisation"],
                email=data["email"],
                roles=data["roles"],
                full_name=data["full_name"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for %(days)s days.")
                % {"email": invitation.email, "days": invitation.INVITE_DAYS},
            )
            return redirect(_team_url(invitation.organisation))
    return render(request, "accounts/team_invite.html", {"form": form, "organisation": chosen})


def _paged_for_organisation(request, rows_for, template: str) -> HttpResponse:
    """A paginated list for the team pages, narrowed to ``?organisation=<slug>`` when given."""
    organisation = _chosen_organisation(request)
    rows = rows_for(request.user, organisation=organisation)
    page = Paginator(rows, queries.TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "organisation": organisation})


@staff_required(*ADMINS)
def team_invitations(request: HttpRequest) -> HttpResponse:
    return _paged_for_organisation(request, queries.open_invitations, "accounts/team_invitations.html")


@staff_required(*ADMINS)
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(queries.open_invitations(request.user), pk=pk)
    services.resend_invitation(invitation, by=request.user)
    messages.success(
        request,
        _("A new invitation has been sent to %(email)s. The link sent before no longer works.")
        % {"email": invitation.email},
    )
    return redirect(_team_url(invitation.organisation))


@staff_required(*ADMINS)
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(queries.open_invitations(request.user), pk=pk)
    if request.method == "POST":
        services.cancel_invitation(invitation, by=request.user)
        messages.success(
            request,
            _("The invitation to %(email)s has been cancelled. Its link no longer works.")
            % {"email": invitation.email},
        )
        return redirect(_team_url(invitation.organisation))
    return render(request, "accounts/invitation_cancel.html", {"invitation": invitation})


@staff_required(*ADMINS)
def team_changes(request: HttpRequest) -> HttpResponse:
    return _paged_for_organisation(request, queries.team_changes, "accounts/team_changes.html")


# --- The invitee ---------------------------------------------------------------------------------


@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. Opening it changes nothing (mail scanners open links); accepting is a POST."""
    invitation = queries.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    signed_in = request.user if request.user.is_authenticated else None
    context = {"invitation": invitation}
    if signed_in is not None and signed_in.email != invitation.email:
        return render(request, "accounts/invitation_other_account.html", context, status=403)
    if services.needs_password(invitation.email):
        return _accept_with_password(request, invitation, signed_in, context)
    if request.method == "POST" and signed_in is not None:
        services.accept_invitation(invitation, signed_in=signed_in)
        messages.success(request, _("You have joined the team at %(organisation)s.") % _names(invitation))
        return redirect("accounts:staff_home")
    return render(request, "accounts/invitation_accept.html", {**context, "signed_in": signed_in})


def _names(invitation) -> dict:
    return {"organisation": invitation.organisation.name}


def _accept_with_password(request, invitation, signed_in, context) -> HttpResponse:
    candidate = User(email=invitation.email, full_name=invitation.full_name)
    form = AcceptInvitationForm(candidate, request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        services.accept_invitation(
            invitation,
            signed_in=signed_in,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["new_password1"],
        )
        if signed_in is not None:
            # A public sign-in by emailed code is not enough for staff pages: start again with the password.
            logout(request)
        messages.success(
            request,
            _(
                "You have joined the team at %(organisation)s. Sign in with your email address and your new "
                "password. You will then set up an authenticator app."
            )
            % _names(invitation),
        )
        return redirect("account_login")
    return render(request, "accounts/invitation_accept.html", {**context, "form": form})
