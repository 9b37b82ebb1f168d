from django.test import Client
from django.urls import reverse

from tests.builders import create_user, sign_in


def _body(response) -> str:
    return response.content.decode()


def test_a_server_error_shows_a_plain_page_with_no_technical_detail(settings):
    settings.ROOT_URLCONF = "tests.core.urls_with_fault"
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/test-fault/")
    html = _body(response)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert 'id="main-content"' in html  # the site's own layout, not a bare page
    for leak in ("canary-4471", "RuntimeError", "Traceback", "always_fails", settings.SECRET_KEY):
        assert leak not in html
    # The reference on the page matches the id in the logs.
    assert response["X-Request-Id"] in html


def test_page_not_found_uses_the_site_layout_and_never_repeats_the_address(client):
    response = client.get("/no-such-page/canary-8812%22%3E")
    html = _body(response)
    assert response.status_code == 404
    assert "Page not found" in html and 'id="main-content"' in html
    assert "canary-8812" not in html


def test_a_public_contributor_at_a_staff_page_gets_a_plain_refusal(client):
    sign_in(client, create_user())
    response = client.get(reverse("accounts:staff_home"))
    assert response.status_code == 403
    assert "You cannot see this page" in _body(response)


def test_a_form_without_its_security_token_gets_a_plain_explanation():
    response = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "a@example.org"})
    html = _body(response)
    assert response.status_code == 403
    assert "Sorry, we could not accept that form" in html
    assert "CSRF" not in html


def test_a_bad_host_gets_a_plain_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in _body(response)
    assert "evil.example" not in _body(response)


def test_too_many_sign_in_attempts_get_a_plain_english_page(client):
    import time_machine

    statuses = []
    # Time stands still so that a slow machine cannot spread the attempts over two minutes.
    with time_machine.travel(1_800_000_000, tick=False):
        for n in range(31):
            response = client.post(
                reverse("account_login"), {"login": f"person{n}@example.org", "password": "not the password"}
            )
            statuses.append(response.status_code)
    assert statuses[-1] == 429
    assert "Too many attempts" in _body(response)
    assert "Please wait up to 15 minutes" in _body(response)
