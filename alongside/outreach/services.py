"""The one way to send a message to people, and every change to a delivery.

Other apps call ``send(kind, recipients, content, organisation=...)``, inside the
transaction that made the news. It checks the wording, works out each person's
channel, format and language, and records one ``Delivery`` per person (unique per
message and person, so nothing is sent twice) in that same transaction. Batches are
queued only once it commits: if it rolls back, there is no record and nothing is sent.

Staff and volunteers are not contributors: ``send_staff_email`` is their one door.
"""

from __future__ import annotations

import json
import random
import smtplib
from collections import Counter, namedtuple
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.db import connections, router, transaction
from django.db.models import F, Max, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from alongside.core import services as progress_services
from alongside.core.absolute import absolute_url
from alongside.outreach import contact, routing
from alongside.outreach import content as wording
from alongside.outreach.content import Content
from alongside.outreach.kinds import Kind, policy
from alongside.outreach.letters import Letter, build_print_pack
from alongside.outreach.models import (
    CallAttempt,
    Delivery,
    DeliveryEvent,
    Message,
    OptOut,
    PrintPack,
)
from alongside.outreach.providers import PermanentFailure, TemporaryFailure, get_provider
from alongside.people.choices import Channel
from alongside.people.models import Contributor

BATCH_SIZE = 500
WRITE_CHUNK = 2000
ID_CHUNK = 20_000
MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600
# A delivery claimed this long ago by a worker that never finished is tried again.
STALE_CLAIM = timedelta(minutes=15)
LINK_SALT = "alongside.outreach.preferences"

# The fields routing needs, read in one pass without building model instances.
PERSON_FIELDS = (
    "pk",
    "first_name",
    "last_name",
    "email",
    "mobile",
    "landline",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "preferred_channels",
    "access_needs",
    "languages",
    "status",
    "erased_at",
    "consent_contact",
    "consent_newsletter",
)

S = Delivery.Status


@dataclass
class QueueResult:
    message: Message
    counts: Counter = field(default_factory=Counter)
    batches: list[int] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return sum(n for (status, _), n in self.counts.items() if status == S.QUEUED)

    def by_channel(self) -> dict[str, int]:
        return {channel: n for (status, channel), n in self.counts.items() if status == S.QUEUED}

    def count(self, status: str) -> int:
        return sum(n for (s, _), n in self.counts.items() if s == status)


# --- Sending ---------------------------------------------------------------------------------------


def send(
    kind: str,
    recipients,
    content: Content,
    *,
    organisation,
    sent_by=None,
    send_at=None,
    personalisation: dict[int, dict] | None = None,
    letter_route: str = Message.LetterRoute.PRINT_PACK,
    audience=None,
    progress=None,
) -> QueueResult:
    """Send ``content`` to ``recipients`` (contributors, their ids, or a queryset of them).

    ``personalisation`` maps a contributor id to values for that person's placeholders.
    Wording with a placeholder nobody fills is refused here, before anything is queued.
    """
    personal_keys = _common_keys(personalisation)
    wording.check(content, personal_keys)
    with transaction.atomic():
        message = new_message(
            kind,
            content,
            organisation=organisation,
            sent_by=sent_by,
            send_at=send_at,
            letter_route=letter_route,
            audience=audience,
            progress=progress,
        )
        return queue_deliveries(message, recipients, personalisation=personalisation)


def new_message(
    kind: str,
    content: Content,
    *,
    organisation,
    sent_by=None,
    send_at=None,
    letter_route: str = Message.LetterRoute.PRINT_PACK,
    audience=None,
    progress=None,
) -> Message:
    """Record a message without queuing it; ``queue_deliveries`` does that. Stable: used by the benchmarks."""
    policy(kind)
    message = Message(
        organisation=organisation,
        kind=kind,
        subject=content.subject,
        body=content.body,
        easy_read_body=content.easy_read_body,
        phone_script=content.phone_script,
        translations={k.lower(): v for k, v in content.translations.items()},
        context=content.context,
        letter_route=letter_route,
        send_at=send_at,
        status=Message.Status.SCHEDULED if _in_future(send_at) else Message.Status.SENDING,
        audience=audience,
        progress=progress,
        created_by=sent_by,
    )
    _attach(message, content)
    message.save()
    return message


