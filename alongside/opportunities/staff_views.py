"""Staff pages: projects, writing and reviewing opportunities, sessions, applicants, selection, attendance."""

from __future__ import annotations

import datetime
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alongside.accounts import access_log
from alongside.accounts.models import Organisation
from alongside.accounts.permissions import (
    get_scoped_or_404,
    has_role,
    organisation_ids,
    scope,
    staff_required,
)
from alongside.core.paging import capped_page
from alongside.opportunities import checks, invitations, queries, selection, services, sortition
from alongside.opportunities.forms import (
    ActivityForm,
    DrawForm,
    JargonTermForm,
    OpportunityForm,
    OutcomeForm,
    PathwayLevelForm,
    ProjectForm,
    ReviewForm,
    SchoolHolidayForm,
    StaffApplicationForm,
)
from alongside.opportunities.models import (
    Activity,
    Application,
    JargonTerm,
    Opportunity,
    PathwayLevel,
    Project,
    SchoolHoliday,
    SelectionDraw,
)
from alongside.opportunities.roles import RECORD_KEEPERS, REVIEWERS, WRITERS
from alongside.people.models import Contributor

logger = logging.getLogger(__name__)
# People to phone or write to, shown at once on the applicant list (the oldest first).
TO_CONTACT = 50


def _orgs(user, roles=WRITERS):
    return list(Organisation.objects.filter(pk__in=organisation_ids(user, roles)))


def _opportunity(request, pk: int, roles=WRITERS) -> Opportunity:
    return get_scoped_or_404(
        request.user, Opportunity.objects.select_related("organisation", "project"), pk=pk, roles=roles
    )


def _can_review(user, opportunity: Opportunity) -> bool:
    return has_role(user, opportunity.organisation_id, REVIEWERS)


# --- Projects ------------------------------------------------------------------------------------


