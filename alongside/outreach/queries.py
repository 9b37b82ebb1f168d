"""Read-side selectors for outreach pages."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from alongside.accounts.permissions import PEOPLE_MANAGERS, scope
from alongside.outreach.models import Buddy, BuddyMatch, Delivery, Loan, Message, PrintPack, ServiceFeedback
from alongside.people.choices import Channel, Status
from alongside.people.models import Contributor


def deliveries_for(contributor) -> QuerySet[Delivery]:
    """Everything ever sent (or not sent) to one person, newest first."""
    return (
        Delivery.objects.filter(contributor=contributor)
        .select_related("message", "message__organisation")
        .order_by("-queued_at", "-pk")
    )


def routes(message: Message) -> dict[int, tuple[str, str]]:
    """Each recipient's delivery status and channel: how the sender learns who will hear, and how."""
    rows = Delivery.objects.filter(message=message).values_list("contributor_id", "status", "channel")
    return {contributor_id: (status, channel) for contributor_id, status, channel in rows}


def messages_for(user) -> QuerySet[Message]:
    return scope(user, Message.objects.select_related("organisation", "created_by"), roles=PEOPLE_MANAGERS)


def status_counts(message: Message) -> list[dict]:
    """Per channel and status, how many deliveries: the message's status table."""
    return list(
        Delivery.objects.filter(message=message)
        .values("channel", "status")
        .annotate(n=Count("pk"))
        .order_by("channel", "status")
    )


def deliveries_of(message: Message, *, status: str = "", channel: str = "") -> QuerySet[Delivery]:
    deliveries = Delivery.objects.filter(message=message).select_related("contributor")
    if status:
        deliveries = deliveries.filter(status=status)
    if channel:
        deliveries = deliveries.filter(channel=channel)
    return deliveries.order_by("pk")


def unreachable(message: Message) -> QuerySet[Delivery]:
    """People this message could not reach: listed for staff, never dropped silently."""
    return deliveries_of(message).filter(status__in=[Delivery.Status.NO_CHANNEL, Delivery.Status.FAILED])


def call_list(user) -> QuerySet[Delivery]:
    """Phone messages waiting for a call, oldest first."""
    return (
        Delivery.objects.filter(
            channel=Channel.PHONE,
            status=Delivery.Status.SENT,
            message__in=messages_for(user).values("pk"),
        )
        .select_related("contributor", "message")
        .order_by("queued_at", "pk")
    )


def letters_to_post(user) -> QuerySet[PrintPack]:
    """Print packs not yet posted, across every message (notices come one message per event), oldest first."""
    return (
        PrintPack.objects.filter(posted_at__isnull=True, message__in=messages_for(user).values("pk"))
        .select_related("message")
        .order_by("created_at", "pk")
    )


def print_packs(message: Message) -> QuerySet[PrintPack]:
    return PrintPack.objects.filter(message=message).order_by("batch", "large_print")


def buddy_requests(user) -> QuerySet[Contributor]:
    """People who asked for a digital buddy and have no open match."""
    open_match = BuddyMatch.objects.filter(contributor=OuterRef("pk"), status=BuddyMatch.Status.INTRODUCED)
    people = scope(user, Contributor.objects.all(), roles=PEOPLE_MANAGERS)
    return (
        people.filter(wants_digital_buddy=True, erased_at__isnull=True, status=Status.ACTIVE)
        .exclude(Exists(open_match))
        .order_by("created_at", "pk")
    )


def buddies_for(user) -> QuerySet[Buddy]:
    return scope(user, Buddy.objects.all(), roles=PEOPLE_MANAGERS).annotate(
        open_matches=Count("matches", filter=_open_filter())
    )


def _open_filter():
    from django.db.models import Q

    return Q(matches__status=BuddyMatch.Status.INTRODUCED)


def matches_for(user) -> QuerySet[BuddyMatch]:
    return scope(
        user,
        BuddyMatch.objects.select_related("buddy", "contributor"),
        org_field="buddy__organisation",
        roles=PEOPLE_MANAGERS,
    )


def loans_due(user) -> QuerySet[Loan]:
    return scope(
        user,
        Loan.objects.select_related("contributor"),
        org_field="contributor__organisation",
        roles=PEOPLE_MANAGERS,
    ).filter(returned_on__isnull=True, follow_up_on__lte=timezone.localdate())


def service_feedback() -> QuerySet[ServiceFeedback]:
    """Feedback about the website, newest first, for the national admins' list."""
    return ServiceFeedback.objects.select_related("user").order_by("-created_at", "-pk")
