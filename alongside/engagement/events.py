"""Events: planning them, registration with a waiting list, what people are told, and attendance.

Each event is a session (``opportunities.Activity``) of one opportunity per process, created here,
so that attendance is recorded by ``opportunities.services.record_attendance`` as the same
``Contribution`` an opportunity session gives: payments, journeys and impact need nothing new.

Registration locks the event row, so parallel registrations never give more places than the
event has; beyond capacity a person joins the waiting list (never an error). When someone with a
place cancels, the first person waiting moves up in the same transaction and is told.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence

import icalendar
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alongside.core.absolute import absolute_url
from alongside.engagement.models import (
    Event,
    EventNotice,
    EventStatus,
    Process,
    ProcessOpportunity,
    Registration,
    TakingPartAs,
    Topic,
    TopicChoice,
)
from alongside.opportunities import services as opportunity_services
from alongside.opportunities.models import Activity, Application, Contribution, Format, Opportunity
from alongside.outreach import services as outreach
from alongside.outreach.content import Content, in_every_language
from alongside.outreach.kinds import Kind
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor

Status = Registration.Status
Notice = EventNotice.Kind


# --- Planning events ---------------------------------------------------------------------------------


def opportunity_for(process: Process) -> Opportunity:
    """The opportunity a process's events are sessions of (made the first time it is needed)."""
    link = ProcessOpportunity.objects.filter(process=process).select_related("opportunity").first()
    if link:
        return link.opportunity
    opportunity = Opportunity.objects.create(
        organisation=process.organisation,
        title=process.title[:150],
        slug=opportunity_services.new_slug(process.title),
        summary=process.summary[:600],
        format=Format.ONLINE,
        # Events are found on the process's public page, not in the list of opportunities.
        status=Opportunity.Status.CLOSED,
        created_by=process.created_by,
    )
    ProcessOpportunity.objects.create(process=process, opportunity=opportunity)
    return opportunity


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})


def _sync_activity(event: Event) -> None:
    activity = _ensure_activity(event)
    activity.title = event.title[:150]
    activity.starts_at = event.starts_at
    activity.duration_minutes = event.minutes
    activity.format = Format.ONLINE if event.is_online else Format.IN_PERSON
    activity.location = "" if event.is_online else event.venue.splitlines()[0][:200] if event.venue else ""
    activity.save()


def _ensure_activity(event: Event) -> Activity:
    """Events made before they had sessions (or by other code) get one the first time it is needed."""
    if event.activity is None:
        opportunity = opportunity_for(event.process)
        event.activity = Activity.objects.create(
            opportunity=opportunity,
            title=event.title[:150],
            starts_at=event.starts_at,
            duration_minutes=event.minutes,
        )
        event.save(update_fields=["activity"])
    return event.activity


def _new_slug(title: str) -> str:
    return f"{slugify(title)[:60] or 'event'}-{secrets.token_hex(3)}"


@transaction.atomic
def create_event(process: Process, **fields) -> Event:
    _check_times(fields["starts_at"], fields["ends_at"])
    opportunity = opportunity_for(process)
    activity = Activity.objects.create(
        opportunity=opportunity, title=fields["title"][:150], activity_type="meeting"
    )
    event = Event.objects.create(
        process=process, slug=_new_slug(fields["title"]), activity=activity, **fields
    )
    _sync_activity(event)
    return event


@transaction.atomic
def update_event(event: Event, **fields) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_times(fields.get("starts_at", event.starts_at), fields.get("ends_at", event.ends_at))
    capacity = fields.get("capacity", event.capacity)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    _sync_activity(event)
    # More places: people waiting move up, first come first served.
    while event.registrations.filter(status=Status.REGISTERED).count() < capacity and _promote_next(event):
        pass
    return event


@transaction.atomic
def set_status(event: Event, status: str, *, by=None) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if status not in EventStatus.values:
        raise ValidationError(_("Choose a status."))
    event.status = status
    event.save(update_fields=["status"])
    if status == EventStatus.CANCELLED:
        _tell_event_cancelled(event, by)
    return event


