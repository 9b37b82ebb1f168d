"""Payments pages. Thin: permissions through accounts.permissions, rules in services."""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import access_log
from alongside.accounts.models import Organisation, Role
from alongside.accounts.permissions import get_scoped_or_404, has_role, staff_required
from alongside.core.pdf import pdf_response
from alongside.opportunities.models import Opportunity, Project
from alongside.payments import (
    benefits,
    confirmations,
    costing,
    documents,
    holds,
    queries,
    reconciliation,
    runs,
    services,
    tasks,
)
from alongside.payments.forms import (
    AdjustForm,
    BankDetailsForm,
    ChoiceForm,
    ConfirmationFileForm,
    CostPlanForm,
    CostRowForm,
    CsvLayoutForm,
    EmploymentCheckForm,
    ExpenseForm,
    PolicyForm,
    PreferenceForm,
    RateFormSet,
    ReasonForm,
    StartClaimForm,
)
from alongside.payments.models import (
    BankDetails,
    Claim,
    CostPlan,
    EmploymentCheck,
    Expense,
    PaymentPolicy,
    PaymentRun,
    ReconciliationAlert,
)
from alongside.payments.policy import current_policy
from alongside.payments.services import APPROVERS, CHECKERS, ClaimError
from alongside.people.models import Contributor

PAGE = 25


def _add_error(form, error: ClaimError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.messages[0])


def _own_contributor(request) -> Contributor:
    contributor = getattr(request.user, "contributor", None) if request.user.is_authenticated else None
    if contributor is None:
        raise Http404
    return contributor


def _staff_contributor(request, contributor_pk: int) -> Contributor:
    contributor = get_scoped_or_404(
        request.user, Contributor.objects.all(), pk=contributor_pk, roles=CHECKERS
    )
    access_log.record_view(request, contributor, organisation=contributor.organisation, purpose="payments")
    return contributor


def _claim(request, pk: int) -> tuple[Claim, bool]:
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


# ---------------------------------------------------------------- contributors


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
        },
    )


def _start_claim(request, contributor, *, on_behalf: bool):
    available = list(services.claimable_contributions(contributor)[:200])
    choices = [(str(c.pk), f"{c.activity} – {c.date:%-d %B %Y} ({c.minutes} minutes)") for c in available]
    form = StartClaimForm(request.POST or None, initial={"key": uuid.uuid4().hex}, choices=choices)
    if request.method == "POST" and form.is_valid():
        chosen = [c for c in available if str(c.pk) in form.cleaned_data["contributions"]]
        try:
            claim = services.start_claim(contributor, chosen, by=request.user, key=form.cleaned_data["key"])
        except ClaimError as error:
            _add_error(form, error)
        else:
            return redirect("payments:claim", pk=claim.pk)
    template = {"form": form, "contributor": contributor, "on_behalf": on_behalf, "available": available}
    return render(request, "payments/start_claim.html", template)


