import json

from django.urls import reverse

from tests.builders import create_user, sign_in


def test_home_page_has_a_skip_link_and_a_main_landmark(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert '<html lang="en">' in html


def test_public_addresses_answer(client):
    for url in ("/", "/join/", "/opportunities/", "/accounts/login/", "/help/", "/privacy/"):
        assert client.get(url).status_code == 200, url


def test_health_endpoint_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_openapi_description_is_published(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "Alongside API"


def test_security_headers_are_set(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_cached(client):
    sign_in(client, create_user())
    assert "no-store" in client.get(reverse("accounts:home"))["Cache-Control"]


def test_a_foreign_host_header_is_refused(client):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_unknown_pages_do_not_reflect_what_was_typed(client):
    response = client.get("/<script>alert(1)</script>")
    assert response.status_code == 404
    assert b"<script>alert(1)</script>" not in response.content


def test_a_cross_site_post_without_a_token_is_refused():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/code/", {"email": "sam@example.org"})
    assert response.status_code == 403


def test_the_welsh_language_switch_changes_the_page_language(client):
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "/"}, follow=True)
    assert '<html lang="cy">' in response.content.decode()
