"""Idle sessions are signed out, after a warning that lets people stay (catalogue B.28, N.147)."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import create_organisation, create_staff, create_user, sign_in

THIRTY_MINUTES = 30 * 60


@pytest.fixture(autouse=True)
def _idle_timeout_on(settings):
    settings.SESSION_IDLE_TIMEOUT = THIRTY_MINUTES


@pytest.fixture
def traveller():
    with time_machine.travel("2026-11-30 10:00 +00:00", tick=False) as machine:
        yield machine


def test_a_session_left_idle_past_the_timeout_is_signed_out_with_an_explanation(client, traveller):
    sign_in(client, create_user())
    assert client.get(reverse("accounts:home")).status_code == 200
    traveller.shift(THIRTY_MINUTES + 1)
    response = client.get(reverse("accounts:home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert not response.context["user"].is_authenticated
    assert "You were signed out because you had not used the website for a while" in response.content.decode()


def test_people_who_keep_using_the_site_stay_signed_in(client, traveller):
    sign_in(client, create_staff(create_organisation()))
    for _ in range(6):  # two hours in all, never idle for 30 minutes
        traveller.shift(20 * 60)
        assert client.get(reverse("accounts:staff_home")).status_code == 200


def test_staying_signed_in_from_the_warning_resets_the_clock(client, traveller):
    sign_in(client, create_user())
    client.get(reverse("accounts:home"))
    traveller.shift(THIRTY_MINUTES - 60)
    response = client.post(reverse("accounts:stay_signed_in"), HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204
    traveller.shift(THIRTY_MINUTES - 60)
    assert client.get(reverse("accounts:home")).status_code == 200


def test_without_javascript_staying_signed_in_returns_to_the_same_page(client):
    sign_in(client, create_user())
    response = client.post(reverse("accounts:stay_signed_in"), {"next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    elsewhere = client.post(reverse("accounts:stay_signed_in"), {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"


def test_emptying_the_cache_signs_nobody_out(client):
    # The time of the last request is kept in the session, not in a cache that traffic can empty.
    sign_in(client, create_user())
    cache.clear()
    assert client.get(reverse("accounts:home")).status_code == 200


def _session_writes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(q["sql"].startswith("UPDATE") and "django_session" in q["sql"] for q in ctx.captured_queries)


def test_the_time_of_activity_is_written_at_most_once_a_minute(client, traveller):
    sign_in(client, create_user())
    home = reverse("accounts:home")
    traveller.shift(30)
    assert _session_writes(client, home) == 0
    traveller.shift(31)
    assert _session_writes(client, home) == 1
    assert _session_writes(client, home) == 0


def test_the_warning_counts_down_from_the_time_the_server_last_noted(client, traveller):
    sign_in(client, create_user())
    traveller.shift(40)  # not yet written again: the server still counts from sign-in
    html = client.get(reverse("accounts:home")).content.decode()
    assert f'data-timeout="{THIRTY_MINUTES}"' in html
    assert f'data-seconds-left="{THIRTY_MINUTES - 40}"' in html


def test_staying_signed_in_counts_from_that_moment_to_the_second(client, traveller):
    sign_in(client, create_user())
    traveller.shift(50)
    client.post(reverse("accounts:stay_signed_in"), HTTP_X_REQUESTED_WITH="fetch")
    traveller.shift(THIRTY_MINUTES - 10)  # 30 minutes and 40 seconds after signing in
    assert client.get(reverse("accounts:home")).status_code == 200


def test_signed_in_pages_carry_the_warning_and_public_pages_do_not(client):
    assert 'id="timeout-warning"' not in client.get("/").content.decode()
    sign_in(client, create_user())
    html = client.get("/").content.decode()
    assert 'id="timeout-warning"' in html and f'data-timeout="{THIRTY_MINUTES}"' in html
    assert 'role="alertdialog"' in html


def test_the_timeout_can_be_turned_off(client, settings, traveller):
    settings.SESSION_IDLE_TIMEOUT = 0
    sign_in(client, create_user())
    traveller.shift(4 * 60 * 60)
    assert client.get(reverse("accounts:home")).status_code == 200
    assert 'id="timeout-warning"' not in client.get("/").content.decode()
