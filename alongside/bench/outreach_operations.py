"""Outreach benchmarks: building a print pack of letters, and queuing a bulk send.

Both are the real code paths inside a rolled-back transaction. Queuing a bulk send
records one delivery per person with its channel (``queue_deliveries``); its limit is
one ``INSERT … SELECT`` writing the same rows. A print pack renders letters to PDF; it
has no bare-SQL equivalent, so its figure is judged against its target only.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from alongside.accounts.models import Organisation
from alongside.people.models import Contributor

BULK_SEND = 100_000
PRINT_PACK = 1_000


def _missing() -> bool:
    try:
        from alongside.outreach import services  # noqa: F401
    except ImportError:
        return True
    return False


def _organisation() -> Organisation:
    busiest = Contributor.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n").first()
    return Organisation.objects.get(pk=busiest["organisation_id"])


def _message(organisation, subject: str):
    from alongside.outreach.models import Message

    return Message.objects.create(
        organisation=organisation,
        kind="update",
        subject=subject,
        body="Dear ((name)), we have changed how we pay for your time. Nothing changes for you.",
        status=Message.Status.SENDING,
    )


def bulk_send(f):
    if _missing():
        return None, "queuing a bulk send: outreach not on main yet"
    from alongside.bench.operations import Operation
    from alongside.outreach import services

    organisation = _organisation()
    people = list(
        Contributor.objects.filter(consent_contact=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:BULK_SEND]
    )

    def run():
        message = _message(organisation, "Changes to how we pay for your time")
        return services.queue_deliveries(message, people, enqueue=False)

    def limit():
        message = _message(organisation, "Changes to how we pay for your time")
        return _queue_in_sql(message.pk, len(people))

    return Operation(f"queue a bulk send ({len(people):,} people)", run, limit, kind="job"), None


def _queue_in_sql(message_id: int, count: int) -> None:
    from alongside.bench.operations import _sql, _table
    from alongside.outreach.models import Delivery

    people = _table(Contributor)
    _sql(
        f"INSERT INTO {_table(Delivery)} (message_id, contributor_id, idempotency_key, channel, "  # noqa: S608
        "tried_channels, large_print, easy_read, language, personalisation, batch, status, reason, attempts, "
        "provider_id, queued_at) "
        f"SELECT %s, c.id, %s || CAST(c.id AS TEXT), CASE WHEN c.email <> '' THEN 'email' ELSE 'letter' END, "
        "'[]', %s, %s, '', '{}', 1 + (c.id / 500), 'queued', '', 0, '', %s "
        f"FROM {people} c WHERE c.id IN "
        f"(SELECT id FROM {people} WHERE consent_contact = %s ORDER BY id LIMIT %s)",
        [message_id, f"{message_id}-", False, False, timezone.now(), True, count],
        fetch=False,
    )


def print_pack(f):
    if _missing():
        return None, "print pack: outreach not on main yet"
    from alongside.bench.operations import Operation
    from alongside.outreach import services
    from alongside.outreach.models import Delivery

    organisation = _organisation()
    people = list(
        Contributor.objects.filter(organisation=organisation)
        .exclude(postcode="")
        .order_by("pk")
        .values_list("pk", flat=True)[:PRINT_PACK]
    )

    def run():
        message = _message(organisation, "Changes to how we pay for your time")
        Delivery.objects.bulk_create(
            Delivery(
                message=message,
                contributor_id=pk,
                idempotency_key=f"{message.pk}-{pk}",
                channel="letter",
                batch=1,
                status=Delivery.Status.QUEUED,
            )
            for pk in people
        )
        letters = list(Delivery.objects.filter(message=message).select_related("contributor"))
        return services.make_print_pack(message, letters)

    return Operation(f"print pack ({len(people):,} letters)", run, None, kind="job"), None
