from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from alongside.accounts.models import Role
from tests.builders import STAFF_PASSWORD, create_organisation, create_staff, has_totp, sign_in

LOGIN_URL = "/accounts/login/"
MFA_URL = "/accounts/2fa/authenticate/"


def _current_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_need_their_authenticator_code_after_the_password(client):
    staff = create_staff(create_organisation(), Role.INVOLVEMENT_STAFF)
    response = client.post(LOGIN_URL, {"login": staff.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(MFA_URL)
    # Without the second factor, no staff page is reachable.
    staff_page = client.get(reverse("accounts:staff_home"))
    assert staff_page.status_code == 302 and "/accounts/login/" in staff_page["Location"]
    client.post(MFA_URL, {"code": _current_code(staff.totp_secret)})
    assert client.get(reverse("accounts:staff_home")).status_code == 200


def test_a_wrong_authenticator_code_is_refused(client):
    staff = create_staff(create_organisation())
    client.post(LOGIN_URL, {"login": staff.email, "password": STAFF_PASSWORD})
    client.post(MFA_URL, {"code": "000000"})
    assert client.get(reverse("accounts:staff_home")).status_code == 302


def test_an_authenticator_code_cannot_be_used_twice(client):
    staff = create_staff(create_organisation())
    code = _current_code(staff.totp_secret)
    client.post(LOGIN_URL, {"login": staff.email, "password": STAFF_PASSWORD})
    client.post(MFA_URL, {"code": code})
    client.post(reverse("account_logout"))
    client.post(LOGIN_URL, {"login": staff.email, "password": STAFF_PASSWORD})
    client.post(MFA_URL, {"code": code})
    assert client.get(reverse("accounts:staff_home")).status_code == 302


def test_staff_without_an_authenticator_must_set_one_up_before_anything_else(client):
    staff = create_staff(create_organisation(), totp=False)
    sign_in(client, staff, methods=("password",))
    for url in (reverse("accounts:staff_home"), reverse("accounts:access_log"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/totp/activate")
    assert not has_totp(staff)


def test_staff_who_signed_in_by_email_code_alone_are_signed_out(client):
    staff = create_staff(create_organisation())
    sign_in(client, staff, methods=("code",))
    response = client.get(reverse("accounts:staff_home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_disabled_account_loses_its_live_session(client):
    staff = create_staff(create_organisation())
    sign_in(client, staff)
    assert client.get(reverse("accounts:staff_home")).status_code == 200
    staff.is_active = False
    staff.save()
    assert client.get(reverse("accounts:staff_home")).status_code == 302


def test_a_role_removed_mid_session_takes_effect_on_the_next_request(client):
    from django.utils import timezone

    org = create_organisation()
    admin = create_staff(org, Role.ORG_ADMIN)
    sign_in(client, admin)
    assert client.get(reverse("accounts:access_log")).status_code == 200
    admin.memberships.update(ended_at=timezone.now())
    assert client.get(reverse("accounts:access_log")).status_code in {302, 403}


def test_short_and_common_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short7!", "password1234567"):
        try:
            validate_password(weak)
        except ValidationError:
            continue
        raise AssertionError(f"{weak!r} was accepted")
    validate_password("a long passphrase with spaces and ünïcödé 🙂 " * 2)
