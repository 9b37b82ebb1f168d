import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.builders import create_user

CODE_URL = "/accounts/login/code/"
CONFIRM_URL = "/accounts/login/code/confirm/"


def _request_code(client, email: str):
    return client.post(CODE_URL, {"email": email}, follow=True)


def _code_from_last_email() -> str:
    body = mail.outbox[-1].body
    return re.search(r"^\s*([A-Z0-9]{3,}-?[A-Z0-9]*)\s*$", body, re.M).group(1)


def test_a_member_of_the_public_signs_in_with_an_emailed_code(client):
    create_user("sam@example.org")
    _request_code(client, "sam@example.org")
    code = _code_from_last_email()
    response = client.post(CONFIRM_URL, {"code": code}, follow=True)
    assert response.context["user"].email == "sam@example.org"


def test_the_code_cannot_be_used_twice(client):
    create_user("sam@example.org")
    _request_code(client, "sam@example.org")
    code = _code_from_last_email()
    client.post(CONFIRM_URL, {"code": code})
    client.post(reverse("account_logout"))
    response = client.post(CONFIRM_URL, {"code": code}, follow=True)
    assert not response.context["user"].is_authenticated


def test_the_email_link_uses_the_configured_address_and_a_get_does_not_sign_in(client, settings):
    settings.BASE_URL = "https://alongside.example"
    create_user("sam@example.org")
    _request_code(client, "sam@example.org")
    body = mail.outbox[-1].body
    link = re.search(r"https://alongside\.example(/accounts/code/continue/\?code=\S+)", body)
    assert link, body
    # A mail scanner opening the link, twice, with or without cookies.
    assert client.get(link.group(1)).status_code == 200
    page = client.get(link.group(1))
    assert b"Continue" in page.content
    assert not page.context["user"].is_authenticated
    # The person presses Continue: only this POST signs them in.
    code = _code_from_last_email()
    response = client.post(CONFIRM_URL, {"code": code}, follow=True)
    assert response.context["user"].is_authenticated


def test_registered_and_unknown_addresses_get_the_same_answer(client):
    create_user("known@example.org")
    known = _request_code(client, "known@example.org")
    client.cookies.clear()
    unknown = _request_code(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain[-1][0] == unknown.redirect_chain[-1][0]


def test_ten_wrong_codes_in_a_row_lock_the_account_for_a_while(client):
    create_user("sam@example.org")
    _request_code(client, "sam@example.org")
    real_code = _code_from_last_email()
    for _ in range(10):
        client.post(CONFIRM_URL, {"code": "WRONG1"})
    # Even the right code, freshly requested, is refused while the lock lasts.
    _request_code(client, "sam@example.org")
    new_code = _code_from_last_email()
    response = client.post(CONFIRM_URL, {"code": new_code}, follow=True)
    assert not response.context["user"].is_authenticated
    assert response.status_code == 429 or b"Too many wrong codes" in response.content
    assert real_code  # the first code existed; it died with the tenth wrong attempt


@pytest.mark.parametrize("tampered", ["", "A", "%2541BC", "' OR 1=1 --", "x" * 500])
def test_tampered_codes_are_refused_without_error(client, tampered):
    create_user("sam@example.org")
    _request_code(client, "sam@example.org")
    response = client.post(CONFIRM_URL, {"code": tampered}, follow=True)
    assert response.status_code in {200, 429}
    assert not response.context["user"].is_authenticated


def test_signing_out_ends_the_session_on_the_server(client):
    user = create_user("sam@example.org")
    from tests.builders import sign_in

    sign_in(client, user)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = cookie
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302


def test_the_lock_lifts_by_itself_after_fifteen_minutes():
    import time_machine

    from alongside.accounts import lockout

    with time_machine.travel(0, tick=False) as traveller:
        for _ in range(lockout.MAX_FAILURES):
            lockout.record_failure("sam@example.org")
        assert lockout.is_locked("sam@example.org")
        assert not lockout.is_locked("someone.else@example.org")
        traveller.shift(lockout.LOCK_SECONDS + 1)
        assert not lockout.is_locked("sam@example.org")


def test_accounts_are_made_by_joining_not_by_a_bare_sign_up(client):
    from alongside.accounts.models import User

    page = client.get("/accounts/signup/")
    assert b'href="/join/"' in page.content
    client.post("/accounts/signup/", {"email": "new@example.org"})
    assert not User.objects.filter(email="new@example.org").exists()


def test_an_unknown_address_is_pointed_to_the_joining_form(client, settings):
    settings.BASE_URL = "https://alongside.example"
    _request_code(client, "stranger@example.org")
    assert "https://alongside.example/join/" in mail.outbox[-1].body
