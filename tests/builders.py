"""Plain test-data builders, shared by every app's tests."""

from __future__ import annotations

import contextlib
import itertools
import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from alongside.accounts.models import Membership, Organisation, Role, User

_counter = itertools.count(1)
STAFF_PASSWORD = "a long and careful passphrase 42"


def create_organisation(name: str | None = None, **extra) -> Organisation:
    n = next(_counter)
    name = name or f"Organisation {n}"
    extra.setdefault("type", Organisation.Type.RESEARCH)
    return Organisation.objects.create(name=name, slug=f"org-{n}", **extra)


def create_user(email: str | None = None, password: str | None = None, **extra) -> User:
    email = email or f"person{next(_counter)}@example.org"
    user = User.objects.create_user(email=email, password=password, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def create_staff(
    organisation: Organisation, role: str = Role.RESEARCHER, *, totp: bool = True, email: str | None = None
) -> User:
    user = create_user(email=email, password=STAFF_PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    if totp:
        user.totp_secret = generate_totp_secret()
        TOTP.activate(user, user.totp_secret)
    return user


def sign_in(client, user: User, methods: tuple[str, ...] | None = None) -> None:
    """Sign in as ``user`` as if they had completed the proper sign-in steps."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if methods is None:
        methods = ("password", "mfa") if user.is_staff_member else ("code",)
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": m, "at": time.time()} for m in methods]
    session.save()


def sign_in_browser(page, base_url: str, user: User) -> None:
    """Give a Playwright tab a signed-in session for ``user``, as ``sign_in`` does for the test client."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    sign_in(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def create_contributor(
    organisation: Organisation | None = None,
    *,
    consents: tuple[str, ...] = ("contact",),
    user: User | None = None,
    **fields,
):
    """A contributor with the given consents recorded online."""
    from alongside.people import services
    from alongside.people.choices import HowGiven

    fields.setdefault("first_name", f"Person{next(_counter)}")
    fields.setdefault("last_name", "Example")
    contributor = services.create_contributor(
        organisation=organisation or create_organisation(), user=user, how=HowGiven.ONLINE, **fields
    )
    for purpose in consents:
        services.record_consent(contributor, purpose, given=True, how=HowGiven.ONLINE)
    return contributor


def create_opportunity(organisation: Organisation | None = None, **fields):
    from alongside.opportunities.models import Opportunity

    n = next(_counter)
    fields.setdefault("title", f"Help shape study {n}")
    fields.setdefault("summary", "Tell us what you think about a new study.")
    fields.setdefault("status", Opportunity.Status.PUBLISHED)
    return Opportunity.objects.create(
        organisation=organisation or create_organisation(), slug=f"opportunity-{n}", **fields
    )


def create_contribution(
    contributor=None, opportunity=None, *, minutes: int = 120, date=None, activity_type: str = "meeting"
):
    """A recorded contribution: ``contributor`` took part in a new activity of ``opportunity``."""
    import datetime

    from alongside.opportunities.models import Activity, Contribution

    opportunity = opportunity or create_opportunity()
    contributor = contributor or create_contributor(opportunity.organisation)
    activity = Activity.objects.create(
        opportunity=opportunity, title="Meeting", activity_type=activity_type, duration_minutes=minutes
    )
    return Contribution.objects.create(
        contributor=contributor,
        activity=activity,
        opportunity=opportunity,
        organisation=opportunity.organisation,
        date=date or datetime.date(2026, 11, 2),
        minutes=minutes,
    )


@contextlib.contextmanager
def committed():
    """Run on-commit work (sending messages, queued tasks) as a real commit would.

    Every test runs inside a transaction that is rolled back, so nothing ever commits;
    code that sends "after commit" needs this to show what a person would receive.
    """
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        yield callbacks
