"""Sign-in attacks from the security catalogue (A.17, A.21, B.25) that the other files do not cover."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from alongside.accounts.models import Role
from tests.builders import STAFF_PASSWORD, create_organisation, create_staff, create_user

LOGIN_URL = "/accounts/login/"
MFA_URL = "/accounts/2fa/authenticate/"
CODE_URL = "/accounts/login/code/"
CONFIRM_URL = "/accounts/login/code/confirm/"
PROXY = "10.0.0.1"


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _through_proxy(client, url, data, *, client_ip, forged=None):
    # The proxy appends the address it saw; anything before it came from the client.
    forwarded = f"{forged}, {client_ip}" if forged else client_ip
    return client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def _password_sign_in(client, user, password, *, client_ip, forged=None):
    return _through_proxy(
        client, LOGIN_URL, {"login": user.email, "password": password}, client_ip=client_ip, forged=forged
    )


def _reached_second_factor(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(MFA_URL)


def test_a_forged_forwarded_for_header_does_not_reset_a_persons_failure_count(client, behind_one_proxy):
    victim = create_staff(create_organisation())
    for n in range(10):
        # Each try from a new real address and a new forged one: neither may earn fresh attempts.
        _password_sign_in(
            client, victim, "wrong guess", client_ip=f"198.51.100.{n + 1}", forged=f"203.0.113.{n}"
        )
    response = _password_sign_in(client, victim, STAFF_PASSWORD, client_ip="198.51.100.200", forged="1.2.3.4")
    assert not _reached_second_factor(response)
    assert response.status_code in {200, 429}


def test_someone_else_on_the_same_office_address_is_not_affected(client, behind_one_proxy):
    office = "192.0.2.10"
    careless = create_staff(create_organisation())
    colleague = create_staff(create_organisation())
    for n in range(3):
        _password_sign_in(client, careless, "wrong guess", client_ip=office, forged=f"203.0.113.{n}")
    client.cookies.clear()
    response = _password_sign_in(client, colleague, STAFF_PASSWORD, client_ip=office)
    assert _reached_second_factor(response)


def test_wrong_codes_behind_a_proxy_still_lock_the_address_whatever_the_header_says(client, behind_one_proxy):
    create_user("sam@example.org")
    _through_proxy(client, CODE_URL, {"email": "sam@example.org"}, client_ip="198.51.100.7")
    for n in range(10):
        _through_proxy(
            client, CONFIRM_URL, {"code": "WRONG1"}, client_ip="198.51.100.7", forged=f"203.0.113.{n}"
        )
    _through_proxy(client, CODE_URL, {"email": "sam@example.org"}, client_ip="198.51.100.8", forged="1.1.1.1")
    code = re.search(r"^\s*([A-Z0-9]{3,}-?[A-Z0-9]*)\s*$", mail.outbox[-1].body, re.M).group(1)
    response = _through_proxy(client, CONFIRM_URL, {"code": code}, client_ip="198.51.100.8", forged="1.1.1.2")
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 302, 429}


def test_a_staff_password_reset_still_ends_at_the_second_factor(client):
    staff = create_staff(create_organisation(), Role.FINANCE)
    client.post(reverse("account_reset_password"), {"email": staff.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "a different careful passphrase 73"
    client.post(form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    # The reset alone opens nothing.
    assert client.get(reverse("accounts:staff_home")).status_code == 302
    response = client.post(LOGIN_URL, {"login": staff.email, "password": new_password})
    assert _reached_second_factor(response)
    assert client.get(reverse("accounts:staff_home")).status_code == 302


def _current_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_the_session_id_changes_when_staff_sign_in(client):
    staff = create_staff(create_organisation())
    client.get(LOGIN_URL)
    client.post(LOGIN_URL, {"login": staff.email, "password": STAFF_PASSWORD})
    before_second_factor = client.cookies["sessionid"].value
    client.post(MFA_URL, {"code": _current_code(staff.totp_secret)})
    after = client.cookies["sessionid"].value
    assert after != before_second_factor
    assert client.get(reverse("accounts:staff_home")).status_code == 200


def test_the_session_id_changes_when_a_member_of_the_public_signs_in(client):
    create_user("sam@example.org")
    client.post(CODE_URL, {"email": "sam@example.org"})
    before = client.cookies["sessionid"].value
    code = re.search(r"^\s*([A-Z0-9]{3,}-?[A-Z0-9]*)\s*$", mail.outbox[-1].body, re.M).group(1)
    client.post(CONFIRM_URL, {"code": code})
    assert client.cookies["sessionid"].value != before
    # Someone holding the cookie from before sign-in gets nothing.
    from django.test import Client

    planted = Client()
    planted.cookies["sessionid"] = before
    assert planted.get(reverse("accounts:home")).status_code == 302
