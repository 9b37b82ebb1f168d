"""Events: the public page, registering and cancelling, the calendar file; and the staff pages
(a process's events, planning one, its registrations, waiting list and attendance)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alongside.accounts.permissions import staff_required
from alongside.core.absolute import site_domain
from alongside.core.downloads import file_response
from alongside.engagement import event_queries, events, queries
from alongside.engagement.forms_events import EventForm, RegistrationForm, StaffRegistrationForm
from alongside.engagement.models import Event, EventStatus, Registration
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import add_errors, process_for
from alongside.people import queries as people_queries
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor

Status = Registration.Status

# --- Public ------------------------------------------------------------------------------------------


def _public_event(process_slug: str, slug: str) -> Event:
    process = get_object_or_404(queries.published_processes(), slug=process_slug)
    try:
        return event_queries.event_with_counts(event_queries.public_events(process), slug=slug)
    except Event.DoesNotExist as exc:
        raise Http404 from exc


def _contributor(request: HttpRequest) -> Contributor | None:
    if not request.user.is_authenticated:
        return None
    return Contributor.objects.filter(user=request.user).first()


def event_page(request: HttpRequest, process_slug: str, slug: str) -> HttpResponse:
    event = _public_event(process_slug, slug)
    registration = event_queries.registration_of(event, _contributor(request))
    context = {
        "event": event,
        "process": event.process,
        "registration": registration,
        "waiting_place": events.waiting_place(registration) if registration else None,
        "full": event.taken >= event.capacity,
    }
    return render(request, "engagement/events/event.html", context)


@login_required
def register(request: HttpRequest, process_slug: str, slug: str) -> HttpResponse:
    event = _public_event(process_slug, slug)
    contributor = _contributor(request)
    if contributor is None:
        messages.info(request, _("Join first: tell us a little about yourself, then you can register."))
        return redirect("people:join")
    if not event.takes_registrations:
        messages.error(request, _("This event is not taking registrations."))
        return redirect("engagement:event", process_slug, slug)
    form = RegistrationForm(request.POST or None, topics=list(event.process.topics.all()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = events.register(
                event,
                contributor,
                taking_part_as=data["taking_part_as"],
                access_needs=data["access_needs"],
                topics=data["topics"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _registered(request, event, registration)
    return render(request, "engagement/events/register.html", {"event": event, "form": form})


def _registered(request: HttpRequest, event: Event, registration: Registration) -> HttpResponse:
    if registration.status == Status.WAITING:
        messages.info(
            request,
            _("The event is full, so you are on the waiting list. We will tell you if a place comes up."),
        )
    else:
        messages.success(request, _("You have a place. We have sent you the details."))
    survey = event.registration_survey
    if survey is not None and survey.is_open:
        return redirect("engagement:survey_start", survey.slug)
    return redirect("engagement:event", event.process.slug, event.slug)


@login_required
@require_POST
def cancel_own(request: HttpRequest, process_slug: str, slug: str) -> HttpResponse:
    event = _public_event(process_slug, slug)
    registration = event_queries.registration_of(event, _contributor(request))
    if registration is None:
        raise Http404
    events.cancel(registration, by=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("engagement:event", process_slug, slug)


@require_GET
def calendar(request: HttpRequest, process_slug: str, slug: str) -> HttpResponse:
    event = _public_event(process_slug, slug)
    return file_response(
        events.event_calendar(event, domain=site_domain()), content_type="text/calendar", name=event.slug
    )


# --- Staff -------------------------------------------------------------------------------------------


def _event_for(request: HttpRequest, pk: int, event_pk: int) -> Event:
    process = process_for(request, pk)
    try:
        return event_queries.event_with_counts(process.events.all(), pk=event_pk)
    except Event.DoesNotExist as exc:
        raise Http404 from exc


@staff_required(*ENGAGERS)
def all_events(request: HttpRequest) -> HttpResponse:
    page = Paginator(event_queries.events_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "engagement/events/staff_all.html", {"page": page})


@staff_required(*ENGAGERS)
def event_list(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    page = Paginator(event_queries.events_of(process), 30).get_page(request.GET.get("page"))
    return render(request, "engagement/events/staff_list.html", {"process": process, "page": page})


@staff_required(*ENGAGERS)
def event_edit(request: HttpRequest, pk: int, event_pk: int | None = None) -> HttpResponse:
    process = process_for(request, pk)
    event = _event_for(request, pk, event_pk) if event_pk else None
    form = EventForm(request.POST or None, instance=event, process=process)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in EventForm.Meta.fields}
        try:
            event = events.update_event(event, **fields) if event else events.create_event(process, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("engagement:staff_event", process.pk, event.pk)
    return render(
        request, "engagement/events/staff_form.html", {"form": form, "process": process, "event": event}
    )


@staff_required(*ENGAGERS)
def event_detail(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    event = _event_for(request, pk, event_pk)
    search = request.GET.get("q", "").strip()
    places = Paginator(event_queries.registrations(event, Status.REGISTERED, search), 50)
    waiting = Paginator(event_queries.registrations(event, Status.WAITING, search), 50)
    context = {
        "event": event,
        "process": event.process,
        "search": search,
        "places": places.get_page(request.GET.get("page")),
        "waiting": waiting.get_page(request.GET.get("waiting_page")),
        "statuses": EventStatus.choices,
        "rounds": event_queries.rounds_of(event),
    }
    return render(request, "engagement/events/staff_detail.html", context)


@staff_required(*ENGAGERS)
@require_POST
def event_status(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    event = _event_for(request, pk, event_pk)
    status = request.POST.get("status", "")
    if status == EventStatus.CANCELLED and request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the event is cancelled."))
    else:
        try:
            events.set_status(event, status, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The event's status has been changed."))
    return redirect("engagement:staff_event", pk, event_pk)


@staff_required(*ENGAGERS)
def staff_register(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Register someone who phoned or wrote in."""
    event = _event_for(request, pk, event_pk)
    form = StaffRegistrationForm(
        request.POST or None, topics=list(event.process.topics.all()), initial={"how": HowGiven.PHONE}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contributor = _find_contributor(request, data["reference"])
        if contributor is None:
            form.add_error("reference", _("Nobody you can see has this reference. Check it and try again."))
        else:
            try:
                registration = events.register(
                    event,
                    contributor,
                    taking_part_as=data["taking_part_as"],
                    access_needs=data["access_needs"],
                    topics=data["topics"],
                    how=data["how"],
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is registered: %(status)s.")
                    % {"name": contributor.display_name, "status": registration.get_status_display()},
                )
                return redirect("engagement:staff_event", pk, event_pk)
    return render(request, "engagement/events/staff_register.html", {"event": event, "form": form})


def _find_contributor(request: HttpRequest, reference: str) -> Contributor | None:
    visible = people_queries.visible_contributors(request.user)
    return visible.filter(reference__iexact=reference.strip()).first()


@staff_required(*ENGAGERS)
def staff_cancel(request: HttpRequest, pk: int, event_pk: int, registration_pk: int) -> HttpResponse:
    """Asks first: a cancelled place may go straight to someone on the waiting list."""
    event = _event_for(request, pk, event_pk)
    registration = get_object_or_404(
        event.registrations.exclude(status=Status.CANCELLED).select_related("contributor"), pk=registration_pk
    )
    if request.method != "POST":
        context = {"event": event, "registration": registration}
        return render(request, "engagement/events/staff_cancel.html", context)
    moved_up = events.cancel(registration, by=request.user)
    messages.success(request, _("The registration is cancelled."))
    if moved_up:
        messages.info(
            request,
            _("%(name)s moved up from the waiting list and has been told.")
            % {"name": moved_up.contributor.display_name},
        )
    return redirect("engagement:staff_event", pk, event_pk)


@staff_required(*ENGAGERS)
@require_POST
def attendance(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    event = _event_for(request, pk, event_pk)
    shown = [int(v) for v in request.POST.getlist("shown") if v.isdigit()]
    ticked = {int(v) for v in request.POST.getlist("came") if v.isdigit()}
    # Only the people on this page: ticks on other pages stay as they were.
    already = set(
        event.registrations.filter(attended=True).exclude(pk__in=shown).values_list("pk", flat=True)
    )
    came = list(event.registrations.filter(pk__in=ticked | already))
    try:
        events.record_attendance(event, came, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance saved: %(n)d people came.") % {"n": len(came)})
    return redirect("engagement:staff_event", pk, event_pk)


@staff_required(*ENGAGERS)
@require_POST
def reminders(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    event = _event_for(request, pk, event_pk)
    sent = events.send_reminders(event, by=request.user)
    messages.success(request, _("Reminders are on their way to %(n)d people.") % {"n": sent})
    return redirect("engagement:staff_event", pk, event_pk)
