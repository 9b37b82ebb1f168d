from __future__ import annotations

from allauth.account.internal.stagekit import get_pending_stage
from allauth.account.views import login as allauth_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alongside.accounts import access_log
from alongside.accounts.forms import AccountDetailsForm
from alongside.accounts.models import Role
from alongside.accounts.permissions import staff_required
from alongside.accounts.queries import memberships_for_display, team_members
from alongside.core.page_cache import anonymous_page
from alongside.core.redirects import safe_next

# allauth's sign-in page. To a visitor the server knows nothing about it is the same page but for
# the CSRF token, which the page cache puts back for each visitor; it stays never_cache for browsers.
sign_in_page = anonymous_page(allauth_login)


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    form = AccountDetailsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:home")
    return render(
        request,
        "accounts/home.html",
        {"form": form, "memberships": memberships_for_display(request.user)},
    )


@staff_required()
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/staff_home.html", {"memberships": memberships_for_display(request.user)})


@staff_required(Role.ORG_ADMIN, Role.NATIONAL_ADMIN)
def access_log_list(request: HttpRequest) -> HttpResponse:
    entries = access_log.visible_entries(request.user)
    subject = request.GET.get("subject", "").strip()
    if subject:
        entries = entries.filter(subject_id=subject)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page, "subject": subject})


@require_GET
def code_continue(request: HttpRequest) -> HttpResponse:
    """Opening an emailed sign-in link only shows a Continue button.

    Mail scanners fetch links before people do; a GET must never use up the code.
    """
    code = request.GET.get("code", "")[:32]
    pending = get_pending_stage(request) is not None
    return render(request, "accounts/code_continue.html", {"code": code, "pending": pending})


@staff_required(Role.ORG_ADMIN, Role.NATIONAL_ADMIN)
def team_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(team_members(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/team_list.html", {"page": page})


@staff_required(Role.ORG_ADMIN, Role.NATIONAL_ADMIN)
def team_member(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(team_members(request.user), pk=pk)
    access_log.record_view(
        request, membership.user, organisation=membership.organisation, purpose="team administration"
    )
    return render(request, "accounts/team_member.html", {"membership": membership})


@login_required
@require_POST
def stay_signed_in(request: HttpRequest) -> HttpResponse:
    """Answer the idle warning: the request itself resets the clock (IdleTimeoutMiddleware)."""
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(safe_next(request.POST.get("next"), "/"))