def _attach(message: Message, content: Content) -> None:
    """Keep the enclosures that go with each letter (stored once, not per letter)."""
    if content.enclosure:
        message.enclosure.save("enclosure.pdf", ContentFile(content.enclosure), save=False)
    if content.enclosure_large_print:
        message.enclosure_large_print.save(
            "enclosure-large-print.pdf", ContentFile(content.enclosure_large_print), save=False
        )


def _enclosures(message: Message, large_print: bool, count: int) -> list[bytes | None]:
    stored = (
        message.enclosure_large_print if large_print and message.enclosure_large_print else message.enclosure
    )
    if not stored:
        return []
    with stored.open("rb") as handle:
        content = handle.read()
    return [content] * count


def _common_keys(personalisation: dict[int, dict] | None) -> set[str]:
    if not personalisation:
        return set()
    values = iter(personalisation.values())
    keys = set(next(values))
    for item in values:
        keys &= set(item)
    return keys


def _in_future(moment) -> bool:
    return moment is not None and moment > timezone.now()


# A person as routing reads them. The JSON lists (channels, access needs, languages) come from the
# database as text and are decoded once per distinct text: most people share a handful of values,
# and decoding 300,000 JSON values one by one was a third of queuing 100,000 messages.
Person = namedtuple("Person", PERSON_FIELDS)
_JSON_FIELDS = ("preferred_channels", "access_needs", "languages")
_JSON_AT = [PERSON_FIELDS.index(name) for name in _JSON_FIELDS]


@lru_cache(maxsize=4096)
def _json_list(text: str | None) -> tuple:
    return tuple(json.loads(text)) if text else ()


def _person(row: tuple) -> Person:
    values = list(row)
    for at in _JSON_AT:
        values[at] = _json_list(values[at])
    return Person._make(values)


def _person_rows(query: QuerySet[Contributor]):
    """The routing fields of ``query``'s people, by id, as plain rows straight from the cursor.

    Read without Django's per-value converters: routing only tests the yes/no fields for truth and
    ``erased_at`` for None, which hold for SQLite's 0/1 and text as for PostgreSQL's own types."""
    as_text = {f"{name}_text": Cast(name, TextField()) for name in _JSON_FIELDS}
    names = [f"{name}_text" if name in _JSON_FIELDS else name for name in PERSON_FIELDS]
    rows = query.annotate(**as_text).order_by("pk").values_list(*names)
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(WRITE_CHUNK):
            yield from map(_person, batch)


def _ids_in(chunk: list[int], vendor: str) -> RawSQL:
    """A list of ids as one parameter (a JSON array or a PostgreSQL array), not one per id:
    Django builds and SQLite parses a 2,000-parameter IN list slowly, 50 times for 100,000 people."""
    if vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (chunk,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(chunk),))


def _people(recipients):
    """Rows of the fields routing needs, in chunks, whatever form the recipients came in."""
    if isinstance(recipients, QuerySet):
        yield from _person_rows(Contributor.objects.filter(pk__in=recipients.order_by().values("pk")))
        return
    ids = list(dict.fromkeys(getattr(r, "pk", r) for r in recipients))
    vendor = connections[router.db_for_read(Contributor)].vendor
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        yield from _person_rows(Contributor.objects.filter(pk__in=_ids_in(chunk, vendor)))


class _Batcher:
    """Numbers batches so each holds one channel (and one print size) and at most ``size`` people."""

    def __init__(self, start: int, size: int):
        self.next = start
        self.size = size
        self.open: dict[tuple, list[int]] = {}
        self.used: list[int] = []

    def assign(self, key: tuple) -> int:
        current = self.open.get(key)
        if current is None or current[1] >= self.size:
            current = [self.next, 0]
            self.open[key] = current
            self.used.append(self.next)
            self.next += 1
        current[1] += 1
        return current[0]


