"""Plain test-data builders, shared by every app's tests."""

from __future__ import annotations

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


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
