"""Tasks through RQ on Redis with real worker processes: a bulk send, an import and a payment run's
follow-up jobs finish, and each effect happens exactly once, also when the worker is killed with
SIGKILL mid-job and started again (`alongside task_worker`, as `alongside serve` starts it).

Each effect has its own unique key, so a job run again cannot repeat it: a delivery per person and
message (``Delivery.idempotency_key``) and one outbox message per delivery (its client reference); an
import is one transaction that runs only while its batch is "checked"; a payment run is one
transaction that runs only while the run is "approved", and telling people is skipped once the
"paid" events exist.
"""

from __future__ import annotations

import contextlib
import csv
import io
import time
from datetime import timedelta

import django_rq
import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from alongside.outreach import services as outreach
from alongside.outreach.content import Content
from alongside.outreach.kinds import Kind
from alongside.outreach.models import Delivery, OutboxMessage
from alongside.payments import ledger, runs
from alongside.payments import tasks as payment_tasks
from alongside.payments.models import Account, Claim, ClaimEvent, PaymentRun
from alongside.people import imports
from alongside.people import tasks as people_tasks
from alongside.people.models import Contributor, ImportBatch
from tests.builders import create_organisation, create_staff
from tests.outreach.people import bulk
from tests.payments.helpers import Team, approved_claim

from .harness import record, task_workers, wait_for

pytestmark = pytest.mark.scaleout

CONTENT = Content(
    subject="Help shape a study about ((topic))",
    body="Hello ((first_name)), we are looking for people to help shape a study about ((topic)).",
    context={"topic": "sleep"},
)
S = Delivery.Status


@pytest.fixture
def queue():
    """The default queue, empty, with no job left failed by an earlier test."""
    from django_tasks_rq.backend import Job

    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    for registry in (queue.failed_job_registry, queue.started_job_registry):
        for job_id in registry.get_job_ids(cleanup=False):
            registry.remove(job_id)
    yield queue
    assert queue.failed_job_registry.get_job_ids() == [], "a task failed on the worker"


def _ready(worker, queue) -> None:
    from rq.worker import Worker

    wait_for(lambda: Worker.count(queue=queue) > 0 or not worker.running, timeout=30, what="the worker")
    assert worker.running, worker.tail()


def _bulk_send(people: int):
    organisation = create_organisation()
    recipients = bulk(organisation, [{"preferred_channels": ["text"]}] * people)
    started = time.monotonic()
    result = outreach.send("invitation", recipients, CONTENT, organisation=organisation)
    return result.message, started


def _sent(message) -> int:
    return Delivery.objects.filter(message=message, status=S.SENT).count()


def _assert_each_person_texted_once(message, people: int) -> None:
    deliveries = Delivery.objects.filter(message=message)
    assert deliveries.count() == people
    assert set(deliveries.values_list("status", flat=True)) == {S.SENT}
    references = [d.client_reference for d in deliveries]
    stored = OutboxMessage.objects.filter(reference__in=references)
    assert stored.count() == people
    assert len(set(stored.values_list("to", flat=True))) == people


def test_a_bulk_send_through_rq_and_its_throughput(queue):
    people = 2000
    with task_workers() as start:
        _ready(start("worker-throughput"), queue)
        before = OutboxMessage.objects.count()
        message, started = _bulk_send(people)
        wait_for(lambda: _sent(message) == people, timeout=180, what="every text to be sent", every=0.2)
        seconds = time.monotonic() - started
    _assert_each_person_texted_once(message, people)
    assert OutboxMessage.objects.count() - before == people
    record(
        "rq_bulk_send_throughput",
        round(people / seconds),
        "deliveries per second",
        f"{people} texts to the local outbox, batches of {outreach.BATCH_SIZE}, one RQ worker, "
        f"{seconds:.1f} s from send to the last delivery",
    )


def test_a_bulk_send_finishes_exactly_once_when_the_worker_is_killed_mid_job(queue):
    people = 2000
    with task_workers() as start:
        first = start("worker-bulk-killed")
        _ready(first, queue)
        before = OutboxMessage.objects.count()
        message, _ = _bulk_send(people)
        wait_for(
            lambda: _sent(message) >= 100, timeout=60, what="the first batch to be under way", every=0.01
        )
        first.kill()
        sent_at_kill = _sent(message)
        assert sent_at_kill < people
        assert queue.started_job_registry.get_job_and_execution_ids(cleanup=False), "no job was mid-way"

        start("worker-bulk-restarted")
        wait_for(
            lambda: not Delivery.objects.filter(message=message, status=S.QUEUED).exists(),
            timeout=180,
            what="the rest of the send after the restart",
            every=0.2,
        )
        # A delivery claimed at the moment of the kill stays "sending" until the every-minute
        # `send_due` finds the claim stale (15 minutes); move the claim back in time to see that.
        stuck = Delivery.objects.filter(message=message, status=S.SENDING)
        assert stuck.count() <= 1
        stuck.update(claimed_at=timezone.now() - outreach.STALE_CLAIM - timedelta(minutes=1))
        outreach.send_due()
    _assert_each_person_texted_once(message, people)
    assert OutboxMessage.objects.count() - before == people
    record("rq_bulk_send_killed_at", sent_at_kill, "deliveries sent before SIGKILL", f"of {people}")


