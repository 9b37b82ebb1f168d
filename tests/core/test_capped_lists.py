"""Staff lists at any size: the count stops at a cap, and the people a page shows are logged in one
statement (contributors, claims, who a message went to)."""

from __future__ import annotations

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import AccessLog, Role
from alongside.core import paging
from alongside.core.paging import CappedPaginator
from alongside.outreach.models import Delivery, Message
from alongside.payments.models import Claim
from alongside.people.models import Contributor
from tests.builders import create_organisation, create_staff, sign_in

_refs = itertools.count(1)


def _people(organisation, n: int) -> list[Contributor]:
    return Contributor.objects.bulk_create(
        Contributor(organisation=organisation, reference=f"CAP{next(_refs):07d}", first_name=f"P{i}")
        for i in range(n)
    )


def test_the_count_stops_at_the_cap_and_pages_go_no_further():
    organisation = create_organisation()
    _people(organisation, 30)
    everyone = Contributor.objects.filter(organisation=organisation).order_by("pk")
    with CaptureQueriesContext(connection) as captured:
        paginator = CappedPaginator(everyone, 10, cap=25)
        assert (paginator.count, paginator.capped, paginator.num_pages) == (25, True, 3)
    assert "LIMIT 26" in captured.captured_queries[0]["sql"].upper()
    last = paginator.get_page(99)
    assert last.number == 3 and len(last.object_list) == 5 and not last.has_next()
    exact = CappedPaginator(everyone, 10, cap=30)
    assert (exact.count, exact.capped) == (30, False)


def _logged_in_one_statement(client, url: str, purpose: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    sql = [q["sql"].upper() for q in captured.captured_queries]
    writes = [q for q in sql if q.startswith('INSERT INTO "ACCOUNTS_ACCESSLOG')]
    assert len(writes) == 1
    return AccessLog.objects.filter(purpose=purpose).count()


def test_the_contributor_list_says_when_there_are_more_and_logs_each_person_shown(client, monkeypatch):
    organisation = create_organisation()
    _people(organisation, 60)
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    assert _logged_in_one_statement(client, reverse("people:list"), "contributor list") == 50
    monkeypatch.setattr(paging, "CAP", 55)
    page = client.get(reverse("people:list")).content.decode()
    assert "More than 55 found" in page and "Page 1 of 2" in page
    entry = AccessLog.objects.filter(purpose="contributor list").first()
    assert entry.actor == staff and entry.organisation == organisation


def test_the_claims_list_logs_each_person_shown_against_the_claims_organisation(client):
    organisation = create_organisation()
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF, totp=True)
    sign_in(client, staff)
    Claim.objects.bulk_create(
        Claim(organisation=organisation, contributor=p, idempotency_key=f"cap-{p.pk}", status="submitted")
        for p in _people(create_organisation(), 12)
    )
    assert _logged_in_one_statement(client, reverse("payments:staff_claims"), "claims list") == 12
    assert set(AccessLog.objects.filter(purpose="claims list").values_list("organisation", flat=True)) == {
        organisation.pk
    }


def test_a_message_page_logs_the_people_it_shows(client):
    organisation = create_organisation()
    sign_in(client, create_staff(organisation, Role.INVOLVEMENT_STAFF))
    message = Message.objects.create(
        organisation=organisation, kind="update", subject="News", body="-", status="sent"
    )
    Delivery.objects.bulk_create(
        Delivery(message=message, contributor=p, idempotency_key=f"{message.pk}-{p.pk}", channel="email")
        for p in _people(organisation, 70)
    )
    url = reverse("outreach:message", args=[message.pk])
    assert _logged_in_one_statement(client, url, "Who a message went to") == 50


def test_an_empty_list_writes_no_log(client):
    organisation = create_organisation()
    sign_in(client, create_staff(organisation, Role.INVOLVEMENT_STAFF))
    assert client.get(reverse("people:list")).status_code == 200
    assert not AccessLog.objects.filter(purpose="contributor list").exists()