@transaction.atomic
def queue_deliveries(
    message: Message,
    recipients,
    *,
    personalisation: dict[int, dict] | None = None,
    batch_size: int | None = None,
    enqueue: bool = True,
) -> QueueResult:
    """Record one delivery per recipient with its route, in bulk; then queue the batches.

    Safe to call again for the same people: the unique idempotency key skips anyone
    who already has a delivery of this message. Stable signature: used by the benchmarks.
    """
    personalisation = personalisation or {}
    rules = policy(message.kind)
    opted_out = set()
    if not rules.essential:
        opted_out = set(
            OptOut.objects.filter(kind__in=[message.kind, OptOut.ALL]).values_list(
                "contributor_id", flat=True
            )
        )
    languages = tuple(message.translations)
    has_easy_read = bool(message.easy_read_body)
    start = (Delivery.objects.filter(message=message).aggregate(n=Max("batch"))["n"] or 0) + 1
    batcher = _Batcher(start, batch_size or BATCH_SIZE)
    result = QueueResult(message=message)
    now = timezone.now()
    pending: list[tuple] = []
    insert = _DeliveryInsert(now)
    for person in _people(recipients):
        route = routing.resolve(
            person,
            message.kind,
            opted_out=person.pk in opted_out,
            has_easy_read=has_easy_read,
            languages=languages,
        )
        batch = 0
        if route.status == routing.QUEUED:
            print_size = route.large_print and route.channel == Channel.LETTER
            batch = batcher.assign((route.channel, print_size))
        pending.append(insert.row(message.pk, person.pk, route, batch, personalisation.get(person.pk)))
        result.counts[(route.status, route.channel)] += 1
        if len(pending) >= WRITE_CHUNK:
            insert.write(pending)
            pending = []
    if pending:
        insert.write(pending)
    result.batches = batcher.used
    if message.progress_id:
        progress_services.mark_running(message.progress_id, total=result.queued)
    if enqueue:
        # A worker must never look for deliveries the caller's transaction has not committed.
        transaction.on_commit(lambda: enqueue_batches(message, result.batches))
    return result


