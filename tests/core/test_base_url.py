"""Every emailed link uses BASE_URL, and `alongside serve` sets it to the address it serves on."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alongside import __main__ as command
from alongside.core.absolute import absolute_url, on_base_url
from alongside.core.checks import base_url_is_public
from alongside.env import serve_environment, served_base_url
from tests.builders import STAFF_PASSWORD, create_organisation, create_staff


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", "18801", "http://127.0.0.1:18801"),
        ("0.0.0.0", "8080", "http://127.0.0.1:8080"),  # noqa: S104 - listening everywhere, opened locally
        ("::", "8080", "http://localhost:8080"),
        ("::1", "8000", "http://[::1]:8000"),
        ("alongside.local", "80", "http://alongside.local:80"),
    ],
)
def test_the_served_address_is_the_one_people_open(host, port, expected):
    assert served_base_url(host, port) == expected


def test_an_address_set_on_purpose_is_kept_and_production_must_set_its_own():
    assert serve_environment({"BASE_URL": "https://involve.example.org"}, "0.0.0.0", "9000")["BASE_URL"] == (  # noqa: S104
        "https://involve.example.org"
    )
    assert "BASE_URL" not in serve_environment({"BASE_URL_FILE": "/run/secrets/base"}, "127.0.0.1", "9000")
    assert "BASE_URL" not in serve_environment({"ALONGSIDE_ENV": "production"}, "127.0.0.1", "9000")


class _Process:
    """Stands in for gunicorn and the worker: records the BASE_URL each was started with."""

    started: list[str] = []

    def __init__(self, args, **kwargs):
        import os

        self.started.append(os.environ.get("BASE_URL", ""))
        self.returncode = 0

    def poll(self):
        return 0

    def wait(self, timeout=None):
        return 0

    def terminate(self):
        pass


def test_serve_on_another_port_starts_the_server_and_worker_with_a_matching_base_url(monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.delenv("BASE_URL_FILE", raising=False)
    monkeypatch.delenv("ALONGSIDE_ENV", raising=False)
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "18801")
    monkeypatch.setattr(command.subprocess, "Popen", _Process)
    monkeypatch.setattr(command.signal, "signal", lambda *args: None)
    _Process.started = []

    assert command.main(["serve"]) == 0
    # The start-up check of the caches, then the worker and the server.
    assert _Process.started == ["http://127.0.0.1:18801"] * 3


def test_links_are_built_from_base_url_never_from_the_request(settings):
    settings.BASE_URL = "http://127.0.0.1:18801"
    assert absolute_url("people:join") == "http://127.0.0.1:18801/join/"
    assert absolute_url("/opportunities/x/") == "http://127.0.0.1:18801/opportunities/x/"
    assert on_base_url("http://evil.example/accounts/password/reset/key/1-a/?n=1#f") == (
        "http://127.0.0.1:18801/accounts/password/reset/key/1-a/?n=1#f"
    )


def test_the_sign_in_code_email_links_to_the_port_being_served(client, settings):
    from tests.builders import create_user

    settings.BASE_URL = "http://127.0.0.1:18801"
    create_user("sam@example.org")
    client.post("/accounts/login/code/", {"email": "sam@example.org"})
    assert re.search(
        r"^http://127\.0\.0\.1:18801/accounts/code/continue/\?code=\S+$", mail.outbox[-1].body, re.M
    )


def test_a_password_reset_link_ignores_the_host_the_request_came_in_on(client, settings):
    settings.BASE_URL = "http://127.0.0.1:18801"
    staff = create_staff(create_organisation())
    assert staff.check_password(STAFF_PASSWORD)
    client.post("/accounts/password/reset/", {"email": staff.email}, HTTP_HOST="localhost")
    links = re.findall(r"https?://\S+", mail.outbox[-1].body)
    assert links and all(link.startswith("http://127.0.0.1:18801/") for link in links), links


def test_the_deploy_check_wants_a_public_https_base_url_in_production(settings):
    settings.PRODUCTION = True
    settings.BASE_URL = "http://127.0.0.1:8000"
    assert [w.id for w in base_url_is_public(None)] == ["alongside.W001"]
    settings.BASE_URL = "https://involve.example.org"
    assert base_url_is_public(None) == []


def test_feeds_and_calendar_files_link_to_base_url_whatever_host_asked(client, settings):
    from django.urls import reverse

    from tests.opportunities.helpers import published, session

    settings.BASE_URL = "http://127.0.0.1:18801"
    opportunity = published(create_organisation(), title="Feed me")
    session(opportunity)
    for name in ("opportunities:feed_rss", "opportunities:feed_atom", "opportunities:feed_json"):
        body = client.get(reverse(name), HTTP_HOST="localhost").content.decode()
        links = re.findall(r"https?://(?:localhost|127\.0\.0\.1)[^\s\"<]*", body)
        assert links and all(link.startswith("http://127.0.0.1:18801/") for link in links), (name, links)
    calendar = client.get(reverse("opportunities:ics", args=[opportunity.slug]), HTTP_HOST="localhost")
    assert b"@127.0.0.1" in calendar.content and b"localhost" not in calendar.content
