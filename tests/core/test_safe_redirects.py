"""Return-address family: every ``next`` goes through one check, so nobody is sent off-site.

Before: ``POST /payments/bank-details/?next=https://evil.example`` sent a person off-site right
after they typed their bank details, and ``next=javascript:…`` gave a 500. Here hostile values are
posted to every view known to take a return address (``NEXT_TAKERS``), the source is scanned so a
new view that reads one must be added there, and every address the project serves is crawled with
a hostile ``next`` as a backstop.
"""

from __future__ import annotations

import ast
import inspect
import pathlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import resolve, reverse

import alongside
from alongside.accounts.models import Role
from alongside.core.redirects import is_safe_next, safe_next
from tests.builders import (
    STAFF_PASSWORD,
    create_contributor,
    create_organisation,
    create_staff,
    create_user,
    sign_in,
)
from tests.url_catalogue import address, routes

HOSTILE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "https:evil.example",
    "http://testserver/payments/",  # our request host, but not BASE_URL's
    "http://127.0.0.1:8000@evil.example/",
    "http://127.0.0.1:8000//evil.example/",
    "/\x00/evil.example",
    "/caf\u00e9",
    "/" + "a" * 3000,
]
SAFE = ["/payments/", "/payments/claim/3/check/?step=2#bank", "/", "http://127.0.0.1:8000/payments/"]


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = "http://127.0.0.1:8000"


@pytest.mark.parametrize("candidate", HOSTILE)
def test_hostile_return_addresses_are_refused(candidate):
    assert not is_safe_next(candidate)
    assert safe_next(candidate, "/home/") == "/home/"


@pytest.mark.parametrize("candidate", SAFE)
def test_paths_on_this_site_are_followed(candidate):
    assert is_safe_next(candidate)
    assert safe_next(candidate, "/home/").startswith("/")


def test_our_own_absolute_address_becomes_a_path():
    assert safe_next("http://127.0.0.1:8000/payments/?a=1", "/") == "/payments/?a=1"


# ---------------------------------------------------------------- every view that takes a return address


@dataclass(frozen=True)
class Taker:
    """A view that takes ``next``: how to reach it so that it redirects, and where it goes by default."""

    view: str  # dotted path of the function that reads the parameter
    url: Callable[[], str]
    method: str
    client: Callable[[], Client]
    data: Callable[[], dict]
    default: str | Callable[[], str]
    # Goes to ``default`` and hands the return address on to it, rather than going there itself.
    carries: bool = False


def _contributor_client() -> Client:
    user = create_user()
    create_contributor(create_organisation(), user=user)
    client = Client()
    sign_in(client, user)
    return client


def _signed_in_public() -> Client:
    client = Client()
    sign_in(client, create_user())
    return client


def _admin_password_client() -> Client:
    user = create_staff(create_organisation(), Role.ORG_ADMIN)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.admin_email = user.email  # type: ignore[attr-defined]
    return client


BANK = {"account_name": "A Person", "sort_code": "309430", "account_number": "00733445"}


def _join_form() -> dict:
    return {"first_name": "Ffion", "email": "ffion@example.org", "channel_email": "1"}


_IDEA: dict[str, str] = {}


def _idea_support_url() -> str:
    from tests.engagement.ideas_helpers import create_idea, create_topic

    idea = create_idea(create_topic())
    _IDEA["page"] = reverse("engagement:idea", kwargs={"slug": idea.process.slug, "pk": idea.pk})
    return _IDEA["page"] + "support/"


NEXT_TAKERS = {
    "engagement:idea_support": Taker(
        "alongside.engagement.views.ideas.idea_support",
        _idea_support_url,
        "post",
        _contributor_client,
        dict,
        lambda: _IDEA["page"],
    ),
    "payments:bank_details": Taker(
        "alongside.payments.views.contributor.bank_details",
        lambda: reverse("payments:bank_details"),
        "post",
        _contributor_client,
        lambda: BANK,
        "/payments/",
    ),
    "accounts:stay_signed_in": Taker(
        "alongside.accounts.views.stay_signed_in",
        lambda: reverse("accounts:stay_signed_in"),
        "post",
        _signed_in_public,
        dict,
        "/",
    ),
    "set_language": Taker(
        "alongside.core.views.set_language",
        lambda: reverse("set_language"),
        "post",
        Client,
        lambda: {"language": "cy"},
        "/",
    ),
    # allauth: an already signed-in person sent to the sign-in page goes straight to ``next``.
    "account_login": Taker(
        "alongside.accounts.adapter.AccountAdapter.is_safe_url",
        lambda: reverse("account_login"),
        "get",
        _signed_in_public,
        dict,
        "/account/",
    ),
    "account_logout": Taker(
        "alongside.accounts.adapter.AccountAdapter.is_safe_url",
        lambda: reverse("account_logout"),
        "post",
        _signed_in_public,
        dict,
        "/",
    ),
    # Joining goes to the thank-you page, whose "Sign in" link takes the person on to ``next``.
    "people:join": Taker(
        "alongside.people.views._carrying_next",
        lambda: reverse("people:join"),
        "post",
        Client,
        _join_form,
        "/join/thank-you/",
        carries=True,
    ),
    "admin:login": Taker(
        "alongside.core.admin_site.AlongsideAdminSite.login",
        lambda: reverse("admin:login"),
        "post",
        _admin_password_client,
        lambda: {},
        "/admin/",
    ),
}


