"""Security and session state that traffic cannot evict (issue 15).

These tests run on the caches as configured without Redis (alongside/caches.py: the database table),
not the in-memory caches the other tests use, and flood them the way busy or hostile traffic would.
"""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts import lockout
from alongside.accounts.models import Role
from alongside.caches import CACHE_TABLE, SWEEP_EXPIRED_ABOVE, cache_settings
from tests.builders import create_organisation, create_staff, create_user, sign_in

CODE_URL = "/accounts/login/code/"
CONFIRM_URL = "/accounts/login/code/confirm/"
THIRTY_MINUTES = 30 * 60
# More unrelated entries than the table holds before it sweeps, so the sweep runs on every write.
FLOOD = SWEEP_EXPIRED_ABOVE + 1_000


@pytest.fixture
def embedded_caches(settings, db):
    settings.CACHES = cache_settings(redis_url="", pages_redis_url="")
    call_command("createcachetable", verbosity=0)
    cache.clear()  # a test that commits (live server) may have left the table and rows behind
    yield
    # The table goes with this test's transaction; the shared teardown clears in-memory caches.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    }


def _flood() -> None:
    """Thousands of entries that have nothing to do with the state under test, as traffic writes them."""
    cache.set_many({f"unrelated:{n}": "x" * 200 for n in range(FLOOD)}, timeout=3600)
    # And real sign-in traffic: codes asked for made-up addresses from many network addresses.
    for n in range(40):
        Client().post(CODE_URL, {"email": f"made-up-{n}@example.org"}, REMOTE_ADDR=f"198.51.100.{n + 1}")


def _rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM alongside_cache")  # CACHE_TABLE
        return cursor.fetchone()[0]


def _latest_code() -> str:
    return re.search(r"^\s*([A-Z0-9]{3,}-?[A-Z0-9]*)\s*$", mail.outbox[-1].body, re.M).group(1)


def _wrong_codes(email: str, times: int) -> None:
    client = Client()
    client.post(CODE_URL, {"email": email})
    for _ in range(times):
        client.post(CONFIRM_URL, {"code": "WRONG1"})


def test_a_flood_of_cache_writes_leaves_lockouts_counts_and_rate_limits_as_they_were(embedded_caches):
    create_user("locked@example.org")
    create_user("counting@example.org")
    create_user("limited@example.org")
    _wrong_codes("locked@example.org", lockout.MAX_FAILURES)
    _wrong_codes("counting@example.org", 4)
    for _ in range(3):  # the most codes one address may ask for in 15 minutes
        Client().post(CODE_URL, {"email": "limited@example.org"})
    assert lockout.is_locked("locked@example.org")

    _flood()

    assert _rows() > FLOOD
    assert lockout.is_locked("locked@example.org")
    assert lockout.failure_count("counting@example.org") == 4
    # Through the front door: the right code, freshly sent, is still refused while the lock lasts.
    client = Client()
    client.post(CODE_URL, {"email": "locked@example.org"})
    response = client.post(CONFIRM_URL, {"code": _latest_code()}, follow=True)
    assert not response.context["user"].is_authenticated
    # The rate limit still counts the three codes asked for before the flood: no fourth is sent.
    sent = len(mail.outbox)
    refused = Client().post(CODE_URL, {"email": "limited@example.org"})
    assert refused.status_code == 200 and len(mail.outbox) == sent


def test_five_hundred_signed_in_people_all_stay_signed_in_through_a_flood(embedded_caches, settings):
    settings.SESSION_IDLE_TIMEOUT = THIRTY_MINUTES
    staff_org = create_organisation()
    with time_machine.travel("2026-12-02 09:00 +00:00", tick=False) as traveller:
        people = [create_staff(staff_org, totp=True) for _ in range(20)]
        people += [create_user() for _ in range(480)]
        sessions = []
        for person in people:
            sessions.append(Client())
            sign_in(sessions[-1], person)
        _flood()
        traveller.shift(20 * 60)  # working, not idle: still well inside the 30 minutes
        # The lightest signed-in request: a signed-out session is sent to sign in instead of a 204.
        for person, session in zip(people, sessions, strict=True):
            response = session.post(reverse("accounts:stay_signed_in"), HTTP_X_REQUESTED_WITH="fetch")
            assert response.status_code == 204, f"{person.email} was signed out"


def test_only_expired_entries_are_swept_out_never_live_ones(embedded_caches):
    with time_machine.travel("2026-12-02 09:00 +00:00", tick=False) as traveller:
        cache.set_many({f"short-lived:{n}": 1 for n in range(SWEEP_EXPIRED_ABOVE)}, timeout=60)
        cache.set_many({f"live:{n}": n for n in range(50)}, timeout=3600)
        traveller.shift(120)
        cache.set("one-more", 1, timeout=3600)  # over the size that starts a sweep
        assert _rows() == 51
        assert cache.get_many([f"live:{n}" for n in range(50)]) == {f"live:{n}": n for n in range(50)}


def test_a_signed_in_researchers_search_costs_no_cache_statement(embedded_caches, settings, client):
    """Issue 15 measured 16 statements (savepoints aside) for this page, four of them the idle marker's."""
    settings.SESSION_IDLE_TIMEOUT = THIRTY_MINUTES
    sign_in(client, create_staff(create_organisation(), Role.RESEARCHER))
    client.get(reverse("people:search"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("people:search"), {"regions": "London"}).status_code == 200
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert not [sql for sql in statements if CACHE_TABLE in sql]
    assert len(statements) <= 11, "\n".join(statements)
