"""Involvement staff: claims checked and made for people without a login."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import access_log
from alongside.accounts.models import Role
from alongside.accounts.permissions import get_scoped_or_404, has_role, staff_required
from alongside.core.paging import capped_page
from alongside.payments import benefits, queries, services
from alongside.payments.forms import AdjustForm, ReasonForm
from alongside.payments.models import Claim, EmploymentCheck
from alongside.payments.roles import APPROVERS, CHECKERS
from alongside.payments.services import ClaimError
from alongside.payments.views.common import (
    PAGE,
    bank_details_page,
    benefits_letter_pdf,
    claim_context,
    preferences_page,
    staff_contributor,
    start_claim_page,
    statement_pdf,
)
from alongside.people.queries import visible_contributors


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_start_claim(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    return start_claim_page(request, staff_contributor(request, contributor_pk), on_behalf=True)


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN, Role.FINANCE)
def staff_person_payments(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    """A person's claims with the user's organisations; involvement staff also act for them here."""
    contributor = staff_contributor(request, contributor_pk, CHECKERS | APPROVERS)
    claims = queries.claims_seen_by(request.user, contributor)
    page = Paginator(claims, PAGE).get_page(request.GET.get("page"))
    year = benefits.tax_year_of(timezone.localdate())[0].year
    context = {
        "contributor": contributor,
        "page": page,
        "tax_years": [year - n for n in range(0, 3)],
        "acts_for_them": visible_contributors(request.user, CHECKERS).filter(pk=contributor.pk).exists(),
    }
    return render(request, "payments/staff_person.html", context)


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_statement(request: HttpRequest, contributor_pk: int, year: int) -> HttpResponse:
    """The person's annual statement, for staff to post to someone who does not use the website."""
    return statement_pdf(staff_contributor(request, contributor_pk), year)  # the view is logged


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_benefits_letter(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    return benefits_letter_pdf(staff_contributor(request, contributor_pk))  # the view is logged


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_preferences(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    contributor = staff_contributor(request, contributor_pk)
    back = reverse("payments:staff_person", args=[contributor.pk])
    return preferences_page(request, contributor, back, on_behalf=True)


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_bank_details(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    contributor = staff_contributor(request, contributor_pk)
    back = reverse("payments:staff_person", args=[contributor.pk])
    return bank_details_page(request, contributor, back, on_behalf=True)


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN, Role.FINANCE)
def staff_claims(request: HttpRequest) -> HttpResponse:
    checker = bool(queries.organisation_ids_for(request.user, CHECKERS))
    default = Claim.Status.SUBMITTED if checker else Claim.Status.CHECKED  # finance start with their queue
    status = request.GET.get("status") or default
    if status not in Claim.Status.values:
        status = default
    page = capped_page(request, queries.staff_claims(request.user, status), PAGE)
    claimed_with = {claim.contributor_id: claim.organisation for claim in page}
    access_log.record_views(
        request,
        [claim.contributor for claim in page],
        organisation_of=lambda contributor: claimed_with[contributor.pk],
        purpose="claims list",
    )
    return render(
        request,
        "payments/staff_claims.html",
        {"page": page, "status": status, "statuses": Claim.Status.choices},
    )


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN, Role.FINANCE)
def staff_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_scoped_or_404(
        request.user, queries.claim_for_staff(request.user), pk=pk, roles=CHECKERS | APPROVERS
    )
    access_log.record_view(
        request, claim.contributor, organisation=claim.organisation, purpose="payment claim"
    )
    checks = EmploymentCheck.objects.filter(
        opportunity__in=claim.lines.values("contribution__opportunity"), needs_advice=True
    ).select_related("opportunity")
    context = claim_context(
        claim,
        # One prefix per form, so the page's reason boxes have ids of their own (review D14).
        adjust_form=AdjustForm(prefix="adjust"),
        reject_form=ReasonForm(prefix="reject"),
        reverse_form=ReasonForm(prefix="reverse"),
        steps=services.allowed_steps(claim, request.user),
        refusals=services.refusals(claim, request.user),
        can_see_bank=has_role(request.user, claim.organisation, APPROVERS),
        advice_flags=checks,
    )
    return render(request, "payments/staff_claim.html", context)


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN, Role.FINANCE)
@require_POST
def staff_claim_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    claim = get_scoped_or_404(
        request.user, queries.claim_for_staff(request.user), pk=pk, roles=CHECKERS | APPROVERS
    )
    try:
        _do(request, claim, action)
    except ClaimError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You cannot do that to this claim."))
    return redirect("payments:staff_claim", pk=claim.pk)


def _typed(request, action: str, name: str) -> str:
    """A field of the action's own form on the claim page (each form has the action as its prefix)."""
    return request.POST.get(f"{action}-{name}", "")


def _do(request, claim: Claim, action: str) -> None:
    reason = _typed(request, action, "reason")
    if action == "check":
        services.check(claim, by=request.user)
        messages.success(request, _("Claim checked. It now goes to finance."))
    elif action == "approve":
        services.approve(claim, by=request.user)
        messages.success(request, _("Claim approved."))
    elif action == "reject":
        services.reject(claim, by=request.user, reason=reason)
        messages.success(request, _("Claim not accepted. The person has been told why."))
    elif action == "reverse":
        services.reverse_claim(claim, by=request.user, reason=reason)
        messages.success(request, _("Claim cancelled and reversed in the ledger."))
    elif action == "adjust":
        kind, _sep, target_pk = _typed(request, action, "target").partition(":")
        line = claim.lines.filter(pk=target_pk).first() if kind == "line" else None
        expense = claim.expenses.filter(pk=target_pk).first() if kind == "expense" else None
        services.adjust(
            claim,
            by=request.user,
            reason=reason,
            new_amount=_typed(request, action, "new_amount"),
            line=line,
            expense=expense,
        )
        messages.success(request, _("Claim changed. It needs checking again."))
    else:
        raise Http404
