"""The sign-in code and second-step pages speak like the rest of the service (review D24)."""

import re

from tests.builders import STAFF_PASSWORD, create_organisation, create_staff, create_user

CODE_URL = "/accounts/login/code/"
CONFIRM_URL = "/accounts/login/code/confirm/"
LOGIN_URL = "/accounts/login/"
MFA_URL = "/accounts/2fa/authenticate/"
LIBRARY_WORDS = (
    "Enter Sign-In Code",
    "Two-Factor Authentication",
    "Sign In",
    "expires shortly",
    "placeholder=",
)


def _buttons(html: str) -> list[str]:
    return re.findall(r"<button[^>]*>.*?</button>", html, re.S)


def _assert_in_our_words(html: str) -> None:
    for words in LIBRARY_WORDS:
        assert words not in html, words
    cancel = [b for b in _buttons(html) if "Cancel" in b]
    assert cancel and all('class="link-button"' in b for b in cancel), cancel


def test_the_code_page_gives_the_real_time_limit_and_cancel_is_a_link(client):
    create_user("sam@example.org")
    client.post(CODE_URL, {"email": "sam@example.org"})
    html = client.get(CONFIRM_URL).content.decode()
    assert "Enter the code we sent you" in html
    assert "sam@example.org" in html and "It works for 10 minutes." in html
    assert "Sign-in code</label>" in html
    _assert_in_our_words(html)


def test_a_wrong_code_is_reported_next_to_the_box(client):
    create_user("sam@example.org")
    client.post(CODE_URL, {"email": "sam@example.org"})
    html = client.post(CONFIRM_URL, {"code": "WRONG123", "action": "verify"}).content.decode()
    assert "There is a problem" in html and 'href="#id_code"' in html


def test_the_second_step_page_for_staff(client):
    staff = create_staff(create_organisation())
    client.post(LOGIN_URL, {"login": staff.email, "password": STAFF_PASSWORD})
    html = client.get(MFA_URL).content.decode()
    assert "Enter the code from your authenticator app" in html
    _assert_in_our_words(html)
    html = client.post(MFA_URL, {"code": "000000"}).content.decode()
    assert "There is a problem" in html



def test_the_librarys_other_pages_are_in_sentence_case(client):
    """Pages we do not rewrite keep the library's layout, but its Title Case reads as ours,
    through the British English catalogue (alongside/locale/en_GB)."""
    user = create_user("sam@example.org")
    client.force_login(user)
    html = client.get("/accounts/logout/").content.decode()
    assert "Sign out" in html and "Sign Out" not in html
