"""A contributor's own payments: claims, choices, bank details, statements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.core.downloads import file_response
from alongside.core.redirects import safe_next
from alongside.payments import benefits, queries, services
from alongside.payments.forms import ChoiceForm, ExpenseForm
from alongside.payments.models import BankDetails, Claim, Expense
from alongside.payments.services import ClaimError
from alongside.payments.views.common import (
    PAGE,
    add_error,
    bank_details_page,
    benefits_letter_pdf,
    claim_context,
    claim_for,
    own_contributor,
    preferences_page,
    start_claim_page,
    statement_pdf,
)


@login_required
def my_payments(request: HttpRequest) -> HttpResponse:
    contributor = getattr(request.user, "contributor", None)
    if contributor is None:
        return render(request, "payments/my_payments.html", {"contributor": None})
    page = Paginator(queries.claims_of(contributor), PAGE).get_page(request.GET.get("page"))
    year = benefits.tax_year_of(timezone.localdate())[0]
    return render(
        request,
        "payments/my_payments.html",
        {
            "page": page,
            "contributor": contributor,
            "claimable": services.claimable_contributions(contributor).exists(),
            "tax_years": [year.year - n for n in range(0, 3)],
            "has_bank": BankDetails.objects.filter(contributor=contributor).exists(),
            "policy_organisations": queries.policy_organisations(contributor),
        },
    )


@login_required
def start_claim(request: HttpRequest) -> HttpResponse:
    return start_claim_page(request, own_contributor(request), on_behalf=False)


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim, on_behalf = claim_for(request, pk)
    form = ExpenseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_expense(
                claim,
                kind=data["kind"],
                date=data["date"],
                amount=data["amount"] or None,
                miles=data["miles"] or None,
                description=data["description"],
                receipt=data["receipt"],
                by=request.user,
            )
        except ClaimError as error:
            add_error(form, error)
        else:
            messages.success(request, _("The expense was added."))
            return redirect("payments:claim", pk=claim.pk)
    return render(request, "payments/claim.html", claim_context(claim, form=form, on_behalf=on_behalf))


@login_required
@require_POST
def remove_expense(request: HttpRequest, pk: int, expense_pk: int) -> HttpResponse:
    claim, _staff = claim_for(request, pk)
    expense = get_object_or_404(Expense, pk=expense_pk, claim=claim)
    try:
        services.remove_expense(expense)
    except ClaimError as error:
        messages.error(request, error.messages[0])
    return redirect("payments:claim", pk=claim.pk)


@login_required
def receipt(request: HttpRequest, pk: int, expense_pk: int) -> HttpResponse:
    claim, _staff = claim_for(request, pk)
    expense = get_object_or_404(Expense, pk=expense_pk, claim=claim)
    if not expense.receipt:
        raise Http404
    return file_response(
        expense.receipt.open("rb"), content_type=expense.receipt_type, name=f"receipt-{expense.pk}"
    )


def _choice_initial(claim: Claim) -> dict:
    return {
        "method": claim.method,
        "lower_amount": claim.lower_amount,
        "payee_organisation": claim.payee_organisation,
    }


@login_required
def claim_choice(request: HttpRequest, pk: int) -> HttpResponse:
    claim, on_behalf = claim_for(request, pk)
    form = ChoiceForm(request.POST or None, initial=_choice_initial(claim), on_behalf=on_behalf)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_choice(claim, **form.cleaned_data)
        except ClaimError as error:
            add_error(form, error)
        else:
            return redirect("payments:check_answers", pk=claim.pk)
    return render(request, "payments/choice.html", {"claim": claim, "form": form, "on_behalf": on_behalf})


@login_required
def check_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers before sending a claim (WCAG 3.3.4); sending twice sends once."""
    claim, on_behalf = claim_for(request, pk)
    if request.method == "POST":
        try:
            services.submit(claim, by=request.user)
        except ClaimError as error:
            messages.error(request, error.messages[0])
            return redirect("payments:check_answers", pk=claim.pk)
        if on_behalf:
            messages.success(request, _("Their claim has been sent. We will tell them when it is approved."))
            return redirect("payments:staff_claim", pk=claim.pk)
        messages.success(request, _("Your claim has been sent. We will tell you when it is approved."))
        return redirect("payments:my_payments")
    preference = services.preference_for(claim.contributor)
    totals = benefits.running_totals(claim) if preference.receives_benefits else []
    context = claim_context(
        claim,
        on_behalf=on_behalf,
        totals=totals,
        crosses=any(t.crosses for t in totals),
        receives_benefits=preference.receives_benefits,
    )
    return render(request, "payments/check_answers.html", context)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    return preferences_page(request, own_contributor(request), reverse("payments:my_payments"))


@login_required
def bank_details(request: HttpRequest) -> HttpResponse:
    back = safe_next(request.GET.get("next"), reverse("payments:my_payments"))
    return bank_details_page(request, own_contributor(request), back)


@login_required
def annual_statement(request: HttpRequest, year: int) -> HttpResponse:
    return statement_pdf(own_contributor(request), year)


@login_required
def benefits_letter(request: HttpRequest) -> HttpResponse:
    return benefits_letter_pdf(own_contributor(request))
