"""Someone who pressed "Apply" before they had joined comes back to it once they have joined and signed in."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from tests.people.test_join import _form

APPLY = "/opportunities/help-us-1/apply/"


def _link(page: str, text: str) -> tuple[str, str | None]:
    """The path a link called ``text`` in the page's main part leads to, and the ``next`` it carries."""
    main = page[page.index("<main") :]
    href = unescape(re.search(rf'<a href="([^"]*)">{re.escape(text)}</a>', main).group(1))
    parts = urlsplit(href)
    return parts.path, parse_qs(parts.query).get("next", [None])[0]


def test_the_sign_in_page_carries_where_the_person_was_going_into_joining(client):
    page = client.get(reverse("account_login"), {"next": APPLY}).content.decode()
    assert _link(page, "Become a public contributor") == (reverse("people:join"), APPLY)


def test_after_joining_the_sign_in_link_leads_back_to_where_the_person_was_going(client):
    joined = client.post(f"{reverse('people:join')}?next={APPLY}", _form())
    assert joined.status_code == 302
    thank_you = client.get(joined["Location"]).content.decode()
    assert _link(thank_you, "Sign in") == (reverse("account_login"), APPLY)


def test_an_address_elsewhere_is_not_carried(client):
    joined = client.post(f"{reverse('people:join')}?next=//evil.example/", _form())
    assert joined["Location"] == reverse("people:joined")
    thank_you = client.get(reverse("people:joined"), {"next": "https://evil.example/"}).content.decode()
    assert _link(thank_you, "Sign in") == (reverse("account_login"), None)
