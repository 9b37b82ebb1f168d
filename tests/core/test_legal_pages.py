"""The privacy notice and the accessibility statement say what the law asks, and match the product."""

from __future__ import annotations

import pytest
from django.test import override_settings

from alongside.outreach import feedback
from alongside.payments import retention

pytestmark = pytest.mark.django_db


@override_settings(
    PRIVACY_CONTROLLER_NAME="Example Health Research Network",
    PRIVACY_CONTROLLER_ADDRESS="2 Sample Road, Leeds LS1 1AA",
    PRIVACY_EMAIL="privacy@research.example",
    PRIVACY_DPO_EMAIL="dpo@research.example",
    PRIVACY_ICO_REGISTRATION="ZA123456",
)
def test_the_privacy_notice_names_the_controller_the_operator_set(client):
    html = client.get("/privacy/").content.decode()
    for value in ("Example Health Research Network", "2 Sample Road, Leeds LS1 1AA", "ZA123456"):
        assert value in html
    assert 'href="mailto:privacy@research.example"' in html and 'href="mailto:dpo@research.example"' in html


def test_the_privacy_notice_gives_lawful_bases_rights_and_the_right_to_complain(client):
    html = client.get("/privacy/").content.decode()
    for basis in (
        "Article 6(1)(a)",
        "Article 6(1)(b)",
        "Article 6(1)(c)",
        "Article 6(1)(e)",
        "Article 9(2)(a)",
    ):
        assert basis in html
    assert "https://ico.org.uk/make-a-complaint/" in html and "0303 123 1113" in html
    assert 'href="/me/"' in html  # where people use their rights themselves


def test_the_retention_periods_in_the_notice_are_the_ones_the_code_applies(client):
    html = client.get("/privacy/").content.decode()
    assert retention.RETENTION_YEARS == 6
    assert "six years after the end of the tax year of your last payment" in html
    assert feedback.KEEP_DAYS == 2 * 365
    assert "Feedback you send about this website: two years." in html


def test_the_accessibility_statement_gives_status_issues_formats_and_enforcement(client):
    html = client.get("/accessibility/").content.decode()
    assert "partially compliant with the Web Content Accessibility Guidelines (WCAG) version 2.2" in html
    assert "Problems we know about" in html and "are not tagged" in html
    for body in (
        "Equality and Human Rights Commission",
        "Equality Commission for Northern Ireland",
        "Equality Advisory and Support Service",
    ):
        assert body in html
    assert "Easy Read" in html and "large print" in html
    assert 'href="/feedback/"' in html
    assert "This statement was prepared on 2 December 2026." in html
