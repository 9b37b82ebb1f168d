"""Two app servers (`alongside serve`: gunicorn and a task worker each) on two local ports, sharing
Redis for the cache, sessions, sign-in state and the public page cache, and one PostgreSQL primary.

A sign-in started on one server is finished and used on the other; an edit saved through one changes
what the other serves from its page cache; and requests per second through both against one.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from html.parser import HTMLParser

import pytest
import requests
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache

from alongside.accounts.models import Role
from tests.builders import STAFF_PASSWORD, create_opportunity, create_organisation, create_staff

from .harness import alongside, answers, record, wait_for

pytestmark = pytest.mark.scaleout


class _Forms(HTMLParser):
    """The fields of every form on a page, as a browser would send them unchanged."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        elif tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            if "selected" in a or self._select not in fields:
                fields[self._select] = a.get("value", "")
        elif not self.forms or "name" not in a:
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")
        elif tag == "input" and "checked" in a:
            self.forms[-1]["fields"][a["name"]] = a.get("value", "on")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1]["fields"][a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data


def _form_with(html: str, field: str) -> dict:
    parser = _Forms()
    parser.feed(html)
    return next(form["fields"] for form in parser.forms if field in form["fields"])


@pytest.fixture(scope="module")
def servers():
    import socket

    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    base = f"http://127.0.0.1:{ports[0]}"
    started = [
        alongside(
            f"app-server-{n}",
            "serve",
            env={"HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2", "BASE_URL": base},
        )
        for n, port in enumerate(ports, start=1)
    ]
    try:
        for server, port in zip(started, ports, strict=True):
            wait_for(
                lambda port=port, server=server: (
                    answers(f"http://127.0.0.1:{port}/healthz") or not server.running
                ),
                timeout=60,
                what=f"the app server on port {port}",
                every=0.2,
            )
            assert server.running, server.tail()
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in started:
            server.stop()


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _sign_in(browser: requests.Session, first: str, second: str, staff) -> None:
    """The password on the first server, the authenticator code on the second."""
    page = browser.get(f"{first}/accounts/login/")
    fields = _form_with(page.text, "login")
    fields.update(login=staff.email, password=STAFF_PASSWORD)
    step = browser.post(f"{first}/accounts/login/", data=fields, allow_redirects=False)
    assert step.status_code == 302 and "/accounts/2fa/authenticate/" in step.headers["Location"]
    page = browser.get(f"{second}/accounts/2fa/authenticate/")
    fields = _form_with(page.text, "code")
    fields["code"] = _current_code(staff.totp_secret)
    done = browser.post(f"{second}/accounts/2fa/authenticate/", data=fields, allow_redirects=False)
    assert done.status_code == 302, done.text[:500]


def test_a_sign_in_on_one_server_is_valid_on_the_other(servers):
    first, second = servers
    organisation = create_organisation()
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF)
    browser = requests.Session()
    assert browser.get(f"{second}/staff/", allow_redirects=False).status_code == 302
    _sign_in(browser, first, second, staff)
    for server in (first, second):
        page = browser.get(f"{server}/staff/", allow_redirects=False)
        assert page.status_code == 200
        assert staff.email in page.text or organisation.name in page.text
    # The session lives in Redis (backed by the database), where both servers read it.
    assert cache.get(KEY_PREFIX + browser.cookies["sessionid"]) is not None
    browser.post(f"{second}/accounts/logout/", data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]})
    assert browser.get(f"{first}/staff/", allow_redirects=False).status_code == 302


def test_an_edit_through_one_server_refreshes_pages_the_other_serves_from_cache(servers):
    first, second = servers
    organisation = create_organisation(name="Northern Care Research")
    opportunity = create_opportunity(organisation)
    admin = create_staff(create_organisation(), Role.NATIONAL_ADMIN)
    page_url = f"{second}/opportunities/{opportunity.slug}/"

    def visit() -> requests.Response:
        return requests.get(page_url, timeout=10)  # a new visitor each time: no cookies

    wait_for(lambda: visit().headers.get("X-Page-Cache") == "hit", timeout=20, what="the page to be cached")
    assert "Northern Care Research" in visit().text

    editor = requests.Session()
    _sign_in(editor, first, first, admin)
    edit_url = f"{first}/staff/organisations/{organisation.pk}/edit/"
    fields = _form_with(editor.get(edit_url).text, "name")
    fields["name"] = "Pennine Care Research"
    saved = editor.post(edit_url, data=fields, allow_redirects=False)
    assert saved.status_code == 302, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', saved.text)

    fresh = wait_for(
        lambda: (r := visit()) and "Pennine Care Research" in r.text and r,
        timeout=20,
        what="the other server to show the new name",
        every=0.2,
    )
    assert "Northern Care Research" not in fresh.text


def _hammer(bases: list[str], path: str, seconds: float, clients: int) -> float:
    """Requests per second from ``clients`` keep-alive clients sharing ``bases`` in turn."""
    done = [0] * clients
    failures = []
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        connections = [http.client.HTTPConnection(*re.match(r"http://(.+):(\d+)", b).groups()) for b in bases]
        n = index
        while time.monotonic() < stop_at:
            conn = connections[n % len(connections)]
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
            done[index] += 1
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:5]
    return sum(done) / seconds


def test_requests_per_second_through_two_servers_against_one(servers):
    opportunity = create_opportunity(create_organisation())
    path = f"/opportunities/{opportunity.slug}/"
    _hammer(servers, path, 1, 4)  # warm up both servers and their caches
    one = _hammer(servers[:1], path, 6, 8)
    two = _hammer(servers, path, 6, 8)
    assert one > 0 and two > 0
    note = "a public opportunity page from the shared page cache; 8 keep-alive clients on this machine"
    record("rps_one_app_server", round(one), "requests per second", note)
    record(
        "rps_two_app_servers", round(two), "requests per second", note + "; both servers share its 2 cores"
    )
