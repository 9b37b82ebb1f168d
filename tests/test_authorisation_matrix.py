"""Role × page matrix, generated from the URL resolver (catalogue C.35).

Every URL name must have an entry in ``tests/authorisation_table.py``; each role opens
each page and the outcome must match the table.
"""

from __future__ import annotations

from fnmatch import fnmatch
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import Organisation
from tests.authorisation_table import (
    AUTHORISATION,
    LOGIN,
    REDIRECT,
    ROLES,
)
from tests.builders import create_organisation, create_staff, create_user, sign_in
from tests.url_catalogue import address, routes


def _expected(name: str) -> dict | None:
    if name in AUTHORISATION:
        return AUTHORISATION[name]
    wildcards = [key for key in AUTHORISATION if "*" in key and fnmatch(name, key)]
    return AUTHORISATION[max(wildcards, key=len)] if wildcards else None


def _client_for(role: str) -> Client:
    client = Client()
    if role == "public":
        sign_in(client, create_user())
    elif role == "national_admin":
        sign_in(client, create_staff(create_organisation(type=Organisation.Type.NIHR), role))
    elif role != "anonymous":
        sign_in(client, create_staff(create_organisation(), role))
    return client


def _outcome(response):
    if response.status_code in {301, 302, 303, 307, 308}:
        target = urlsplit(response["Location"]).path
        return LOGIN if target in {reverse("account_login"), reverse("admin:login")} else REDIRECT
    return response.status_code


def test_every_page_is_in_the_authorisation_table():
    missing = sorted(
        {route.name or route.pattern for route in routes() if _expected(route.name or "") is None}
    )
    assert not missing, f"add these URL names to tests/authorisation_table.py: {missing}"


def test_the_table_names_no_page_that_does_not_exist():
    names = {route.name for route in routes()}
    stale = [key for key in AUTHORISATION if "*" not in key and key not in names]
    assert not stale, f"remove these from tests/authorisation_table.py: {stale}"


def test_every_table_entry_gives_an_outcome_for_every_role():
    incomplete = [name for name, table in AUTHORISATION.items() if set(table) != set(ROLES)]
    assert not incomplete


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_outcome_in_the_table_for_every_page(role):
    client = _client_for(role)
    wrong = []
    for route in routes():
        expected = _expected(route.name or "")
        url = address(route)
        if expected is None or url is None:
            continue  # reported by the tests above
        got = _outcome(client.get(url))
        if got != expected[role]:
            wrong.append(f"{route.name} {url}: expected {expected[role]}, got {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