@contextlib.contextmanager
def _locked_table(table: str):
    """A second connection holding an exclusive lock on ``table``: a job that writes to it waits there,
    part-way through its transaction, until the block ends."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname=settings["NAME"]
    ) as other:
        other.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # noqa: S608 - fixed table names
        yield
        other.rollback()


def _waiting_on_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def _import_file(rows: int):
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=["first_name", "last_name", "email", "postcode", "consent_contact"]
    )
    writer.writeheader()
    for i in range(rows):
        writer.writerow(
            {
                "first_name": f"Imported{i}",
                "last_name": "Example",
                "email": f"imported{i}@scaleout.example.org",
                "postcode": "LS1 4AP",
                "consent_contact": "yes",
            }
        )
    return io.BytesIO(buffer.getvalue().encode())


def test_an_import_finishes_exactly_once_when_the_worker_is_killed_mid_job(queue):
    from alongside.accounts.models import Role

    rows = 500
    organisation = create_organisation()
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF, totp=False)
    parsed = imports.parse_file(_import_file(rows), "people.csv")
    batch = ImportBatch.objects.create(
        organisation=organisation, created_by=staff, filename="people.csv", rows=parsed, total_rows=rows
    )
    with task_workers() as start:
        first = start("worker-import-killed")
        _ready(first, queue)
        people_tasks.check_import.enqueue(batch.pk)
        wait_for(
            lambda: ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.CHECKED,
            timeout=60,
            what="the import check",
        )
        # Held part-way: the contributors are written, their status history waits for the lock.
        with _locked_table("people_statuschange"):
            people_tasks.run_import.enqueue(batch.pk, ImportBatch.Mode.GOOD_ROWS)
            wait_for(_waiting_on_lock, timeout=60, what="the import to reach the locked table")
            first.kill()
        assert Contributor.objects.filter(organisation=organisation).count() == 0
        start("worker-import-restarted")
        wait_for(
            lambda: ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE,
            timeout=60,
            what="the import after the restart",
        )
    imported = Contributor.objects.filter(organisation=organisation)
    assert imported.count() == rows
    assert imported.values("email").distinct().count() == rows
    assert ImportBatch.objects.get(pk=batch.pk).imported == rows


def test_a_payment_runs_follow_up_jobs_finish_exactly_once_when_the_worker_is_killed_mid_job(queue):
    team = Team()
    claims = [approved_claim(team) for _ in range(5)]
    run = runs.start_run(team.organisation, by=team.finance)
    runs.approve_run(run, by=team.finance2)
    # Payment notices to these people so far (claim steps); the finished run adds one each.
    told = Delivery.objects.filter(
        contributor__in=[c.contributor_id for c in claims], message__kind=Kind.PAYMENT
    )
    expected = told.count() + len(claims)
    with task_workers() as start:
        first = start("worker-payments-killed")
        _ready(first, queue)
        # Held part-way: the run is locked and its files are being written when marking paid waits.
        with _locked_table("payments_claim"):
            payment_tasks.process_run.enqueue(run.pk)  # as finance's "approve" page does
            wait_for(_waiting_on_lock, timeout=60, what="the payment run to reach the locked table")
            first.kill()
        assert PaymentRun.objects.get(pk=run.pk).status == PaymentRun.Status.APPROVED
        start("worker-payments-restarted")
        # Finishing the run queues telling each person, which queues their messages.
        wait_for(
            lambda: told.filter(status=S.SENT).count() == expected,
            timeout=60,
            what="everyone paid to be told",
            every=0.2,
        )
        payment_tasks.tell_paid.enqueue(run.pk)  # a second run of the follow-up changes nothing
        time.sleep(2)
    assert PaymentRun.objects.get(pk=run.pk).status == PaymentRun.Status.DONE
    ids = [c.pk for c in claims]
    assert Claim.objects.filter(pk__in=ids, status=Claim.Status.PAID).count() == len(claims)
    assert ClaimEvent.objects.filter(claim_id__in=ids, kind=ClaimEvent.Kind.PAID).count() == len(claims)
    assert told.count() == expected
    assert ledger.balance(organisation=team.organisation) == 0
    assert ledger.balance(Account.OWED, organisation=team.organisation) == 0