@login_required
def start_claim(request: HttpRequest) -> HttpResponse:
    return _start_claim(request, _own_contributor(request), on_behalf=False)


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_start_claim(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    return _start_claim(request, _staff_contributor(request, contributor_pk), on_behalf=True)


def _claim_context(claim: Claim, **extra) -> dict:
    return {
        "claim": claim,
        "lines": claim.lines.filter(active=True).select_related("contribution__activity"),
        "expenses": claim.expenses.all(),
        "events": claim.events.select_related("actor"),
        "needs_bank": services.needs_bank_details(claim)
        and not BankDetails.objects.filter(contributor_id=claim.contributor_id).exists(),
        **extra,
    }


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim, on_behalf = _claim(request, pk)
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
            _add_error(form, error)
        else:
            messages.success(request, _("The expense was added."))
            return redirect("payments:claim", pk=claim.pk)
    return render(request, "payments/claim.html", _claim_context(claim, form=form, on_behalf=on_behalf))


@login_required
@require_POST
def remove_expense(request: HttpRequest, pk: int, expense_pk: int) -> HttpResponse:
    claim, _staff = _claim(request, pk)
    expense = get_object_or_404(Expense, pk=expense_pk, claim=claim)
    try:
        services.remove_expense(expense)
    except ClaimError as error:
        messages.error(request, error.messages[0])
    return redirect("payments:claim", pk=claim.pk)


@login_required
def receipt(request: HttpRequest, pk: int, expense_pk: int) -> HttpResponse:
    claim, _staff = _claim(request, pk)
    expense = get_object_or_404(Expense, pk=expense_pk, claim=claim)
    if not expense.receipt:
        raise Http404
    response = FileResponse(expense.receipt.open("rb"), content_type=expense.receipt_type)
    response["Content-Disposition"] = f'inline; filename="receipt-{expense.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _choice_initial(claim: Claim) -> dict:
    return {
        "method": claim.method,
        "lower_amount": claim.lower_amount or "",
        "payee_organisation": claim.payee_organisation,
    }


@login_required
def claim_choice(request: HttpRequest, pk: int) -> HttpResponse:
    claim, on_behalf = _claim(request, pk)
    form = ChoiceForm(request.POST or None, initial=_choice_initial(claim))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_choice(claim, **form.cleaned_data)
        except ClaimError as error:
            _add_error(form, error)
        else:
            return redirect("payments:check_answers", pk=claim.pk)
    return render(request, "payments/choice.html", {"claim": claim, "form": form, "on_behalf": on_behalf})


@login_required
def check_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers before sending a claim (WCAG 3.3.4); sending twice sends once."""
    claim, on_behalf = _claim(request, pk)
    if request.method == "POST":
        try:
            services.submit(claim, by=request.user)
        except ClaimError as error:
            messages.error(request, error.messages[0])
            return redirect("payments:check_answers", pk=claim.pk)
        messages.success(request, _("Your claim has been sent. We will tell you when it is approved."))
        if on_behalf:
            return redirect("payments:staff_claim", pk=claim.pk)
        return redirect("payments:my_payments")
    preference = services.preference_for(claim.contributor)
    totals = benefits.running_totals(claim) if preference.receives_benefits else []
    context = _claim_context(
        claim,
        on_behalf=on_behalf,
        totals=totals,
        crosses=any(t.crosses for t in totals),
        receives_benefits=preference.receives_benefits,
    )
    return render(request, "payments/check_answers.html", context)


def _preferences(request, contributor, next_url: str):
    preference = services.preference_for(contributor)
    initial = {
        "method": preference.method,
        "lower_amount": preference.lower_amount or "",
        "payee_organisation": preference.payee_organisation,
        "receives_benefits": preference.receives_benefits,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_preference(
                contributor,
                method=data["method"],
                lower_amount=data["lower_amount"] or None,
                payee_organisation=data["payee_organisation"],
                receives_benefits=data["receives_benefits"],
            )
        except ClaimError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Your choices have been saved."))
            return redirect(next_url)
    return render(request, "payments/preferences.html", {"form": form, "contributor": contributor})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    return _preferences(request, _own_contributor(request), reverse("payments:my_payments"))


def _bank_details(request, contributor, next_url: str):
    form = BankDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_bank_details(contributor, by=request.user, **form.cleaned_data)
        except ClaimError as error:
            _add_error(form, error)
        else:
            record = BankDetails.objects.get(contributor=contributor)
            if record.hold_until:
                messages.success(
                    request,
                    _(
                        "Bank details saved. For your security we will not pay into the new account "
                        "before %(date)s."
                    )
                    % {"date": f"{timezone.localtime(record.hold_until):%-d %B %Y}"},
                )
            else:
                messages.success(request, _("Bank details saved."))
            return redirect(next_url)
    existing = BankDetails.objects.filter(contributor=contributor).first()
    masked = services.masked_bank_details(existing) if existing else None
    return render(
        request, "payments/bank_details.html", {"form": form, "masked": masked, "contributor": contributor}
    )


@login_required
def bank_details(request: HttpRequest) -> HttpResponse:
    return _bank_details(
        request, _own_contributor(request), request.GET.get("next") or reverse("payments:my_payments")
    )


def _statement(contributor, year: int) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404
    start, _end, items = queries.paid_in_tax_year(contributor, datetime.date(year, 4, 6))
    return pdf_response(documents.statement(contributor, start, items), f"payments-{year}-{year + 1}.pdf")


def _benefits_letter(contributor) -> HttpResponse:
    claims = (
        Claim.objects.filter(contributor=contributor, status__in=benefits.COUNTED_STATUSES)
        .select_related("organisation")
        .prefetch_related("lines__contribution__activity")
    )
    return pdf_response(documents.benefits_letter(contributor, claims), "involvement-letter.pdf")


@login_required
def annual_statement(request: HttpRequest, year: int) -> HttpResponse:
    return _statement(_own_contributor(request), year)


@login_required
def benefits_letter(request: HttpRequest) -> HttpResponse:
    return _benefits_letter(_own_contributor(request))


# ---------------------------------------------------------------- staff: people without a login


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_person_payments(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    contributor = _staff_contributor(request, contributor_pk)
    page = Paginator(queries.claims_of(contributor), PAGE).get_page(request.GET.get("page"))
    year = benefits.tax_year_of(timezone.localdate())[0].year
    context = {"contributor": contributor, "page": page, "tax_years": [year - n for n in range(0, 3)]}
    return render(request, "payments/staff_person.html", context)


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_statement(request: HttpRequest, contributor_pk: int, year: int) -> HttpResponse:
    """The person's annual statement, for staff to post to someone who does not use the website."""
    return _statement(_staff_contributor(request, contributor_pk), year)  # the view is logged


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_benefits_letter(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    return _benefits_letter(_staff_contributor(request, contributor_pk))  # the view is logged


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_preferences(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    contributor = _staff_contributor(request, contributor_pk)
    return _preferences(request, contributor, reverse("payments:staff_person", args=[contributor.pk]))


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def staff_bank_details(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    contributor = _staff_contributor(request, contributor_pk)
    return _bank_details(request, contributor, reverse("payments:staff_person", args=[contributor.pk]))


@staff_required(Role.FINANCE)
def finance_bank_details(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    """Finance see bank details in full; every view is logged."""
    contributor = get_scoped_or_404(
        request.user, Contributor.objects.all(), pk=contributor_pk, roles=APPROVERS
    )
    record = get_object_or_404(BankDetails, contributor=contributor)
    access_log.record_view(
        request,
        contributor,
        organisation=contributor.organisation,
        action="view bank details",
        purpose="payment",
    )
    details = services.read_bank_details(record)
    changes = contributor.bank_changes.select_related("changed_by", "released_by")[:10]
    return render(
        request,
        "payments/finance_bank_details.html",
        {"contributor": contributor, "details": details, "record": record, "changes": changes},
    )


def _finance_organisations(user):
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.FINANCE, memberships__ended_at__isnull=True
    )


@staff_required(Role.FINANCE)
def bank_holds(request: HttpRequest) -> HttpResponse:
    """Who is waiting out a cooling-off period after a change of bank details."""
    held = holds.on_hold(_finance_organisations(request.user))
    page = Paginator(held, PAGE).get_page(request.GET.get("page"))
    return render(request, "payments/bank_holds.html", {"page": page})


@staff_required(Role.FINANCE)
def bank_hold_release(request: HttpRequest, contributor_pk: int) -> HttpResponse:
    contributor = get_scoped_or_404(
        request.user, Contributor.objects.all(), pk=contributor_pk, roles=APPROVERS
    )
    record = get_object_or_404(BankDetails, contributor=contributor, hold_until__isnull=False)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            holds.release(record, by=request.user, reason=form.cleaned_data["reason"])
        except holds.HoldError as error:
            form.add_error("reason", str(error))
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You cannot release this hold."))
        else:
            access_log.record_view(
                request,
                contributor,
                organisation=contributor.organisation,
                action="release bank details hold",
                purpose=form.cleaned_data["reason"][:200],
            )
            messages.success(
                request,
                _("Hold released. %(name)s can be paid in the next payment run.")
                % {"name": contributor.display_name},
            )
            return redirect("payments:bank_holds")
    context = {
        "contributor": contributor,
        "record": record,
        "change": holds.latest_change(contributor),
        "form": form,
    }
    return render(request, "payments/bank_hold_release.html", context)


# ---------------------------------------------------------------- staff: checking and approval


@staff_required(Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN, Role.FINANCE)
def staff_claims(request: HttpRequest) -> HttpResponse:
    checker = bool(queries.organisation_ids_for(request.user, CHECKERS))
    default = Claim.Status.SUBMITTED if checker else Claim.Status.CHECKED  # finance start with their queue
    status = request.GET.get("status") or default
    if status not in Claim.Status.values:
        status = default
    page = Paginator(queries.staff_claims(request.user, status), PAGE).get_page(request.GET.get("page"))
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
    context = _claim_context(
        claim,
        reason_form=ReasonForm(),
        adjust_form=AdjustForm(),
        can_check=has_role(request.user, claim.organisation, CHECKERS),
        can_approve=has_role(request.user, claim.organisation, APPROVERS),
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


def _do(request, claim: Claim, action: str) -> None:
    reason = request.POST.get("reason", "")
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
        kind, _sep, target_pk = request.POST.get("target", "").partition(":")
        line = claim.lines.filter(pk=target_pk).first() if kind == "line" else None
        expense = claim.expenses.filter(pk=target_pk).first() if kind == "expense" else None
        services.adjust(
            claim,
            by=request.user,
            reason=reason,
            new_amount=request.POST.get("new_amount"),
            line=line,
            expense=expense,
        )
        messages.success(request, _("Claim changed. It needs checking again."))
    else:
        raise Http404


# ---------------------------------------------------------------- finance: payment runs


@staff_required(Role.FINANCE)
def run_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.runs_for(request.user), PAGE).get_page(request.GET.get("page"))
    organisations = Organisation.objects.filter(
        memberships__user=request.user, memberships__role=Role.FINANCE, memberships__ended_at__isnull=True
    )
    unpaid = queries.staff_claims(request.user, Claim.Status.APPROVED).filter(run_item__isnull=True)
    waiting = unpaid.count()
    on_hold = unpaid.filter(holds.held_claims_filter()).count()
    alerts = ReconciliationAlert.objects.filter(
        organisation__in=organisations, resolved_at__isnull=True
    ).select_related("organisation", "run")
    context = {
        "page": page,
        "organisations": organisations,
        "waiting": waiting,
        "on_hold": on_hold,
        "alerts": alerts[:50],
        "alert_count": alerts.count(),
    }
    return render(request, "payments/runs.html", context)


@staff_required(Role.FINANCE)
def alert_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_scoped_or_404(
        request.user, ReconciliationAlert.objects.select_related("run", "resolved_by"), pk=pk, roles=APPROVERS
    )
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("What you found and what you did")
    if request.method == "POST" and alert.resolved_at is None and form.is_valid():
        try:
            reconciliation.resolve(alert, by=request.user, note=form.cleaned_data["reason"])
        except ClaimError as error:
            _add_error(form, error)
        else:
            access_log.record_view(
                request,
                alert.run,
                organisation=alert.organisation,
                action="resolve reconciliation alert",
                purpose="payment run",
            )
            messages.success(request, _("Alert resolved. Your note is kept with it."))
            return redirect("payments:runs")
    return render(request, "payments/alert_resolve.html", {"alert": alert, "form": form})


@staff_required(Role.FINANCE)
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation") or 0)
    if not has_role(request.user, organisation, APPROVERS):
        raise Http404
    try:
        run = runs.start_run(organisation, by=request.user)
    except runs.RunError as error:
        messages.error(request, str(error))
        return redirect("payments:runs")
    messages.success(
        request,
        _("Payment run prepared. Someone else in finance must now check and approve it before it is paid."),
    )
    return redirect("payments:run", pk=run.pk)


def _scoped_run(request: HttpRequest, pk: int) -> PaymentRun:
    return get_scoped_or_404(request.user, queries.runs_for(request.user), pk=pk, roles=APPROVERS)


@staff_required(Role.FINANCE)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _scoped_run(request, pk)
    items = run.items.select_related("claim__contributor", "confirmation")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page": page,
        "files": runs.FILES,
        "confirmed": confirmations.counts(run),
        "events": run.events.select_related("actor"),
        "can_approve": runs.may_approve(run, request.user),
    }
    return render(request, "payments/run.html", context)


@staff_required(Role.FINANCE)
@require_POST
def run_approve(request: HttpRequest, pk: int) -> HttpResponse:
    run = _scoped_run(request, pk)
    try:
        runs.approve_run(run, by=request.user)
    except runs.RunError as error:
        messages.error(request, str(error))
        return redirect("payments:run", pk=run.pk)
    # Large runs take a while: the worker finishes it; the run page shows when the files are ready.
    transaction.on_commit(lambda: tasks.process_run.enqueue(run.pk))
    messages.success(request, _("Run approved. The files appear below when it has finished."))
    return redirect("payments:run", pk=run.pk)


@staff_required(Role.FINANCE)
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = _scoped_run(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            runs.cancel_run(run, by=request.user, reason=form.cleaned_data["reason"])
        except runs.RunError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Run cancelled. Its claims will be in the next run."))
            return redirect("payments:run", pk=run.pk)
    status = 400 if form.errors else 200
    return render(request, "payments/run_cancel.html", {"run": run, "form": form}, status=status)


@staff_required(Role.FINANCE)
def run_confirmations(request: HttpRequest, pk: int) -> HttpResponse:
    """Finance import the bank's confirmation file for a run; nothing changes unless every row is good."""
    run = _scoped_run(request, pk)
    form = ConfirmationFileForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = confirmations.import_file(run, upload.read(), by=request.user, file_name=upload.name)
        if result.already_imported is not None:
            seen = result.already_imported
            messages.info(
                request,
                _("This file was already imported on %(date)s by %(who)s. Nothing was changed.")
                % {
                    "date": f"{timezone.localtime(seen.imported_at):%-d %B %Y %H:%M}",
                    "who": seen.imported_by,
                },
            )
            return redirect("payments:run", pk=run.pk)
        if result.applied:
            access_log.record_view(
                request,
                run,
                organisation=run.organisation,
                action="import confirmations",
                purpose="payment run",
            )
            messages.success(request, _confirmation_summary(result))
            return redirect("payments:run", pk=run.pk)
        errors = result.errors
        form.add_error("file", _("The file was not imported: fix the rows listed and import it again."))
    imports = run.confirmation_imports.select_related("imported_by")
    context = {
        "run": run,
        "form": form,
        "errors": errors,
        "imports": imports,
        "columns": confirmations.COLUMNS,
    }
    return render(request, "payments/run_confirmations.html", context)


def _confirmation_summary(result) -> str:
    text = _("Confirmations imported: %(paid)s paid, %(failed)s failed.") % {
        "paid": result.paid,
        "failed": result.failed,
    }
    if result.failed:
        text += " " + _(
            "Failed payments were reversed and will be paid again in the next run; people were told."
        )
    if result.unchanged:
        text += " " + _("%(n)s lines were already confirmed and were left as they were.") % {
            "n": result.unchanged
        }
    return text


@staff_required(Role.FINANCE)
def run_confirmation_template(request: HttpRequest, pk: int) -> HttpResponse:
    run = _scoped_run(request, pk)
    response = HttpResponse(confirmations.template_csv(run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-confirmation-template.csv"'
    return response


@staff_required(Role.FINANCE)
@require_POST
def run_resume(request: HttpRequest, pk: int) -> HttpResponse:
    run = _scoped_run(request, pk)
    if run.status == PaymentRun.Status.APPROVED:
        tasks.process_run.enqueue(run.pk)
    return redirect("payments:run", pk=run.pk)


@staff_required(Role.FINANCE)
def run_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    run = _scoped_run(request, pk)
    if kind not in runs.FILES or run.status != PaymentRun.Status.DONE:
        raise Http404
    access_log.record_view(
        request, run, organisation=run.organisation, action=f"download {kind}", purpose="payment run"
    )
    response = FileResponse(default_storage.open(runs.file_name(run, kind), "rb"), as_attachment=True)
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-{runs.FILES[kind]}"'
    response["Content-Type"] = "text/csv" if kind != "bacs" else "text/plain"
    return response


# ---------------------------------------------------------------- public policy page


def _live_policy(slug: str) -> PaymentPolicy:
    organisation = get_object_or_404(Organisation, slug=slug)
    policy = current_policy(organisation.pk)
    if policy is None:
        raise Http404
    return policy


def policy_page(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _live_policy(slug)
    return render(
        request, "payments/policy.html", {"policy": policy, "sections": documents.policy_sections(policy)}
    )


def policy_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _live_policy(slug)
    large = request.GET.get("large") == "1"
    return pdf_response(documents.policy_pdf(policy, large_print=large), f"payment-policy-{slug}.pdf")


# ---------------------------------------- researchers: costs, budgets, employment status


@staff_required()
def cost_plans(request: HttpRequest) -> HttpResponse:
    form = CostPlanForm(request.POST or None)
    organisation = next(iter(m.organisation for m in request.user.active_memberships), None)
    if request.method == "POST" and form.is_valid() and organisation is not None:
        plan = CostPlan.objects.create(
            organisation=organisation, title=form.cleaned_data["title"], created_by=request.user
        )
        return redirect("payments:cost_plan", pk=plan.pk)
    page = Paginator(queries.cost_plans_for(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "payments/cost_plans.html", {"page": page, "form": form})


@staff_required()
def cost_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped_or_404(request.user, queries.cost_plans_for(request.user), pk=pk)
    form = CostRowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        row.plan = plan
        row.save()
        return redirect("payments:cost_plan", pk=plan.pk)
    costed, by_category, total = costing.cost_plan(plan)
    context = {"plan": plan, "form": form, "costed": costed, "by_category": by_category, "total": total}
    return render(request, "payments/cost_plan.html", context)


@staff_required()
def cost_plan_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_scoped_or_404(request.user, queries.cost_plans_for(request.user), pk=pk)
    if fmt == "pdf":
        return pdf_response(costing.plan_pdf(plan), f"involvement-costs-{plan.pk}.pdf")
    response = HttpResponse(costing.plan_csv(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="involvement-costs-{plan.pk}.csv"'
    return response


@staff_required()
def project_budget(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(request.user, Project.objects.all(), pk=pk)
    planned = {}
    for plan in CostPlan.objects.filter(project=project).prefetch_related("rows"):
        for item in costing.cost_plan(plan)[0]:
            planned[item.row.category] = planned.get(item.row.category, 0) + item.total
    actual = queries.project_actuals(project)
    planned_people = planned.get("activity", 0)
    planned_expenses = sum(v for k, v in planned.items() if k != "activity")
    rows = [
        (_("Payments for time"), planned_people, actual["fees"]),
        (_("Expenses and other costs"), planned_expenses, actual["expenses"]),
    ]
    return render(request, "payments/budget.html", {"project": project, "rows": rows})


@staff_required(Role.RESEARCHER, Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def employment_check(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_scoped_or_404(request.user, Opportunity.objects.all(), pk=pk)
    form = EmploymentCheckForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.record_employment_check(opportunity, dict(form.cleaned_data), by=request.user)
    latest = result or EmploymentCheck.objects.filter(opportunity=opportunity).first()
    return render(
        request,
        "payments/employment_check.html",
        {"opportunity": opportunity, "form": form, "latest": latest},
    )


# ---------------------------------------- organisation admins and finance: policy and CSV layout

POLICY_EDITORS = {Role.ORG_ADMIN, Role.FINANCE}


def _editable_organisation(request) -> Organisation:
    ids = {m.organisation_id for m in request.user.active_memberships if m.role in POLICY_EDITORS}
    wanted = request.GET.get("organisation") or request.POST.get("organisation")
    if wanted:
        if not str(wanted).isdigit() or int(wanted) not in ids:
            raise Http404
        return Organisation.objects.get(pk=int(wanted))
    if not ids:
        raise Http404
    return Organisation.objects.get(pk=min(ids))


@staff_required(Role.ORG_ADMIN, Role.FINANCE)
def policy_versions(request: HttpRequest) -> HttpResponse:
    organisation = _editable_organisation(request)
    versions = PaymentPolicy.objects.filter(organisation=organisation).prefetch_related("rates")
    page = Paginator(versions, PAGE).get_page(request.GET.get("page"))
    return render(request, "payments/policy_versions.html", {"organisation": organisation, "page": page})


def _policy_initial(policy: PaymentPolicy | None) -> tuple[dict, list[dict]]:
    if policy is None:
        return {"effective_from": timezone.localdate()}, []
    fields = {name: getattr(policy, name) for name in PolicyForm.Meta.fields}
    fields["effective_from"] = timezone.localdate()
    rates = [
        {"activity_type": r.activity_type, "label": r.label, "basis": r.basis, "amount": r.amount}
        for r in policy.rates.all()
    ]
    return fields, rates


@staff_required(Role.ORG_ADMIN, Role.FINANCE)
def policy_new(request: HttpRequest) -> HttpResponse:
    organisation = _editable_organisation(request)
    initial, rates = _policy_initial(current_policy(organisation.pk))
    form = PolicyForm(request.POST or None, initial=initial)
    formset = RateFormSet(request.POST or None, initial=rates, prefix="rates")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        rows = [f.cleaned_data for f in formset if f.cleaned_data.get("activity_type")]
        if PaymentPolicy.objects.filter(
            organisation=organisation, effective_from=data["effective_from"]
        ).exists():
            form.add_error("effective_from", _("There is already a version starting on that date"))
        elif len({r["activity_type"] for r in rows}) != len(rows):
            form.add_error(None, _("Each activity type can have one rate only"))
        else:
            services.create_policy(
                organisation,
                effective_from=data.pop("effective_from"),
                rates=[(r["activity_type"], r["label"], r["basis"], r["amount"]) for r in rows],
                created_by=request.user,
                **data,
            )
            messages.success(request, _("The new version of the payment policy is saved."))
            return redirect(f"{reverse('payments:policy_versions')}?organisation={organisation.pk}")
    context = {"organisation": organisation, "form": form, "formset": formset}
    return render(request, "payments/policy_new.html", context)


@staff_required(Role.FINANCE)
def csv_layout(request: HttpRequest) -> HttpResponse:
    organisation = _editable_organisation(request)
    if not has_role(request.user, organisation, APPROVERS):
        raise Http404
    form = CsvLayoutForm(
        request.POST or None,
        initial={"columns": runs.csv_columns(organisation)},
        choices=list(runs.CSV_COLUMNS.items()),
    )
    if request.method == "POST" and form.is_valid():
        services.set_csv_layout(organisation, form.cleaned_data["columns"])
        messages.success(request, _("The CSV layout is saved."))
        return redirect("payments:runs")
    return render(request, "payments/csv_layout.html", {"form": form, "organisation": organisation})
