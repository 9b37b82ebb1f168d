"""Finance: full bank details, cooling-off holds, payment runs, confirmations and the CSV layout."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import access_log
from alongside.accounts.models import Organisation, Role
from alongside.accounts.permissions import get_scoped_or_404, has_role, organisations_where, staff_required
from alongside.payments import confirmations, holds, queries, reconciliation, runs, services, tasks
from alongside.payments.forms import ConfirmationFileForm, CsvLayoutForm, ReasonForm
from alongside.payments.models import BankDetails, Claim, PaymentRun, ReconciliationAlert
from alongside.payments.roles import APPROVERS
from alongside.payments.services import ClaimError
from alongside.payments.views.common import PAGE, add_error, editable_organisation
from alongside.people.models import Contributor


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


@staff_required(Role.FINANCE)
def bank_holds(request: HttpRequest) -> HttpResponse:
    """Who is waiting out a cooling-off period after a change of bank details."""
    held = holds.on_hold(organisations_where(request.user, APPROVERS))
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


@staff_required(Role.FINANCE)
def run_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.runs_for(request.user), PAGE).get_page(request.GET.get("page"))
    organisations = organisations_where(request.user, APPROVERS)
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
            add_error(form, error)
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


@staff_required(Role.FINANCE)
def csv_layout(request: HttpRequest) -> HttpResponse:
    organisation = editable_organisation(request)
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
