"""Every role finds its way by clicking, from the home page, on the demo data.

For each role the test signs in as the demo's account, starts at ``/`` and follows links only
(``<a href>`` on the same host), as a new user would. It then checks that:

(a) every page without parameters that the authorisation table opens to the role was reached,
    so a new page that nothing links to fails here; and
(b) no link on any page reached answers with an error (403, 404, 405, 500...): people are
    never shown a link they cannot use; and
(c) no page reached has a hint or error wired to an id that is not there, or one id twice
    (``tests/markup.py``; axe-core missed both); and
(d) no page reached shows a stored code instead of words ("large_print", "tue", "3.0", "None",
    "+447…"; ``tests/words_check.py``).

Each URL name is visited at most ``VISITS_PER_PAGE`` times (detail pages and query strings
would otherwise explode); files (PDF, CSV, calendar, feeds) are opened but not read for links.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import Resolver404, resolve

from alongside.accounts.models import User
from tests.authorisation_table import AUTHORISATION, OK, ROLES, STAFF_ROLES
from tests.builders import sign_in
from tests.conftest import isolated_settings, put_back_migration_rows
from tests.markup import markup_problems
from tests.url_catalogue import routes
from tests.words_check import raw_values

# The demo's account for each role (README, "Signing in to the demo").
DEMO_ACCOUNTS = {
    "anonymous": None,
    "public": "sam@public.example",
    "researcher": "researcher@northbridge.example",
    "involvement_staff": "involvement@northbridge.example",
    "finance": "finance@northbridge.example",
    "org_admin": "admin@northbridge.example",
    "national_admin": "national@national.example",
}

VISITS_PER_PAGE = 3
# Following these would end the visit or change it, not show a page.
NOT_FOLLOWED = {"account_logout", "set_language", "accounts:stay_signed_in"}

# Pages that answer 200 but are not meant to be reached by clicking, with the reason.
NOT_LINKED_ON_PURPOSE = {
    "core:healthz": "for load balancers",
    "core:favicon": "browsers ask for it themselves",
    "api:openapi-json": "for developers and their programs (docs/deploy.md describes the API)",
    "api:openapi-view": "for developers (docs/deploy.md describes the API)",
    "api:health": "for monitoring",
    "api:list_opportunities": "for programs; people use the opportunities page",
    "api:list_ideas": "for programs; people use the idea boards",
    "admin:login": "Django admin is for operators, not for any role here",
    "people:joined": "shown after the join form is sent",
    "outreach:feedback_sent": "shown after the feedback form is sent",
    "accounts:code_continue": "opened from the link in a sign-in email",
    "account_inactive": "shown by the sign-in flow for a disabled account",
    "account_signup": "sign-up is closed; people join at /join/",
    "account_reset_password_done": "shown after asking for a password reset",
    "account_reset_password_from_key_done": "shown after setting a new password",
    "account_logout": "signing out is a button in the header (a form), not a link",
}
# Contributors' own pages: staff see them on their account page once they have a contributor profile.
_CONTRIBUTOR_PAGES = dict.fromkeys(
    ("people:my_profile", "opportunities:involvement", "payments:my_payments"),
    "a contributor's own page; linked for staff who are also contributors",
)
# The same, for some roles only.
NOT_LINKED_FOR = {
    "anonymous": {
        "account_request_login_code": "the sign-in page itself sends the code (accounts/forms.py)",
    },
    **dict.fromkeys(STAFF_ROLES, _CONTRIBUTOR_PAGES),
    "public": {
        "core:my_tasks": "only staff start long jobs (sending messages, imports)",
        "account_set_password": "public contributors sign in with an emailed code, not a password",
        "mfa_index": "public contributors have no password, so no second factor",
        "mfa_activate_totp": "public contributors have no password, so no second factor",
        "mfa_generate_recovery_codes": "public contributors have no password, so no second factor",
        "account_reset_password": "public contributors have no password to reset",
    },
}
NOT_LINKED_WHEN_SIGNED_IN = {
    "account_reset_password": "offered on the sign-in page, for people who are not signed in",
}


@dataclass
class Crawl:
    client: Client
    visits: Counter = field(default_factory=Counter)
    seen: set[str] = field(default_factory=set)
    reached: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def run(self, start: str = "/") -> None:
        queue = deque([(start, "(start)")])
        self.seen.add(start)
        while queue:
            url, found_on = queue.popleft()
            for link in self._open(url, found_on):
                if self._worth_visiting(link, url):
                    self.seen.add(link)
                    queue.append((link, url))

    def _open(self, url: str, found_on: str) -> list[str]:
        response = self.client.get(url, follow=True)
        if response.status_code >= 400:
            self.problems.append(f"{url} answers {response.status_code} (linked from {found_on})")
            return []
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        self.reached.add(_url_name(urljoin(url, final)) or final)
        if not response.get("Content-Type", "").startswith("text/html"):
            return []  # a file: opened, not read for links
        html = response.content.decode()
        # Every page reached is also read for what axe missed (tests/markup.py).
        self.problems += [f"{url}: {problem}" for problem in markup_problems(html)]
        self.problems += [f"{url}: {problem}" for problem in raw_values(html)]
        return [urljoin(final, href) for href in _hrefs(html)]

    def _worth_visiting(self, link: str, found_on: str) -> bool:
        parts = urlsplit(link)
        if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "testserver"}:
            return False  # another site, or mailto: and tel:
        link = parts.path + (f"?{parts.query}" if parts.query else "")
        if link in self.seen or parts.path.startswith(("/static/", "/media/")):
            return False
        name = _url_name(parts.path)
        if name is None:
            self.problems.append(f"{link} is no page of ours (linked from {found_on})")
            self.seen.add(link)
            return False
        if name in NOT_FOLLOWED or self.visits[name] >= VISITS_PER_PAGE:
            return False
        self.visits[name] += 1
        return True


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith("#"):
            self.hrefs.append(href.split("#")[0])


def _hrefs(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _url_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _start_pages(role: str) -> set[str]:
    """Pages without parameters that the authorisation table opens to ``role``."""
    names = {route.name for route in routes() if route.name and "<" not in route.pattern}
    expected = {name for name in names if AUTHORISATION.get(name, {}).get(role) == OK}
    exempt = set(NOT_LINKED_ON_PURPOSE) | set(NOT_LINKED_FOR.get(role, {}))
    if role != "anonymous":
        exempt |= set(NOT_LINKED_WHEN_SIGNED_IN)
    return expected - exempt


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo") / "media"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """The demo, loaded once for the module (under the tests' own settings) and rolled back after it."""
    isolated = override_settings(**isolated_settings(demo_media))
    with isolated, django_db_blocker.unblock():
        put_back_migration_rows()
        with transaction.atomic():
            call_command("load_demo", quiet=True)
            yield
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _demo_files(settings, demo_media):
    """Receipts, print packs and payment files the demo wrote stay readable in every test."""
    settings.MEDIA_ROOT = demo_media


def _client(role: str) -> Client:
    client = Client()
    if DEMO_ACCOUNTS[role]:
        sign_in(client, User.objects.get(email=DEMO_ACCOUNTS[role]))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_every_page_it_may_use_by_clicking_only(demo, role):
    crawl = Crawl(_client(role))
    crawl.run()
    missing = sorted(_start_pages(role) - crawl.reached)
    found = "\n".join(crawl.problems)
    assert not crawl.problems, f"{role}: links that do not work, faulty markup, stored codes shown:\n{found}"
    assert not missing, f"{role}: pages nothing links to (for this role): {missing}"


# Pages reached another way than a link on one of our pages, with the reason.
REACHED_OTHERWISE = {
    "outreach:preferences": "the link in every message a person is sent",
    "core:task_progress": "where starting a long job takes you (and the list of your jobs)",
    "accounts:invitation": "the link in the email inviting someone into a team",
}


def _named_in_source() -> set[str]:
    """URL names that a template links to, code redirects to, or the link registry declares."""
    from pathlib import Path

    import alongside
    from alongside.core.links import account_links, record_links, staff_links

    pattern = re.compile(r"""(?:\{% url |reverse\(|redirect\()["']([\w:-]+)["']""")
    root = Path(alongside.__file__).parent
    found = {
        name
        for path in [*root.rglob("*.html"), *root.rglob("*.py")]
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }
    records = [link for kind in RECORD_KINDS for link in record_links(kind)]
    return found | {link.url_name for link in (*staff_links(), *account_links(), *records)}


RECORD_KINDS = ("opportunity", "project", "contributor")


def test_every_page_of_ours_is_linked_from_somewhere():
    """The crawl cannot reach a detail page the demo has no record for; this finds pages no link names."""
    ours = {
        route.name
        for route in routes()
        if route.name and ":" in route.name and not route.name.startswith(("admin:", "api:", "bench:"))
    }
    exempt = set(NOT_LINKED_ON_PURPOSE) | set(REACHED_OTHERWISE)
    orphans = sorted(ours - exempt - _named_in_source())
    assert not orphans, f"pages nothing links to: {orphans}"
