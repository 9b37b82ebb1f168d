"""Read-side selectors for events, registrations and breakout rounds."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from alongside.engagement.models import (
    BreakoutRound,
    Event,
    EventStatus,
    Process,
    Registration,
    TopicChoice,
)

Status = Registration.Status
PLACES = Count("registrations", filter=Q(registrations__status=Status.REGISTERED))
WAITING = Count("registrations", filter=Q(registrations__status=Status.WAITING))
CAME = Count("registrations", filter=Q(registrations__attended=True))


def events_of(process: Process) -> QuerySet[Event]:
    """A process's events with their counts, soonest first."""
    return process.events.annotate(taken=PLACES, waiting=WAITING, came=CAME).order_by("starts_at", "pk")


def events_for(user) -> QuerySet[Event]:
    """Every event of the processes the user runs, newest plans first by date."""
    from alongside.accounts.permissions import scope
    from alongside.engagement.roles import ENGAGERS

    queryset = Event.objects.select_related("process").annotate(taken=PLACES, waiting=WAITING, came=CAME)
    return scope(user, queryset, org_field="process__organisation", roles=ENGAGERS).order_by(
        "-starts_at", "-pk"
    )


def public_events(process: Process) -> QuerySet[Event]:
    shown = [EventStatus.OPEN, EventStatus.CLOSED, EventStatus.CANCELLED]
    return events_of(process).filter(status__in=shown)


def event_with_counts(queryset: QuerySet[Event], **lookup) -> Event:
    return (
        queryset.select_related("process__organisation", "registration_survey")
        .annotate(taken=PLACES, waiting=WAITING, came=CAME)
        .get(**lookup)
    )


def registrations(event: Event, status: str, search: str = "") -> QuerySet[Registration]:
    choices = Prefetch("topic_choices", queryset=TopicChoice.objects.select_related("topic").order_by("rank"))
    found = (
        event.registrations.filter(status=status)
        .select_related("contributor")
        .prefetch_related(choices)
        .order_by("queued_at", "pk")
    )
    if search:
        found = found.filter(
            Q(contributor__first_name__icontains=search)
            | Q(contributor__last_name__icontains=search)
            | Q(contributor__reference__iexact=search)
        )
    return found


def registration_of(event: Event, contributor) -> Registration | None:
    if contributor is None:
        return None
    return event.registrations.filter(contributor=contributor).first()


def rounds_of(event: Event) -> QuerySet[BreakoutRound]:
    return event.rounds.annotate(group_count=Count("groups", distinct=True)).prefetch_related("topics")
