"""A cross-site form post must fail on every address the project serves (catalogue B.32)."""

from __future__ import annotations

from fnmatch import fnmatch

import pytest
from django.test import Client

from tests.authorisation_table import CSRF_EXEMPT
from tests.builders import create_organisation, create_staff, create_user, sign_in
from tests.url_catalogue import address, routes


def _exempt(name: str | None) -> bool:
    return any(fnmatch(name or "", pattern) for pattern in CSRF_EXEMPT)


def test_every_exemption_from_csrf_is_documented():
    undocumented = sorted(
        f"{route.name} ({route.pattern})"
        for route in routes()
        if getattr(route.callback, "csrf_exempt", False) and not _exempt(route.name)
    )
    assert not undocumented, f"csrf_exempt views not listed in CSRF_EXEMPT: {undocumented}"
    assert all(reason.strip() for reason in CSRF_EXEMPT.values())


def _signed_in_clients():
    anonymous = Client(enforce_csrf_checks=True)
    public = Client(enforce_csrf_checks=True)
    sign_in(public, create_user())
    staff = Client(enforce_csrf_checks=True)
    sign_in(staff, create_staff(create_organisation(), "org_admin"))
    return {"anonymous": anonymous, "public": public, "staff": staff}


@pytest.mark.parametrize("who", ["anonymous", "public", "staff"])
def test_a_post_without_a_csrf_token_is_refused_on_every_address(who):
    client = _signed_in_clients()[who]
    accepted, unreachable = [], []
    for route in routes():
        if _exempt(route.name):
            continue
        url = address(route)
        if url is None:
            unreachable.append(route.pattern)
            continue
        response = client.post(url, {"email": "sam@example.org", "code": "ABC123", "language": "cy"})
        if response.status_code != 403:
            accepted.append(f"{url} -> {response.status_code}")
    assert not unreachable, f"could not build an address for: {unreachable}"
    assert not accepted, f"accepted a POST without a CSRF token: {accepted}"


def test_the_api_refuses_a_cross_site_post_to_a_cookie_authenticated_endpoint():
    # django-ninja marks its views csrf_exempt and checks CSRF itself when the
    # caller is identified by a cookie; today only token or anonymous endpoints exist.
    response = Client(enforce_csrf_checks=True).post("/api/health")
    assert response.status_code in {403, 405}