@staff_required(*WRITERS)
def project_list(request: HttpRequest) -> HttpResponse:
    projects = scope(request.user, Project.objects.select_related("organisation", "lead"), roles=WRITERS)
    page = Paginator(projects.order_by("title", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "opportunities/staff/project_list.html", {"page": page})


# A new project or opportunity belongs to one of the writer's organisations; national admins have
# none to write for, so they are refused rather than shown a form they could never send.
@staff_required(*WRITERS, national_admin=False)
def project_new(request: HttpRequest) -> HttpResponse:
    return _project_form(request, None)


@staff_required(*WRITERS)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(request.user, Project.objects.all(), pk=pk, roles=WRITERS)
    return _project_form(request, project)


def _project_form(request: HttpRequest, project: Project | None) -> HttpResponse:
    form = ProjectForm(request.POST or None, instance=project, organisations=_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        project = form.save(commit=False)
        if project.lead_id is None:
            project.lead = request.user
        project.save()
        messages.success(request, _("The project has been saved."))
        return redirect("opportunities:staff_projects")
    return render(request, "opportunities/staff/project_form.html", {"form": form, "project": project})


@staff_required(*WRITERS)
@require_POST
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(request.user, Project.objects.all(), pk=pk, roles=WRITERS)
    if project.opportunities.exists():
        messages.error(request, _("This project has opportunities. Move or delete them first."))
    else:
        try:
            project.delete()
            messages.success(request, _("The project has been deleted."))
        except ProtectedError:
            messages.error(request, _("This project cannot be deleted."))
    return redirect("opportunities:staff_projects")


# --- Opportunities -------------------------------------------------------------------------------


@staff_required(*WRITERS)
def staff_list(request: HttpRequest) -> HttpResponse:
    scoped = scope(request.user, Opportunity.objects.all(), roles=WRITERS)
    status = request.GET.get("status", "")
    if status in Opportunity.Status.values:
        scoped = scoped.filter(status=status)
    items = queries.staff_opportunities(scoped).order_by("-created_at", "-pk")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "opportunities/staff/list.html",
        {"page": page, "status": status, "statuses": Opportunity.Status.choices},
    )


def _form_kwargs(request, organisation_ids_):
    return {
        "organisations": _orgs(request.user),
        "projects": Project.objects.filter(organisation_id__in=organisation_ids_),
        "levels": PathwayLevel.objects.filter(organisation_id__in=organisation_ids_),
    }


@staff_required(*WRITERS, national_admin=False)
def opportunity_new(request: HttpRequest) -> HttpResponse:
    return _opportunity_form(request, None)


@staff_required(*WRITERS)
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _opportunity_form(request, _opportunity(request, pk))


def _opportunity_form(request: HttpRequest, opportunity: Opportunity | None) -> HttpResponse:
    org_ids = organisation_ids(request.user, WRITERS)
    form = OpportunityForm(request.POST or None, instance=opportunity, **_form_kwargs(request, org_ids))
    writing = None
    if request.method == "POST":
        if form.is_valid() and "check" not in request.POST:
            item = form.save(commit=False)
            was_published = item.pk and item.status == Opportunity.Status.PUBLISHED
            if was_published and not _can_review(request.user, item):
                # A researcher's change to a published opportunity is reviewed again.
                item.status = Opportunity.Status.DRAFT
            item = services.save_opportunity(item, by=request.user, topics=form.cleaned_data["topics"])
            messages.success(request, _saved_message(item, was_published=bool(was_published)))
            return redirect("opportunities:staff_detail", pk=item.pk)
        organisation = form.cleaned_data.get("organisation") if hasattr(form, "cleaned_data") else None
        org_id = organisation.pk if organisation else (opportunity.organisation_id if opportunity else None)
        if org_id:
            writing = checks.check_writing(
                organisation_id=org_id,
                title=request.POST.get("title", ""),
                summary=request.POST.get("summary", ""),
                what_you_would_do=request.POST.get("what_you_would_do", ""),
                who_we_want=request.POST.get("who_we_want", ""),
            )
    elif opportunity is not None:
        writing = checks.check_opportunity(opportunity)
    return render(
        request,
        "opportunities/staff/form.html",
        {"form": form, "opportunity": opportunity, "writing": writing},
    )


def _saved_message(opportunity: Opportunity, *, was_published: bool) -> str:
    """What happens next depends on where the opportunity stands (review D19)."""
    status = opportunity.status
    if status == Opportunity.Status.IN_REVIEW:
        return _("Saved. It is still waiting for review, and the reviewer will see this version.")
    if status == Opportunity.Status.PUBLISHED:
        return _("Saved. The public page shows the change.")
    if was_published:
        return _("Saved. Because it was public, the change needs review: send it for review again.")
    return _("Saved. Check the writing and timing below, then send it for review.")


@staff_required(*WRITERS)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity(request, pk)
    sessions = list(queries.activities_for(opportunity))
    return render(
        request,
        "opportunities/staff/detail.html",
        {
            "opportunity": opportunity,
            "sessions": sessions,
            "writing": checks.check_opportunity(opportunity),
            "timing": checks.opportunity_timing(opportunity),
            "blockers": services.publish_blockers(opportunity),
            "history": opportunity.review_events.select_related("by")[:50],
            "can_review": _can_review(request.user, opportunity),
            "review_form": ReviewForm(),
        },
    )


def _run(request, action, opportunity, **kwargs) -> bool:
    try:
        action(opportunity, by=request.user, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    return True


@staff_required(*WRITERS)
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity(request, pk)
    if _run(request, services.submit_for_review, opportunity):
        messages.success(request, _("Sent to your involvement team for review."))
    return redirect("opportunities:staff_detail", pk=pk)


@staff_required(*REVIEWERS)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity(request, pk, roles=REVIEWERS)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = {
            "approve": services.approve,
            "changes": services.request_changes,
            "reject": services.reject,
        }[form.cleaned_data["decision"]]
        if _run(request, action, opportunity, comment=form.cleaned_data["comment"]):
            messages.success(request, _("Your decision has been recorded."))
            return redirect("opportunities:staff_detail", pk=pk)
    return render(
        request,
        "opportunities/staff/review.html",
        {
            "opportunity": opportunity,
            "form": form,
            "writing": checks.check_opportunity(opportunity),
            "timing": checks.opportunity_timing(opportunity),
            "blockers": services.publish_blockers(opportunity),
            "history": opportunity.review_events.select_related("by")[:50],
        },
    )


# Closing is the organisation's decision: national admins read its opportunities but do not close them.
@staff_required(*WRITERS, national_admin=False)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing cannot be undone, so the button leads to a page that says what will happen first."""
    opportunity = get_scoped_or_404(
        request.user, Opportunity.objects.all(), pk=pk, roles=WRITERS, national_reads_all=False
    )
    if opportunity.status != Opportunity.Status.PUBLISHED:
        return redirect("opportunities:staff_detail", pk=pk)  # already closed, or never published
    if request.method == "POST":
        if _run(request, services.close, opportunity):
            messages.success(request, _("The opportunity is closed and no longer public."))
        return redirect("opportunities:staff_detail", pk=pk)
    applicants = opportunity.applications.count()
    return render(
        request, "opportunities/staff/close.html", {"opportunity": opportunity, "applicants": applicants}
    )


# --- Sessions ------------------------------------------------------------------------------------


@staff_required(*WRITERS)
def session_edit(request: HttpRequest, pk: int, session_pk: int | None = None) -> HttpResponse:
    opportunity = _opportunity(request, pk)
    session = get_object_or_404(Activity, pk=session_pk, opportunity=opportunity) if session_pk else None
    form = ActivityForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.opportunity = opportunity
        session.save()
        for warning in checks.timing_warnings(
            organisation_id=opportunity.organisation_id,
            nation=opportunity.nation,
            closes_on=None,
            activities=[session],
        ):
            messages.warning(request, warning)
        messages.success(request, _("The session has been saved."))
        return redirect("opportunities:staff_detail", pk=pk)
    return render(
        request,
        "opportunities/staff/session_form.html",
        {"form": form, "opportunity": opportunity, "session": session},
    )


# --- Applicants and selection --------------------------------------------------------------------


@staff_required(*WRITERS)
def applicants(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity(request, pk)
    everyone = queries.applicants(opportunity)
    status = request.GET.get("status", "")
    shown = everyone.filter(status=status) if status in Application.Status.values else everyone
    page = capped_page(request, shown)
    access_log.record_views(
        request,
        [application.contributor for application in page],
        organisation=opportunity.organisation,
        purpose="applicants",
    )
    summary = selection.applicant_summary(everyone, _targets(opportunity))
    return render(
        request,
        "opportunities/staff/applicants.html",
        {
            "opportunity": opportunity,
            "page": page,
            "status": status,
            "statuses": Application.Status.choices,
            "mix": summary.mix,
            "targets": summary.targets,
            # The oldest first; each leaves the list once marked as told, so the list stays short.
            "to_contact": everyone.filter(needs_contact=True)[:TO_CONTACT],
        },
    )


def _targets(opportunity: Opportunity) -> list:
    try:
        return selection.parse_quotas(opportunity.targets)
    except ValueError:
        return []


@staff_required(*RECORD_KEEPERS, national_admin=False)
def record_application(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record an application made by phone or post, for a person with or without a login."""
    opportunity = get_scoped_or_404(
        request.user, Opportunity.objects.all(), pk=pk, roles=RECORD_KEEPERS, national_reads_all=False
    )
    form = StaffApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        contributor = _by_reference(request.user, reference)
        if contributor is None:
            form.add_error(
                "reference", _("No person in your organisation has this reference. Check it and try again.")
            )
        else:
            try:
                services.apply(
                    opportunity,
                    contributor,
                    why_interested=form.cleaned_data["why_interested"],
                    anything_else=form.cleaned_data["anything_else"],
                    how=form.cleaned_data["how"],
                    recorded_by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, _("The application has been recorded."))
                return redirect("opportunities:staff_applicants", pk=pk)
    return render(
        request, "opportunities/staff/record_application.html", {"form": form, "opportunity": opportunity}
    )


def _by_reference(user, reference: str) -> Contributor | None:
    """A person of the user's organisations by reference, for staff who keep people's records."""
    people = scope(user, Contributor.objects.all(), roles=RECORD_KEEPERS, national_reads_all=False)
    return people.filter(reference=reference).first() if reference else None


def _keeps_records(user, opportunity: Opportunity) -> bool:
    return has_role(user, opportunity.organisation_id, RECORD_KEEPERS)


def _application(request, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("opportunity", "contributor"), pk=pk)
    _opportunity(request, application.opportunity_id)  # 404 for another organisation
    return application


@staff_required(*WRITERS)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = OutcomeForm(
        request.POST or None,
        initial={
            "status": application.status,
            "reason": application.outcome_reason,
            "message": application.outcome_message,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.set_application_status(
            application,
            form.cleaned_data["status"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
        messages.success(request, _("Saved. The person is told in their chosen way."))
        return redirect("opportunities:staff_applicants", pk=application.opportunity_id)
    access_log.record_view(
        request,
        application.contributor,
        organisation=application.opportunity.organisation,
        purpose="application",
    )
    return render(request, "opportunities/staff/application.html", {"application": application, "form": form})


@staff_required(*WRITERS)
@require_POST
def mark_contacted(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    services.mark_contacted(application)
    messages.success(request, _("Marked as told."))
    return redirect("opportunities:staff_applicants", pk=application.opportunity_id)


@staff_required(*WRITERS)
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity(request, pk)
    pool_size = queries.draw_pool(opportunity.pk).count()
    in_background = pool_size >= selection.BACKGROUND_FROM
    form = DrawForm(
        request.POST or None, initial={"places": opportunity.places, "quotas": opportunity.targets}
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = _draw(request, opportunity, form.cleaned_data, in_background=in_background)
        except sortition.InfeasibleQuotas as exc:
            form.add_error(None, str(exc) + " " + _("Loosen the targets or choose fewer places."))
        except sortition.DrawFailed:
            logger.exception("Representative draw failed for opportunity %s", opportunity.pk)
            form.add_error(
                None, _("The draw could not be worked out. Try again, and tell support if it fails again.")
            )
        else:
            return redirect("opportunities:staff_draw_result", pk=result.pk)
    return render(
        request,
        "opportunities/staff/draw.html",
        {
            "opportunity": opportunity,
            "form": form,
            "pool_size": pool_size,
            "in_background": in_background,
        },
    )


def _draw(
    request: HttpRequest, opportunity: Opportunity, data: dict, *, in_background: bool
) -> SelectionDraw:
    """A large pool is drawn by a background task; a small one at once."""
    if in_background:
        return selection.queue_draw(
            opportunity,
            list(queries.draw_pool(opportunity.pk).values_list("pk", flat=True)),
            places=data["places"],
            typed=data["quotas"],
            census=data["use_census"],
            seed=data["seed"],
            by=request.user,
        )
    pool = list(queries.draw_pool(opportunity.pk))
    features = selection.applicant_features(pool)
    return services.run_draw(
        opportunity,
        pool,
        features,
        places=data["places"],
        quotas=selection.draw_quotas(data["quotas"], data["use_census"], data["places"], features),
        seed=data["seed"],
        by=request.user,
    )


@staff_required(*WRITERS)
def draw_result(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(SelectionDraw.objects.select_related("opportunity", "progress"), pk=pk)
    opportunity = _opportunity(request, result.opportunity_id)
    if request.method == "POST":
        try:
            selected = services.apply_draw(result, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("opportunities:staff_draw_result", pk=result.pk)
        messages.success(
            request,
            ngettext(
                "%(n)s drawn applicant is now selected; everyone else in the draw is not. Everyone is "
                "being told.",
                "%(n)s drawn applicants are now selected; everyone else in the draw is not. Everyone is "
                "being told.",
                selected,
            )
            % {"n": selected},
        )
        return redirect("opportunities:staff_applicants", pk=opportunity.pk)
    context = {"opportunity": opportunity, "draw": result, "stuck": _stuck(result)}
    if result.status == SelectionDraw.Status.DONE:
        context |= _drawn_rows(request, result)
    return render(request, "opportunities/staff/draw_result.html", context)


def _stuck(result: SelectionDraw) -> bool:
    """Waiting far longer than the largest draw takes: the background worker has probably stopped."""
    waited = timezone.now() - result.created_at
    return result.status == SelectionDraw.Status.WAITING and waited > datetime.timedelta(minutes=15)


def _drawn_rows(request: HttpRequest, result: SelectionDraw) -> dict:
    """The panel, then one page of every applicant's chance (highest first); each person shown is logged."""
    chances = sorted(result.probabilities.items(), key=lambda item: (-item[1], int(item[0])))
    page = Paginator(chances, 50).get_page(request.GET.get("page"))
    shown = {int(app_id) for app_id, _p in page} | set(result.selected)
    by_id = queries.applicants(result.opportunity).filter(pk__in=shown).in_bulk()
    access_log.record_views(
        request,
        [a.contributor for a in by_id.values()],
        organisation=result.opportunity.organisation,
        purpose="selection draw",
    )
    return {
        "page": page,
        "rows": [(by_id.get(int(app_id)), p, int(app_id) in result.selected) for app_id, p in page],
        "panel": [(by_id.get(app_id), result.probabilities.get(str(app_id))) for app_id in result.selected],
        "quotas": [selection.quota_words(quota) for quota in result.quotas_met],
    }


# --- Attendance ----------------------------------------------------------------------------------


@staff_required(*WRITERS)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Activity.objects.select_related("opportunity"), pk=pk)
    opportunity = _opportunity(request, session.opportunity_id)
    selected = list(
        Application.objects.filter(
            opportunity=opportunity, status=Application.Status.SELECTED
        ).select_related("contributor")
    )
    recorded = {c.contributor_id: c.minutes for c in session.contributions.all()}
    if request.method == "GET":
        for application in selected:
            access_log.record_view(
                request, application.contributor, organisation=opportunity.organisation, purpose="attendance"
            )
    errors: list[str] = []
    if request.method == "POST":
        entries, errors = _attendance_entries(request, selected, session)
        if not errors:
            try:
                services.record_attendance(session, entries, by=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                saved = ngettext(
                    "Attendance saved for %(n)s person.", "Attendance saved for %(n)s people.", len(entries)
                )
                messages.success(request, saved % {"n": len(entries)})
                return redirect("opportunities:staff_detail", pk=opportunity.pk)
    rows = [
        {
            "application": a,
            "took_part": request.POST.get(f"took_part_{a.contributor_id}") == "on"
            if request.method == "POST"
            else a.contributor_id in recorded,
            "minutes": request.POST.get(f"minutes_{a.contributor_id}")
            if request.method == "POST"
            else recorded.get(a.contributor_id, session.duration_minutes),
        }
        for a in selected
    ]
    return render(
        request,
        "opportunities/staff/attendance.html",
        {
            "session": session,
            "opportunity": opportunity,
            "rows": rows,
            "errors": errors,
            "reference": request.POST.get("reference", ""),
            "extra_minutes": request.POST.get("extra_minutes", ""),
            "keeps_records": _keeps_records(request.user, opportunity),
        },
    )


def _minutes(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _attendance_entries(request, selected, session):
    entries, errors = [], []
    for application in selected:
        contributor = application.contributor
        if request.POST.get(f"took_part_{contributor.pk}") == "on":
            minutes = _minutes(request.POST.get(f"minutes_{contributor.pk}", ""))
            if not minutes:
                errors.append(
                    _("Enter how many minutes %(name)s took part, as a whole number.")
                    % {"name": contributor.display_name}
                )
            entries.append((contributor, minutes))
    # Only staff who see references get the box (and only theirs is read).
    keeps_records = _keeps_records(request.user, session.opportunity)
    reference = request.POST.get("reference", "").strip().upper() if keeps_records else ""
    if reference:
        other = _by_reference(request.user, reference)
        if other is None:
            errors.append(_("No person in your organisation has the reference %(r)s.") % {"r": reference})
        else:
            entries.append(
                (other, _minutes(request.POST.get("extra_minutes", "")) or session.duration_minutes)
            )
    if not entries and not errors:
        errors.append(_("Tick at least one person who took part."))
    return entries, errors


# --- Invitations ---------------------------------------------------------------------------------


@staff_required(*WRITERS)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Inviting starts from a registry search set up from the opportunity: people are chosen from
    the search results, never by reference, so nothing here shows whether a person exists."""
    opportunity = _opportunity(request, pk)
    if not invitations.open_for_invitations(request.user).filter(pk=opportunity.pk).exists():
        messages.error(request, _("People can be invited only while the opportunity is published and open."))
        return redirect("opportunities:staff_detail", pk=pk)
    query = urlencode(invitations.search_preset(opportunity), doseq=True)
    return redirect(f"{reverse('people:search')}?{query}")


# --- Organisation settings: jargon, school holidays, pathway levels ------------------------------

SETTINGS = {
    "jargon": (JargonTerm, JargonTermForm, _("Jargon and acronyms"), "term"),
    "school-holidays": (SchoolHoliday, SchoolHolidayForm, _("School holidays"), "starts_on"),
    "levels": (PathwayLevel, PathwayLevelForm, _("Levels on the way in"), "position"),
}


@staff_required(*REVIEWERS)
def org_settings(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in SETTINGS:
        raise Http404
    model, form_class, title, order = SETTINGS[kind]
    organisations = _orgs(request.user, REVIEWERS)
    form = form_class(request.POST or None, organisations=organisations)
    if request.method == "POST" and "delete" in request.POST:
        item_pk = request.POST.get("delete", "")
        if not item_pk.isdigit():
            raise Http404
        item = get_scoped_or_404(request.user, model.objects.all(), pk=int(item_pk), roles=REVIEWERS)
        item.delete()
        messages.success(request, _("Deleted."))
        return redirect("opportunities:staff_settings", kind=kind)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Added."))
        return redirect("opportunities:staff_settings", kind=kind)
    items = scope(request.user, model.objects.select_related("organisation"), roles=REVIEWERS).order_by(
        order, "pk"
    )
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "opportunities/staff/settings.html",
        {"form": form, "page": page, "title": title, "kind": kind, "kinds": SETTINGS},
    )
