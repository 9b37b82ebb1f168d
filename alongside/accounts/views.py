from __future__ import annotations

from allauth.account.internal.stagekit import get_pending_stage
from allauth.account.views import login as allauth_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alongside.accounts import access_log, hub, idle
from alongside.accounts.forms import AccountDetailsForm
from alongside.accounts.models import Role
from alongside.accounts.permissions import is_national_admin, staff_required
from alongside.accounts.queries import memberships_for_display
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
    context = {
        "form": form,
        "memberships": memberships_for_display(request.user),
        "sections": hub.account_sections(request.user),
    }
    return render(request, "accounts/home.html", context)


@staff_required()
def staff_home(request: HttpRequest) -> HttpResponse:
    sections = hub.staff_sections(request.user)
    context = {
        "organisations": hub.roles_by_organisation(request.user),
        "national_admin": is_national_admin(request.user),
        "sections": sections,
        "waiting": hub.waiting_for(sections),
    }
    return render(request, "accounts/staff_home.html", context)


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


@login_required
@require_POST
def stay_signed_in(request: HttpRequest) -> HttpResponse:
    """Answer the idle warning: the clock starts again from this moment, to the second."""
    idle.touch(request.session)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(safe_next(request.POST.get("next"), "/"))