def _send(name: str, taker: Taker, next_value: str):
    client = taker.client()
    data = taker.data()
    if name == "admin:login":
        data = {"username": client.admin_email, "password": STAFF_PASSWORD}
    url = f"{taker.url()}?{urlencode({'next': next_value})}"
    if taker.method == "get":
        return client.get(url)
    return client.post(url, {**data, "next": next_value})


def _lands_on_this_site(response) -> str:
    assert response.status_code in {301, 302, 303}, response.status_code
    location = response["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and not location.startswith("//"), location
    assert "\\" not in location and "evil" not in location, location
    return location


@pytest.mark.parametrize("name", sorted(NEXT_TAKERS))
@pytest.mark.parametrize("next_value", HOSTILE)
def test_every_view_that_takes_a_return_address_refuses_hostile_ones(name, next_value):
    taker = NEXT_TAKERS[name]
    response = _send(name, taker, next_value)
    default = taker.default() if callable(taker.default) else taker.default
    assert _lands_on_this_site(response) == default


@pytest.mark.parametrize("name", sorted(NEXT_TAKERS))
def test_every_view_that_takes_a_return_address_follows_a_path_on_this_site(name):
    taker = NEXT_TAKERS[name]
    target = "/help/?from=test"
    landed = _lands_on_this_site(_send(name, taker, target))
    if taker.carries:
        assert landed == f"{taker.default}?{urlencode({'next': target})}"
    else:
        assert landed == target


# ---------------------------------------------------------------- a new reader of ``next`` is caught

# Parameters and headers that carry an address someone will be sent to.
RETURN_ADDRESS_NAMES = {"next", "return_to", "returnto", "redirect_to", "back", "continue", "HTTP_REFERER"}


def _functions_reading_a_return_address() -> set[str]:
    """Dotted paths of every function in ``alongside`` that reads one of RETURN_ADDRESS_NAMES."""
    root = pathlib.Path(alongside.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        tree = ast.parse(path.read_text())
        for owner, function in _functions(tree):
            for node in ast.walk(function):
                if isinstance(node, ast.Constant) and node.value in RETURN_ADDRESS_NAMES:
                    found.add(".".join(filter(None, [module, owner, function.name])))
                if isinstance(node, ast.Name) and node.id in {"REDIRECT_FIELD_NAME", "redirect_field_name"}:
                    found.add(".".join(filter(None, [module, owner, function.name])))
    return found


def _functions(tree):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield None, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield node.name, item


def test_every_function_that_reads_a_return_address_is_tested_above():
    tested = {taker.view for taker in NEXT_TAKERS.values()}
    untested = sorted(_functions_reading_a_return_address() - tested)
    assert not untested, (
        f"add these to NEXT_TAKERS (and send their return address through safe_next): {untested}"
    )


def test_every_tested_reader_uses_the_one_check():
    for taker in NEXT_TAKERS.values():
        source = inspect.getsource(pkgutil.resolve_name(taker.view))
        assert "safe_next" in source or "is_safe_next" in source, taker.view


def test_no_code_but_the_one_check_decides_whether_an_address_is_safe():
    root = pathlib.Path(alongside.__file__).parent
    users = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "url_has_allowed_host_and_scheme" in path.read_text() and path.name != "redirects.py"
    )
    assert users == []


# ---------------------------------------------------------------- every address, with a hostile ``next``


def _crawl_clients() -> dict[str, Callable[[], Client]]:
    organisation = create_organisation()
    staff = create_staff(organisation, Role.ORG_ADMIN)
    finance = create_staff(organisation, Role.FINANCE)

    def signed(user):
        def make():
            client = Client()
            sign_in(client, user)
            return client

        return make

    return {
        "anonymous": Client,
        "public": _contributor_client,
        "staff": signed(staff),
        "finance": signed(finance),
    }


def _on_this_site(location: str) -> bool:
    parts = urlsplit(location)
    ours = parts.scheme in {"", "http", "https"} and parts.netloc in {"", "testserver", "127.0.0.1:8000"}
    return ours and not location.startswith(("//", "\\", "/\\"))


@pytest.mark.parametrize("who", ["anonymous", "public", "staff", "finance"])
def test_no_address_the_project_serves_follows_a_hostile_next(who):
    make = _crawl_clients()[who]
    client = make()
    off_site, errors = [], []
    for route in routes():
        url = address(route)
        if url is None or (route.name or "").startswith("admin:"):
            continue  # the admin's own login is a NEXT_TAKER above
        for method in ("get", "post"):
            response = getattr(client, method)(
                f"{url}?{urlencode({'next': '//evil.example/'})}",
                *([{"next": "https://evil.example/", "language": "cy"}] if method == "post" else []),
            )
            if response.status_code >= 500:
                errors.append(f"{method} {url}: {response.status_code}")
            location = response.get("Location", "")
            if location and not _on_this_site(location):
                off_site.append(f"{method} {url} -> {location}")
            if method == "post" and resolve(urlsplit(url).path).url_name in {"account_logout"}:
                client = make()  # signed out by the post: sign in again for the rest
    assert not off_site, off_site
    assert not errors, errors
