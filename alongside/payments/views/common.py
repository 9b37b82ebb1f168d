"""Helpers the payments pages share: whose claim or profile this is, and pages that contributors and
staff acting for someone without a login both use."""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts import access_log
from alongside.accounts.models import Organisation
from alongside.accounts.permissions import get_scoped_or_404, organisation_ids
from alongside.core import words
from alongside.core.pdf import pdf_response
from alongside.payments import benefits, documents, queries, services
from alongside.payments.forms import BankDetailsForm, PreferenceForm, StartClaimForm
from alongside.payments.models import BankDetails, Claim
from alongside.payments.roles import APPROVERS, CHECKERS, POLICY_EDITORS
from alongside.payments.services import ClaimError
from alongside.people.models import Contributor
from alongside.people.queries import visible_contributor

PAGE = 25


def add_error(form, error: ClaimError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.messages[0])


def own_contributor(request) -> Contributor:
    contributor = getattr(request.user, "contributor", None) if request.user.is_authenticated else None
    if contributor is None:
        raise Http404
    return contributor


def staff_contributor(request, contributor_pk: int, roles=CHECKERS) -> Contributor:
    """A person whose record the user's payments role lets them see (people/queries.py), or 404."""
    contributor = visible_contributor(request.user, contributor_pk, roles)
    access_log.record_view(request, contributor, organisation=contributor.organisation, purpose="payments")
    return contributor


def claim_for(request, pk: int) -> tuple[Claim, bool]:
    """The claim and whether staff are acting; the claimant's own claims, or staff in its organisation."""
    contributor = getattr(request.user, "contributor", None)
    if contributor is not None:
        claim = Claim.objects.filter(pk=pk, contributor=contributor).select_related("contributor").first()
        if claim is not None:
            return claim, False
    claim = get_scoped_or_404(
        request.user,
        Claim.objects.select_related("contributor", "organisation"),
        pk=pk,
        roles=CHECKERS | APPROVERS,
    )
    access_log.record_view(
        request, claim.contributor, organisation=claim.organisation, purpose="payment claim"
    )
    return claim, True


def _claimable_words(contribution) -> str:
    """Dementia café – Tuesday 16 December 2026 (1½ hours)"""
    when = words.day(contribution.date)
    return f"{contribution.activity} – {when} ({words.minutes(contribution.minutes)})"


def start_claim_page(request, contributor, *, on_behalf: bool):
    available = list(services.claimable_contributions(contributor)[:200])
    choices = [(str(c.pk), _claimable_words(c)) for c in available]
    form = StartClaimForm(
        request.POST or None, initial={"key": uuid.uuid4().hex}, choices=choices, on_behalf=on_behalf
    )
    if request.method == "POST" and form.is_valid():
        chosen = [c for c in available if str(c.pk) in form.cleaned_data["contributions"]]
        try:
            claim = services.start_claim(contributor, chosen, by=request.user, key=form.cleaned_data["key"])
        except ClaimError as error:
            add_error(form, error)
        else:
            return redirect("payments:claim", pk=claim.pk)
    template = {"form": form, "contributor": contributor, "on_behalf": on_behalf, "available": available}
    return render(request, "payments/start_claim.html", template)


def claim_context(claim: Claim, **extra) -> dict:
    return {
        "claim": claim,
        "lines": claim.lines.filter(active=True).select_related("contribution__activity"),
        "expenses": claim.expenses.all(),
        "events": claim.events.select_related("actor"),
        "needs_bank": services.needs_bank_details(claim)
        and not BankDetails.objects.filter(contributor_id=claim.contributor_id).exists(),
        **extra,
    }


def preferences_page(request, contributor, next_url: str, *, on_behalf: bool = False):
    preference = services.preference_for(contributor)
    initial = {
        "method": preference.method,
        "lower_amount": preference.lower_amount,
        "payee_organisation": preference.payee_organisation,
        "receives_benefits": preference.receives_benefits,
    }
    form = PreferenceForm(request.POST or None, initial=initial, on_behalf=on_behalf)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_preference(
                contributor,
                method=data["method"],
                lower_amount=data["lower_amount"],
                payee_organisation=data["payee_organisation"],
                receives_benefits=data["receives_benefits"],
            )
        except ClaimError as error:
            add_error(form, error)
        else:
            saved = _("Their choices have been saved.") if on_behalf else _("Your choices have been saved.")
            messages.success(request, saved)
            return redirect(next_url)
    context = {"form": form, "contributor": contributor, "on_behalf": on_behalf}
    return render(request, "payments/preferences.html", context)


def bank_details_page(request, contributor, next_url: str, *, on_behalf: bool = False):
    form = BankDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_bank_details(contributor, by=request.user, **form.cleaned_data)
        except ClaimError as error:
            add_error(form, error)
        else:
            record = BankDetails.objects.get(contributor=contributor)
            if record.hold_until:
                messages.success(
                    request,
                    _(
                        "Bank details saved. For safety we will not pay into the new account "
                        "before %(date)s."
                    )
                    % {"date": words.day(record.hold_until)},
                )
            else:
                messages.success(request, _("Bank details saved."))
            return redirect(next_url)
    existing = BankDetails.objects.filter(contributor=contributor).first()
    masked = services.masked_bank_details(existing) if existing else None
    context = {"form": form, "masked": masked, "contributor": contributor, "on_behalf": on_behalf}
    return render(request, "payments/bank_details.html", context)


def statement_pdf(contributor, year: int) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404
    start, _end, items = queries.paid_in_tax_year(contributor, datetime.date(year, 4, 6))
    return pdf_response(documents.statement(contributor, start, items), f"payments-{year}-{year + 1}.pdf")


def benefits_letter_pdf(contributor) -> HttpResponse:
    claims = (
        Claim.objects.filter(contributor=contributor, status__in=benefits.COUNTED_STATUSES)
        .select_related("organisation")
        .prefetch_related("lines__contribution__activity")
    )
    return pdf_response(documents.benefits_letter(contributor, claims), "involvement-letter.pdf")


def editable_organisation(request) -> Organisation:
    ids = organisation_ids(request.user, POLICY_EDITORS)
    wanted = request.GET.get("organisation") or request.POST.get("organisation")
    if wanted:
        if not str(wanted).isdigit() or int(wanted) not in ids:
            raise Http404
        return Organisation.objects.get(pk=int(wanted))
    if not ids:
        raise Http404
    return Organisation.objects.get(pk=min(ids))
