import pytest
from django.db import DatabaseError, connection, transaction

from alongside.accounts.models import AccessLog
from tests.builders import create_organisation, create_staff

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


def _entry() -> AccessLog:
    org = create_organisation()
    return AccessLog.objects.create(
        actor=create_staff(org), organisation=org, subject_type="people.contributor", subject_id="7"
    )


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE accounts_accesslog SET purpose = 'covering my tracks' WHERE id = %s",
        "DELETE FROM accounts_accesslog WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_sql_that_changes_or_deletes_an_entry(statement):
    entry = _entry()
    with (
        pytest.raises(DatabaseError, match="cannot be changed or deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [entry.pk])
    assert AccessLog.objects.get(pk=entry.pk).purpose == ""


@on_postgresql
def test_bulk_updates_through_the_orm_are_refused_too():
    entry = _entry()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(subject_id="8")
    assert AccessLog.objects.get(pk=entry.pk).subject_id == "7"


def test_new_entries_can_still_be_added_on_every_database():
    _entry()
    _entry()
    assert AccessLog.objects.count() == 2


def test_a_saved_entry_cannot_be_changed_through_the_model():
    from django.core.exceptions import PermissionDenied

    entry = _entry()
    entry.purpose = "edited"
    with pytest.raises(PermissionDenied):
        entry.save()


@on_postgresql
def test_erasure_may_replace_the_label_and_nothing_else():
    from django.db.models import Q

    from alongside.accounts import access_log

    entry = _entry()
    access_log.redact_labels(Q(pk=entry.pk), label="Erased")
    assert AccessLog.objects.get(pk=entry.pk).subject_label == "Erased"
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(subject_label="x", purpose="covering my tracks")
    assert AccessLog.objects.get(pk=entry.pk).purpose == ""
