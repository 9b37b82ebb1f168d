"""Review D21: the name given when joining is the account's name, and signing in says so plainly."""

from __future__ import annotations

import importlib
import re

from django.apps import apps
from django.core import mail
from django.urls import reverse

from alongside.accounts.models import User
from alongside.people.models import Topic
from tests.builders import create_contributor, create_user, sign_in


def _join(client, **extra):
    form = {
        "first_name": "Alex",
        "last_name": "Tester",
        "email": "alex.tester@example.org",
        "channel_email": "1",
        "interests": [Topic.objects.first().pk],
        "consent_contact": "on",
        **extra,
    }
    return client.post(reverse("people:join"), form)


def test_joining_online_names_the_account_and_the_account_page_shows_it(client):
    assert _join(client).status_code == 302
    user = User.objects.get(email="alex.tester@example.org")
    assert user.full_name == "Alex Tester"
    sign_in(client, user)
    page = client.get(reverse("accounts:home")).content.decode()
    assert 'value="Alex Tester"' in page


def test_signing_in_says_signed_in_in_plain_words(client):
    _join(client)
    client.post("/accounts/login/code/", {"email": "alex.tester@example.org"})
    code = re.search(r"^\s*([A-Z0-9]{3,}-?[A-Z0-9]*)\s*$", mail.outbox[-1].body, re.M).group(1)
    page = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True).content.decode()
    assert "Signed in." in page
    assert "Successfully signed in" not in page


def test_the_migration_names_accounts_that_joined_before(client):
    user = create_user("sam@example.org")
    create_contributor(user=user, first_name="Sam", last_name="Taylor")
    named = create_user("kept@example.org", full_name="Chosen Name")
    create_contributor(user=named, first_name="Other", last_name="Name")
    migration = importlib.import_module("alongside.people.migrations.0005_organisation_links")
    migration.name_accounts_from_profiles(apps, None)
    assert User.objects.get(pk=user.pk).full_name == "Sam Taylor"
    assert User.objects.get(pk=named.pk).full_name == "Chosen Name"