# --- Registration and the waiting list -------------------------------------------------------------


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("process__organisation").get(pk=event.pk)


def _check_topics(event: Event, topics: Sequence[Topic]) -> None:
    if len({t.pk for t in topics}) != len(topics):
        raise ValidationError({"topics": _("Choose each topic once.")})
    if any(t.process_id != event.process_id for t in topics):
        raise ValidationError({"topics": _("Choose topics of this event.")})


def register(
    event: Event,
    contributor: Contributor,
    *,
    taking_part_as: str = TakingPartAs.PUBLIC,
    access_needs: str = "",
    topics: Sequence[Topic] = (),
    how: str = HowGiven.ONLINE,
    by=None,
) -> Registration:
    """A place if there is one, else the waiting list. Registering twice gives the same registration."""
    try:
        with transaction.atomic():
            return _register(event, contributor, taking_part_as, access_needs, topics, how, by)
    except IntegrityError:
        # The same person's two clicks at once: the first made the registration.
        return Registration.objects.get(event=event, contributor=contributor)


def _register(event, contributor, taking_part_as, access_needs, topics, how, by) -> Registration:
    event = _lock(event)
    if not event.takes_registrations:
        raise ValidationError(_("This event is not taking registrations."))
    _check_topics(event, topics)
    existing = Registration.objects.filter(event=event, contributor=contributor).first()
    if existing and existing.status != Status.CANCELLED:
        return existing
    full = event.registrations.filter(status=Status.REGISTERED).count() >= event.capacity
    now = timezone.now()
    registration = existing or Registration(event=event, contributor=contributor)
    registration.status = Status.WAITING if full else Status.REGISTERED
    registration.taking_part_as = taking_part_as
    registration.access_needs = access_needs.strip()
    registration.how, registration.recorded_by = how, by
    registration.queued_at, registration.cancelled_at, registration.promoted_at = now, None, None
    registration.save()
    registration.topic_choices.all().delete()
    TopicChoice.objects.bulk_create(
        TopicChoice(registration=registration, topic=topic, rank=rank) for rank, topic in enumerate(topics, 1)
    )
    _tell(registration, Notice.WAITING if full else Notice.CONFIRMED, by)
    return registration


def waiting_place(registration: Registration) -> int | None:
    """1 for the first person on the waiting list."""
    if registration.status != Status.WAITING:
        return None
    queued = registration.queued_at
    earlier = Q(queued_at__lt=queued) | Q(queued_at=queued, pk__lt=registration.pk)
    ahead = registration.event.registrations.filter(earlier, status=Status.WAITING)
    return ahead.count() + 1