class _DeliveryInsert:
    """Writes delivery rows with one prepared INSERT per chunk.

    Building 100,000 model instances for ``bulk_create`` costs more than working out
    every route; plain rows keep queuing well inside the 30-second budget. ON CONFLICT
    DO NOTHING (SQLite and PostgreSQL) keeps the idempotency key's promise.
    """

    COLUMNS = (
        "message_id", "contributor_id", "idempotency_key", "channel", "tried_channels", "large_print",
        "easy_read", "language", "personalisation", "batch", "status", "reason", "attempts", "provider_id",
        "queued_at",
    )  # fmt: skip

    def __init__(self, now):
        self.connection = connections[router.db_for_write(Delivery)]
        fields = {f.name: f for f in Delivery._meta.concrete_fields}
        self.json = fields["personalisation"]
        self.empty_list = fields["tried_channels"].get_db_prep_save([], self.connection)
        self.empty_dict = self.json.get_db_prep_save({}, self.connection)
        self.now = fields["queued_at"].get_db_prep_save(now, self.connection)
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in self.COLUMNS)
        self.marks = "(" + ", ".join(["%s"] * len(self.COLUMNS)) + ")"
        # Only fixed column names from this module go into the text; every value is a parameter.
        self.head = f"INSERT INTO {quote(Delivery._meta.db_table)} ({names}) VALUES "  # noqa: S608
        self.tail = " ON CONFLICT DO NOTHING"
        self.single = self.head + self.marks + self.tail

    def _write_by_copy(self, rows: list[tuple]) -> None:
        # COPY into a scratch table, then one INSERT … SELECT: no per-row statements at all.
        # The scratch table shares the connection and transaction and is dropped at commit.
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in self.COLUMNS)
        table = quote(Delivery._meta.db_table)
        self.connection.ensure_connection()
        with self.connection.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS outreach_delivery_load ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
            with cursor.copy(f"COPY outreach_delivery_load ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM outreach_delivery_load "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            cursor.execute("TRUNCATE outreach_delivery_load")

    def row(self, message_id, contributor_id, route, batch, personal) -> tuple:
        personal = self.json.get_db_prep_save(personal, self.connection) if personal else self.empty_dict
        return (
            message_id, contributor_id, f"{message_id}-{contributor_id}", route.channel, self.empty_list,
            route.large_print, route.easy_read, route.language, personal, batch, route.status,
            route.reason[:300], 0, "", self.now,
        )  # fmt: skip

    def write(self, rows: list[tuple]) -> None:
        if self.connection.vendor == "postgresql":
            self._write_by_copy(rows)
            return
        # SQLite: one prepared single-row INSERT run for every row (executemany). It answers in
        # process, so there is no round trip to save by packing rows into one statement, and
        # the many-row text cost more to build and convert than the rows cost to write.
        with self.connection.cursor() as cursor:
            cursor.executemany(self.single, rows)


def enqueue_batches(message: Message, batches) -> None:
    from alongside.outreach import tasks

    for batch in batches:
        _enqueue(tasks.deliver_batch, message.pk, batch, run_after=message.send_at)
    if not batches:
        _finish_if_done(message)


def _enqueue(task, *args, run_after=None) -> None:
    if _in_future(run_after):
        # Without a backend that can wait, send_due() (run every minute) picks the work up later.
        if task.get_backend().supports_defer:
            task.using(run_after=run_after).enqueue(*args)
        return
    task.enqueue(*args)


# --- Delivering --------------------------------------------------------------------------------------


def deliver_batch(message_id: int, batch: int) -> int:
    """Send every due, queued delivery in one batch. Returns how many were handled."""
    message = Message.objects.select_related("organisation").get(pk=message_id)
    if _in_future(message.send_at):
        return 0
    if message.status == Message.Status.SCHEDULED:
        Message.objects.filter(pk=message.pk).update(status=Message.Status.SENDING)
    deliveries = list(
        _due(Delivery.objects.filter(message=message, batch=batch)).select_related("contributor")
    )
    handled = _deliver_many(message, deliveries)
    if message.progress_id and handled:
        progress_services.advance(message.progress_id, handled)
    _finish_if_done(message)
    return handled


def deliver_delivery(delivery_id: int) -> int:
    """Send one delivery (a retry, or a new channel after a failure) when it is due."""
    delivery = _due(Delivery.objects.filter(pk=delivery_id)).select_related("contributor").first()
    if delivery is None:
        return 0
    message = Message.objects.select_related("organisation").get(pk=delivery.message_id)
    if _in_future(message.send_at):
        return 0
    handled = _deliver_many(message, [delivery])
    _finish_if_done(message)
    return handled


def _due(deliveries: QuerySet) -> QuerySet:
    now = timezone.now()
    return deliveries.filter(status=S.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def _deliver_many(message: Message, deliveries: list[Delivery]) -> int:
    if not deliveries:
        return 0
    opted_out = _opted_out(message, [d.contributor_id for d in deliveries])
    sendable = []
    for delivery in deliveries:
        delivery.message = message
        # Preferences may have changed since the message was queued (or scheduled).
        reason = routing.withheld_reason(
            delivery.contributor, message.kind, delivery.contributor_id in opted_out
        )
        if reason:
            _set(delivery, S.WITHHELD, reason, only_from=S.QUEUED)
        else:
            sendable.append(delivery)
    pack = [d for d in sendable if d.channel == Channel.LETTER and message.letter_route == "print_pack"]
    if pack:
        make_print_pack(message, pack)
    in_pack = {d.pk for d in pack}
    with _mail_connection(sendable) as connection:
        for delivery in sendable:
            if delivery.pk in in_pack:
                continue
            deliver_one(message, delivery, connection=connection)
    return len(deliveries)


@contextmanager
def _mail_connection(deliveries: list[Delivery]):
    """One mail connection for a whole batch, opened once and closed at the end. (A backend left
    unopened opens and closes a connection for every message it is handed: one SMTP login per person.)
    A connection that cannot be opened is left to each message, which then fails and is retried."""
    if not any(d.channel == Channel.EMAIL for d in deliveries):
        yield None
        return
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        connection = get_connection()  # each send tries again, and fails into a retry as before
        yield connection
        return
    try:
        yield connection
    finally:
        with suppress(smtplib.SMTPException, OSError):
            connection.close()


def _opted_out(message: Message, contributor_ids) -> set[int]:
    if policy(message.kind).essential:
        return set()
    return set(
        OptOut.objects.filter(
            contributor_id__in=contributor_ids, kind__in=[message.kind, OptOut.ALL]
        ).values_list("contributor_id", flat=True)
    )


def _claim(delivery: Delivery) -> bool:
    """Take a delivery for this worker; False when another worker already has it."""
    now = timezone.now()
    taken = Delivery.objects.filter(pk=delivery.pk, status=S.QUEUED).update(status=S.SENDING, claimed_at=now)
    delivery.status, delivery.claimed_at = S.SENDING, now
    return taken == 1


def deliver_one(message: Message, delivery: Delivery, *, connection=None) -> None:
    if not _claim(delivery):
        return
    retry = delivery.attempts > 0
    try:
        provider_id = _SENDERS[delivery.channel](message, delivery, connection, retry)
    except TemporaryFailure as exc:
        schedule_retry(delivery, str(exc))
    except PermanentFailure as exc:
        fail_and_fall_back(delivery, str(exc))
    else:
        status = S.SENT
        reason = "On the call list." if delivery.channel == Channel.PHONE else ""
        _set(delivery, status, reason, provider_id=provider_id or "", sent_at=timezone.now())


def _footer(message: Message, delivery: Delivery, link: str, *, email: bool) -> str:
    """The preferences link (and, in emails, who sent it), in the language of the message."""
    with translation.override(delivery.language or settings.LANGUAGE_CODE):
        # Essential notices cannot be stopped, so their link only offers a change of channel.
        if policy(message.kind).essential:
            line = gettext("Change how we contact you: %(link)s")
        elif email:
            line = gettext("Change how we contact you, or stop these messages: %(link)s")
        else:
            line = gettext("Stop or change these messages: %(link)s")
        line = line % {"link": link}
        if not email:
            return line
        sender = gettext("%(organisation)s. Phone %(phone)s.") % {
            "organisation": message.organisation.name,
            "phone": settings.ALONGSIDE_CONTACT_PHONE,
        }
        return f"--\n{line}\n{sender}"


def _send_email(message, delivery, connection, retry) -> str:
    person = delivery.contributor
    text = wording.render(message, delivery, person)
    link = preferences_url(person, message.kind)
    footer = "\n\n" + _footer(message, delivery, link, email=True)
    headers = {"Message-ID": make_msgid(idstring=delivery.client_reference.replace("-", "."))}
    if not policy(message.kind).essential:
        headers["List-Unsubscribe"] = f"<{link}>"
    email = EmailMessage(
        subject=text.subject,
        body=text.body + footer,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers=headers,
        connection=connection,
    )
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentFailure(f"The email address was refused: {exc}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryFailure(f"The email server did not take the message: {exc}") from exc
    return ""


def _send_text(message, delivery, connection, retry) -> str:
    person = delivery.contributor
    text = wording.render(message, delivery, person)
    body = f"{text.body}\n\n{_footer(message, delivery, preferences_url(person, message.kind), email=False)}"
    if not contact.is_mobile(person.mobile):
        raise PermanentFailure("The mobile number is not valid.")
    return get_provider().send_text(
        to=contact.international(person.mobile), body=body, reference=delivery.client_reference, retry=retry
    )


def _send_letter(message, delivery, connection, retry) -> str:
    letter = letter_for(message, delivery)
    problems = contact.address_problems(letter.address)
    if problems:
        raise PermanentFailure(" ".join(problems))
    pdf = build_print_pack([letter], title=letter.subject).pdf
    return get_provider().send_letter(
        address=letter.address, pdf=pdf, reference=delivery.client_reference, retry=retry
    )


def _send_phone(message, delivery, connection, retry) -> str:
    # A phone message is a line on the staff call list; the outcome is recorded after the call.
    return ""


_SENDERS = {
    Channel.EMAIL: _send_email,
    Channel.TEXT: _send_text,
    Channel.LETTER: _send_letter,
    Channel.PHONE: _send_phone,
}


def _set(delivery: Delivery, status: str, reason: str = "", *, only_from=None, **fields) -> bool:
    query = Delivery.objects.filter(pk=delivery.pk)
    if only_from:
        query = query.filter(status=only_from)
    changed = query.update(status=status, reason=reason[:300], **fields)
    if changed:
        delivery.status, delivery.reason = status, reason[:300]
        for name, value in fields.items():
            setattr(delivery, name, value)
        DeliveryEvent.objects.create(
            delivery_id=delivery.pk, channel=delivery.channel, status=status, detail=reason[:300]
        )
    return bool(changed)


def backoff(attempts: int) -> timedelta:
    """Exponential: 30 s, 1 min, 2 min, 4 min … up to an hour, with a little jitter to spread retries."""
    seconds = min(BACKOFF_CAP_SECONDS, BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=seconds + random.uniform(0, seconds / 10))


def schedule_retry(delivery: Delivery, reason: str) -> None:
    attempts = delivery.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _set(delivery, S.FAILED, f"Technical failure after {attempts} attempts: {reason}", attempts=attempts)
        return
    next_at = timezone.now() + backoff(attempts)
    _set(delivery, S.QUEUED, f"Will try again: {reason}", attempts=attempts, next_attempt_at=next_at)
    from alongside.outreach import tasks

    _enqueue(tasks.deliver_delivery, delivery.pk, run_after=next_at)


def fail_and_fall_back(delivery: Delivery, reason: str) -> None:
    """A permanent failure: try the person's next allowed channel, or record the failure."""
    message = delivery.message
    tried = [*delivery.tried_channels, delivery.channel]
    person = Contributor.objects.get(pk=delivery.contributor_id)
    channel = routing.next_channel(person, message.kind, tried)
    if not channel:
        _set(delivery, S.FAILED, f"{delivery.get_channel_display()} failed: {reason}")
        return
    _set(delivery, S.FAILED, f"{delivery.get_channel_display()} failed: {reason}")
    delivery.tried_channels = tried
    delivery.channel = channel
    Delivery.objects.filter(pk=delivery.pk).update(
        channel=channel,
        tried_channels=tried,
        status=S.QUEUED,
        attempts=0,
        next_attempt_at=None,
        reason=f"Trying {channel} after {tried[-1]} failed: {reason}"[:300],
    )
    delivery.status = S.QUEUED
    from alongside.outreach import tasks

    _enqueue(tasks.deliver_delivery, delivery.pk)


@transaction.atomic
def record_bounce(delivery: Delivery, reason: str) -> None:
    """The email provider told us an email could not be delivered after it was sent."""
    delivery = Delivery.objects.select_for_update().select_related("message").get(pk=delivery.pk)
    if delivery.status in (S.SENT, S.DELIVERED):
        fail_and_fall_back(delivery, reason)


def _finish_if_done(message: Message) -> None:
    if Delivery.objects.filter(message=message, status__in=Delivery.OPEN).exists():
        return
    if _in_future(message.send_at):
        return
    Message.objects.filter(pk=message.pk).exclude(status=Message.Status.SENT).update(
        status=Message.Status.SENT
    )
    if message.progress_id:
        progress_services.finish(
            message.progress_id,
            message="Every message has been sent or listed for staff.",
            result_url=reverse("outreach:message", args=[message.pk]),
        )


def send_due() -> int:
    """Run every minute: scheduled messages that are due, retries that are due, and stuck claims."""
    now = timezone.now()
    stale = Delivery.objects.filter(status=S.SENDING, claimed_at__lt=now - STALE_CLAIM)
    # A worker died mid-send. Providers recognise the client reference, so sending again is safe.
    # Counting it as an attempt makes the provider look for the earlier send first.
    stale.update(status=S.QUEUED, next_attempt_at=now, attempts=F("attempts") + 1)
    due = _due(Delivery.objects.all()).filter(Q(message__send_at__isnull=True) | Q(message__send_at__lte=now))
    handled = 0
    for message_id, batch in (
        due.values_list("message_id", "batch").distinct().order_by("message_id", "batch")
    ):
        handled += deliver_batch(message_id, batch)
    return handled


def refresh_statuses(message: Message) -> int:
    """Ask the provider what became of sent texts and letters."""
    provider = get_provider()
    changed = 0
    for delivery in Delivery.objects.filter(
        message=message, status=S.SENT, channel__in=[Channel.TEXT, Channel.LETTER]
    ).exclude(provider_id=""):
        state = provider.status(delivery.provider_id)
        if state == "delivered":
            changed += _set(delivery, S.DELIVERED, delivered_at=timezone.now(), only_from=S.SENT)
        elif state == "failed":
            delivery.message = message
            fail_and_fall_back(delivery, "The provider could not deliver it.")
            changed += 1
    return changed


# --- Letters ---------------------------------------------------------------------------------------------


def letter_greeting(body: str, person) -> str:
    """A letter opens "Dear Sam Example," unless the words greet the person already (never twice)."""
    return "" if wording.opens_with_greeting(body) else f"Dear {person.display_name},"


def letter_for(message: Message, delivery: Delivery) -> Letter:
    person = delivery.contributor
    text = wording.render(message, delivery, person)
    return Letter(
        reference=person.reference,
        address=routing.letter_address(person),
        greeting=letter_greeting(text.body, person),
        subject=text.subject,
        body=text.body,
        sender=message.organisation.name,
        contact_phone=settings.ALONGSIDE_CONTACT_PHONE,
        date=timezone.localdate(),
        large_print=delivery.large_print,
    )


def make_print_pack(message: Message, deliveries: list[Delivery]) -> list[PrintPack]:
    """Claim the letters, build one PDF per print size, and mark each letter with its pages."""
    stamp = timezone.now()
    ids = [d.pk for d in deliveries]
    Delivery.objects.filter(pk__in=ids, status=S.QUEUED).update(status=S.SENDING, claimed_at=stamp)
    claimed = Delivery.objects.filter(pk__in=ids, status=S.SENDING, claimed_at=stamp)
    mine = set(claimed.values_list("pk", flat=True))
    packs = []
    for large_print in (False, True):
        group = [d for d in deliveries if d.pk in mine and d.large_print == large_print]
        letters, postable = [], []
        for delivery in group:
            delivery.message = message
            letter = letter_for(message, delivery)
            problems = contact.address_problems(letter.address)
            if problems:
                fail_and_fall_back(delivery, " ".join(problems))
                continue
            letters.append(letter)
            postable.append(delivery)
        if letters:
            packs.append(_save_pack(message, postable, letters, large_print))
    return packs


def _save_pack(message, deliveries, letters, large_print) -> PrintPack:
    result = build_print_pack(
        letters,
        title=f"{message.subject} – letters",
        enclosures=_enclosures(message, large_print, len(letters)),
    )
    batch = deliveries[0].batch
    pack = PrintPack(
        message=message, batch=batch, large_print=large_print, letters=len(letters), pages=result.pages
    )
    size = "large-print" if large_print else "standard"
    pack.pdf.save(f"letters-{batch}-{size}.pdf", ContentFile(result.pdf), save=False)
    pack.manifest.save(
        f"letters-{batch}-{size}.csv", ContentFile(result.manifest.encode("utf-8")), save=False
    )
    pack.save()
    now = timezone.now()
    for delivery, pages in zip(deliveries, result.page_counts, strict=True):
        delivery.status, delivery.print_pack, delivery.page_count, delivery.sent_at = S.SENT, pack, pages, now
        delivery.reason = "In a print pack, ready to post."
    Delivery.objects.bulk_update(deliveries, ["status", "print_pack", "page_count", "sent_at", "reason"])
    DeliveryEvent.objects.bulk_create(
        [
            DeliveryEvent(delivery_id=d.pk, channel=Channel.LETTER, status=S.SENT, detail=d.reason)
            for d in deliveries
        ]
    )
    return pack


@transaction.atomic
def mark_pack_posted(pack: PrintPack, by) -> None:
    now = timezone.now()
    PrintPack.objects.filter(pk=pack.pk).update(posted_at=now, posted_by=by)
    pack.posted_at = now
    sent = Delivery.objects.filter(print_pack=pack, status=S.SENT)
    ids = list(sent.values_list("pk", flat=True))
    sent.update(status=S.DELIVERED, delivered_at=now, reason="Posted.")
    DeliveryEvent.objects.bulk_create(
        [
            DeliveryEvent(delivery_id=pk, channel=Channel.LETTER, status=S.DELIVERED, detail="Posted.")
            for pk in ids
        ]
    )


# --- Phone calls -------------------------------------------------------------------------------------------


@transaction.atomic
def record_call(delivery: Delivery, outcome: str, *, notes: str = "", called_by=None) -> CallAttempt:
    delivery = Delivery.objects.select_for_update().select_related("message").get(pk=delivery.pk)
    attempt = CallAttempt.objects.create(delivery=delivery, outcome=outcome, notes=notes, called_by=called_by)
    label = attempt.get_outcome_display()
    if outcome == CallAttempt.Outcome.REACHED or outcome == CallAttempt.Outcome.VOICEMAIL:
        _set(delivery, S.DELIVERED, label, delivered_at=timezone.now())
    elif outcome == CallAttempt.Outcome.DECLINED:
        _set(delivery, S.DELIVERED, label, delivered_at=timezone.now())
        if not policy(delivery.message.kind).essential:
            opt_out(delivery.contributor, delivery.message.kind, how="phone")
    elif outcome == CallAttempt.Outcome.WRONG_NUMBER:
        fail_and_fall_back(delivery, label)
    else:
        DeliveryEvent.objects.create(
            delivery=delivery, channel=Channel.PHONE, status=delivery.status, detail=label
        )
    return attempt


# --- Preferences -------------------------------------------------------------------------------------------


def preferences_token(contributor, kind: str) -> str:
    return signing.dumps({"c": contributor.pk, "k": kind}, salt=LINK_SALT, compress=True)


def preferences_url(contributor, kind: str) -> str:
    return absolute_url("outreach:preferences", preferences_token(contributor, kind))


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def read_preferences_token(token: str) -> tuple[Contributor, str]:
    """The person and kind a link was made for; refuses forged, altered or expired links."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=timedelta(days=settings.OUTREACH_LINK_DAYS))
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        raise LinkInvalid
    contributor = Contributor.objects.filter(pk=data.get("c"), erased_at__isnull=True).first()
    if contributor is None:
        raise LinkInvalid
    return contributor, data["k"]


@transaction.atomic
def opt_out(contributor, kind: str, *, how: str = "link") -> OptOut:
    """Stop one kind of non-essential message (or all of them with kind=OptOut.ALL)."""
    if kind and policy(kind).essential:
        raise ValueError("Security and payment notices cannot be stopped.")
    opt, _ = OptOut.objects.get_or_create(contributor=contributor, kind=kind, defaults={"how": how})
    return opt


@transaction.atomic
def opt_back_in(contributor, kind: str) -> None:
    OptOut.objects.filter(contributor=contributor, kind=kind).delete()


@transaction.atomic
def set_channels(contributor, channels: list[str]) -> None:
    """Change the order of channels a person wants, from a link in a message."""
    chosen = [c for c in dict.fromkeys(channels) if c in Channel.values]
    # The people app owns the record; only this one field changes, as the person asked.
    Contributor.objects.filter(pk=contributor.pk).update(preferred_channels=chosen, updated_at=timezone.now())
    contributor.preferred_channels = chosen


# --- Staff and volunteers ----------------------------------------------------------------------------


def send_staff_email(user_or_email, subject: str, body: str) -> bool:
    """Tell a staff member (or a volunteer) something by email, once the transaction commits.

    The one door for people who are not contributors: they have no channels, consents or
    message record, and email is how staff work. Returns False when there is no address.
    """
    address = (getattr(user_or_email, "email", user_or_email) or "").strip()
    if not contact.is_email(address):
        return False
    # A new line in a subject would let a name inject mail headers.
    subject = " ".join(str(subject).split())
    from alongside.outreach import tasks

    transaction.on_commit(lambda: tasks.send_staff_email.enqueue(address, subject, str(body)))
    return True


def deliver_staff_email(address: str, subject: str, body: str) -> None:
    footer = f"\n\n--\nAlongside: {absolute_url('/')}"
    EmailMessage(
        subject=subject, body=body + footer, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
    ).send()