def _promote_next(event: Event, by=None) -> Registration | None:
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, status=Status.WAITING)
        .order_by("queued_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status, waiting.promoted_at = Status.REGISTERED, timezone.now()
    waiting.save(update_fields=["status", "promoted_at"])
    _tell(waiting, Notice.PROMOTED, by)
    return waiting


@transaction.atomic
def cancel(registration: Registration, *, by=None) -> Registration | None:
    """Cancel a place or a place on the waiting list. Returns whoever moved up, if anyone."""
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        return None
    had_place = registration.status == Status.REGISTERED
    registration.status, registration.cancelled_at = Status.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    _tell(registration, Notice.CANCELLED, by)
    if had_place and not event.has_started:
        return _promote_next(event, by)
    return None


# --- Attendance ----------------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(event: Event, attended: Iterable[Registration], *, by) -> list[Contribution]:
    """Mark who came; each becomes a contribution of the event's session, as for any opportunity.

    People no longer ticked lose their record, unless they have claimed payment for it.
    """
    event = _lock(event)
    if not event.has_started:
        raise ValidationError(_("Record attendance once the event has started."))
    came = {r.pk for r in attended}
    registrations = list(
        event.registrations.filter(status=Status.REGISTERED).select_related("contributor").order_by("pk")
    )
    if came - {r.pk for r in registrations}:
        raise ValidationError(_("Only people with a place can be marked as having come."))
    left = [r for r in registrations if r.attended and r.pk not in came]
    _forget_attendance(event, left)
    present = [r for r in registrations if r.pk in came]
    _ensure_activity(event)
    _select(event, present, by)
    saved = opportunity_services.record_attendance(
        event.activity, [(r.contributor, event.minutes) for r in present], by=by
    )
    for contribution, registration in zip(saved, present, strict=True):
        if contribution.role != registration.get_taking_part_as_display():
            contribution.role = str(registration.get_taking_part_as_display())[:80]
            contribution.save(update_fields=["role"])
    Registration.objects.filter(pk__in=[r.pk for r in present]).update(attended=True)
    return saved


def _select(event: Event, registrations: Sequence[Registration], by) -> None:
    """Everyone who came is selected for the process's opportunity, as attendance requires."""
    opportunity = event.activity.opportunity
    people = {r.contributor_id: r for r in registrations}
    applied = Application.objects.filter(opportunity=opportunity, contributor_id__in=people)
    applied.exclude(status=Application.Status.SELECTED).update(status=Application.Status.SELECTED)
    known = set(applied.values_list("contributor_id", flat=True))
    Application.objects.bulk_create(
        Application(
            opportunity=opportunity,
            contributor_id=contributor_id,
            status=Application.Status.SELECTED,
            how=registration.how,
            recorded_by=by,
        )
        for contributor_id, registration in people.items()
        if contributor_id not in known
    )


def _forget_attendance(event: Event, registrations: Sequence[Registration]) -> None:
    contributions = Contribution.objects.filter(
        activity=event.activity, contributor__in=[r.contributor_id for r in registrations]
    )
    claimed = contributions.filter(claim_lines__active=True).select_related("contributor")
    for contribution in claimed:
        raise ValidationError(
            _("%(name)s has claimed payment for this event, so their attendance stays.")
            % {"name": contribution.contributor.display_name}
        )
    contributions.delete()
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(attended=False)


# --- What people are told --------------------------------------------------------------------------


def _when(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    return f"{formats.date_format(start, 'l j F Y')}, {start:%H:%M}–{end:%H:%M}"


def _context(event: Event) -> dict[str, str]:
    return {
        "event": event.title,
        "event_link": absolute_url(reverse("engagement:event", args=[event.process.slug, event.slug])),
        "calendar_link": absolute_url(
            reverse("engagement:event_calendar", args=[event.process.slug, event.slug])
        ),
        "online_link": event.online_link,
        "venue": ", ".join(line.strip() for line in event.venue.splitlines() if line.strip()),
        "access": event.access_information,
    }


def _joining(event: Event) -> list[str]:
    return [
        _("Join online: ((online_link))") if event.online_link else "",
        _("Where: ((venue))") if event.venue else "",
        _("Access: ((access))") if event.access_information else "",
        _("Add it to your calendar: ((calendar_link))"),
    ]


def notice_content(event: Event, kind: str) -> Content:
    def build() -> Content:
        when = _when(event)
        subject, lines = {
            Notice.CONFIRMED: (_("Your place: ((event))"), [_("You have a place at ((event)) on %(when)s.")]),
            Notice.PROMOTED: (
                _("A place has come up: ((event))"),
                [_("Good news: a place has come up, and it is yours. ((event)) is on %(when)s.")],
            ),
            Notice.REMINDER: (_("A reminder: ((event))"), [_("A reminder that ((event)) is on %(when)s.")]),
            Notice.WAITING: (
                _("You are on the waiting list: ((event))"),
                [
                    _("((event)) on %(when)s is full, so you are on the waiting list."),
                    _("If a place comes up, it is yours and we will tell you straight away."),
                ],
            ),
            Notice.CANCELLED: (
                _("Your place is cancelled: ((event))"),
                [_("Your registration for ((event)) on %(when)s is cancelled. You can register again.")],
            ),
            Notice.EVENT_CANCELLED: (
                _("Cancelled: ((event))"),
                [
                    _("We are sorry: ((event)) on %(when)s will not go ahead."),
                    _("We will tell you about other events."),
                ],
            ),
        }[kind]
        with_place = kind in (Notice.CONFIRMED, Notice.PROMOTED, Notice.REMINDER)
        paragraphs = [
            _("Hello ((first_name)),"),
            *(line % {"when": when} if "%(when)s" in line else line for line in lines),
            *(_joining(event) if with_place else []),
            _("Details, or to cancel: ((event_link))"),
            _("Or phone us on ((contact_phone))."),
        ]
        return Content(
            subject=subject,
            body="\n\n".join(p for p in paragraphs if p),
            phone_script=_(
                "Tell them about ((event)) on %(when)s and check they still need the support they asked for."
            )
            % {"when": when},
        )

    content = in_every_language(build)
    content.context = _context(event)
    return content


KIND_OF_MESSAGE = {
    Notice.CONFIRMED: Kind.APPLICATION,
    Notice.WAITING: Kind.APPLICATION,
    Notice.PROMOTED: Kind.APPLICATION,
    Notice.CANCELLED: Kind.APPLICATION,
    Notice.EVENT_CANCELLED: Kind.OUTCOME,
    Notice.REMINDER: Kind.REMINDER,
}


def _send(event: Event, kind: str, registrations: Sequence[Registration], by=None) -> None:
    if not registrations:
        return
    result = outreach.send(
        KIND_OF_MESSAGE[kind],
        [r.contributor_id for r in registrations],
        notice_content(event, kind),
        organisation=event.process.organisation,
        sent_by=by,
    )
    EventNotice.objects.bulk_create(
        EventNotice(registration=r, kind=kind, message=result.message) for r in registrations
    )


def _tell(registration: Registration, kind: str, by=None) -> None:
    _send(registration.event, kind, [registration], by)


def _tell_event_cancelled(event: Event, by) -> None:
    told = EventNotice.objects.filter(registration__event=event, kind=Notice.EVENT_CANCELLED)
    people = list(
        event.registrations.filter(status__in=[Status.REGISTERED, Status.WAITING]).exclude(
            pk__in=told.values("registration_id")
        )
    )
    _send(event, Notice.EVENT_CANCELLED, people, by)


@transaction.atomic
def send_reminders(event: Event, *, by=None) -> int:
    """Remind everyone with a place who has not been reminded yet. Safe to run twice."""
    event = _lock(event)
    if event.status != EventStatus.OPEN or event.has_started:
        return 0
    reminded = EventNotice.objects.filter(registration__event=event, kind=Notice.REMINDER)
    people = list(
        event.registrations.filter(status=Status.REGISTERED).exclude(
            pk__in=reminded.values("registration_id")
        )
    )
    _send(event, Notice.REMINDER, people, by)
    return len(people)


def due_for_reminders(now: datetime.datetime | None = None):
    """Open events starting within two days."""
    now = now or timezone.now()
    return Event.objects.filter(
        status=EventStatus.OPEN, starts_at__gt=now, starts_at__lte=now + datetime.timedelta(days=2)
    )


# --- iCalendar -------------------------------------------------------------------------------------------


def event_calendar(event: Event, *, domain: str = "alongside") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Alongside//Events//EN")
    calendar.add("version", "2.0")
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@{domain}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.local_title)
    if event.status == EventStatus.CANCELLED:
        entry.add("status", "CANCELLED")
    where = event.venue.replace("\n", ", ") if event.venue else _("Online")
    entry.add("location", where)
    details = [event.local_description, event.local_access_information]
    details.append(absolute_url(reverse("engagement:event", args=[event.process.slug, event.slug])))
    entry.add("description", "\n\n".join(d for d in details if d))
    calendar.add_component(entry)
    return calendar.to_ical()


# --- Erasure -------------------------------------------------------------------------------------------


def forget_registrant(contributor: Contributor) -> int:
    """At erasure: the support a person said they need goes. That they registered and came stays
    (anonymised with the person), so the event's figures still add up."""
    return Registration.objects.filter(contributor=contributor).update(access_needs="")


def _on_erased(sender, contributor, **kwargs) -> None:
    forget_registrant(contributor)


def connect() -> None:
    from alongside.people.signals import contributor_erased

    contributor_erased.connect(_on_erased, dispatch_uid="engagement-events-erasure")
