"""Review before publishing, the plain-language check and the timing check."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities import checks, services
from alongside.opportunities.models import JargonTerm, Opportunity, ReviewEvent, SchoolHoliday
from tests.builders import create_opportunity, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import future, session

PUBLIC_URLS = (
    ("opportunities:detail", True),
    ("opportunities:pdf", True),
    ("opportunities:ics", True),
    ("opportunities:apply", True),
)


def _draft(org, **fields):
    fields.setdefault("closes_on", future(20))
    return create_opportunity(org, status=Opportunity.Status.DRAFT, **fields)


def _assert_not_public(client, opportunity):
    for name, _slugged in PUBLIC_URLS:
        assert client.get(reverse(name, args=[opportunity.slug])).status_code in (404, 302), name
    assert client.get(reverse("opportunities:detail", args=[opportunity.slug])).status_code == 404
    assert client.get(f"/api/opportunities/{opportunity.slug}").status_code == 404
    for feed in ("opportunities:feed_rss", "opportunities:feed_atom", "opportunities:feed_json"):
        assert opportunity.slug not in client.get(reverse(feed)).content.decode()
    assert opportunity.title not in client.get(reverse("opportunities:list")).content.decode()
    assert opportunity.slug not in client.get("/api/opportunities").content.decode()


def test_an_opportunity_is_not_public_until_involvement_staff_approve_it(client):
    org = create_organisation()
    researcher = create_staff(org, Role.RESEARCHER)
    reviewer = create_staff(org, Role.INVOLVEMENT_STAFF)
    opportunity = _draft(org, title="Talk to us about sleep")
    _assert_not_public(client, opportunity)

    sign_in(client, researcher)
    client.post(reverse("opportunities:staff_submit", args=[opportunity.pk]))
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.IN_REVIEW
    # A researcher cannot approve their own.
    assert (
        client.post(
            reverse("opportunities:staff_review", args=[opportunity.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )
    client.logout()
    _assert_not_public(client, opportunity)

    sign_in(client, reviewer)
    client.post(
        reverse("opportunities:staff_review", args=[opportunity.pk]),
        {"decision": "approve", "comment": "Good"},
    )
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED and opportunity.published_at
    client.logout()
    assert client.get(reverse("opportunities:detail", args=[opportunity.slug])).status_code == 200
    assert "Talk to us about sleep" in client.get(reverse("opportunities:list")).content.decode()


def test_asking_for_changes_needs_a_comment_and_history_is_kept(client):
    org = create_organisation()
    researcher = create_staff(org, Role.RESEARCHER)
    reviewer = create_staff(org, Role.INVOLVEMENT_STAFF)
    opportunity = _draft(org)
    services.submit_for_review(opportunity, by=researcher)
    sign_in(client, reviewer)
    url = reverse("opportunities:staff_review", args=[opportunity.pk])
    page = client.post(url, {"decision": "changes", "comment": ""}).content.decode()
    assert "Say what needs to change, or why it is rejected." in page
    client.post(url, {"decision": "changes", "comment": "Please say how long the meetings are."})
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CHANGES_REQUESTED
    services.submit_for_review(opportunity, by=researcher)
    client.post(url, {"decision": "reject", "comment": "Not an involvement opportunity."})
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.REJECTED
    actions = list(
        ReviewEvent.objects.filter(opportunity=opportunity)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["submitted", "changes", "submitted", "rejected"]
    page = client.get(reverse("opportunities:staff_detail", args=[opportunity.pk])).content.decode()
    assert "Please say how long the meetings are." in page


def test_an_acronym_laden_summary_is_flagged_and_cannot_be_published(client):
    org = create_organisation()
    reviewer = create_staff(org, Role.INVOLVEMENT_STAFF)
    opportunity = _draft(org, title="PPI for an RCT", summary="Join our PPIE group for the CTIMP RCT cohort.")
    writing = checks.check_opportunity(opportunity)
    assert set(writing.blocking_acronyms) >= {"PPI", "RCT", "PPIE", "CTIMP"}
    assert "cohort" in writing.summary.jargon
    services.submit_for_review(opportunity, by=reviewer)
    with pytest.raises(ValidationError, match="Explain these acronyms"):
        services.approve(opportunity, by=reviewer)
    sign_in(client, reviewer)
    page = client.get(reverse("opportunities:staff_review", args=[opportunity.pk])).content.decode()
    assert "Unexplained acronyms in the title or summary" in page and "CTIMP" in page
    client.post(reverse("opportunities:staff_review", args=[opportunity.pk]), {"decision": "approve"})
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.IN_REVIEW
    # Spelling it out lets it through.
    opportunity.title = "Help with a randomised controlled trial (RCT)"
    opportunity.summary = "Tell us what you think of a study that compares two treatments."
    opportunity.save()
    services.approve(opportunity, by=reviewer)
    assert opportunity.status == Opportunity.Status.PUBLISHED


def test_the_check_is_shown_while_writing_with_the_organisations_own_jargon(client):
    org = create_organisation()
    researcher = create_staff(org, Role.RESEARCHER)
    JargonTerm.objects.create(organisation=org, term="work package", plain="part of the study")
    sign_in(client, researcher)
    from tests.opportunities.helpers import valid_form_data

    data = valid_form_data(
        org, summary="This work package needs your views. Talk to our PPI team.", check="1"
    )
    page = client.post(reverse("opportunities:staff_new"), data).content.decode()
    assert "work package" in page and "part of the study" in page
    assert "Reading age" in page
    assert not Opportunity.objects.exists()  # checking does not save


def test_the_public_glossary_lists_built_in_and_organisation_terms(client):
    org = create_organisation()
    JargonTerm.objects.create(organisation=org, term="work package", plain="part of the study")
    page = client.get(reverse("opportunities:glossary")).content.decode()
    assert "cohort" in page and "work package" in page


def test_timing_warns_about_bank_holidays_in_the_right_nation_and_school_holidays():
    org = create_organisation()
    # 30 November is St Andrew's Day: a bank holiday in Scotland only (observed on Monday in 2026).
    scottish = checks.timing_warnings(
        organisation_id=org.pk, nation="SCT", closes_on=datetime.date(2026, 11, 30)
    )
    english = checks.timing_warnings(
        organisation_id=org.pk, nation="ENG", closes_on=datetime.date(2026, 11, 30)
    )
    assert scottish and "Scotland" in scottish[0]
    assert english == []
    # The day after Christmas Day is Boxing Day: next to two bank holidays.
    near = checks.timing_warnings(organisation_id=org.pk, nation="ENG", closes_on=datetime.date(2027, 12, 24))
    assert "the day before" in near[0]
    SchoolHoliday.objects.create(
        organisation=org,
        name="Half term",
        starts_on=datetime.date(2027, 2, 15),
        ends_on=datetime.date(2027, 2, 19),
    )
    half_term = checks.timing_warnings(
        organisation_id=org.pk, nation="ENG", closes_on=datetime.date(2027, 2, 17)
    )
    assert any("Half term" in w for w in half_term)


def test_timing_check_looks_at_sessions_and_shows_on_the_staff_page(client):
    org = create_organisation(region="Wales")
    researcher = create_staff(org, Role.RESEARCHER)
    opportunity = _draft(
        org, region="Wales", closes_on=datetime.date(2027, 3, 1)
    )  # St David's Day: not a bank holiday
    s = session(opportunity)
    from alongside.opportunities.models import Activity

    Activity.objects.filter(pk=s.pk).update(starts_at=datetime.datetime(2027, 5, 3, 10, tzinfo=datetime.UTC))
    sign_in(client, researcher)
    page = client.get(reverse("opportunities:staff_detail", args=[opportunity.pk])).content.decode()
    assert "Timing check" in page and "May Day" in page and "Wales" in page


def test_an_opportunity_without_a_closing_date_cannot_be_published():
    org = create_organisation()
    reviewer = create_staff(org, Role.INVOLVEMENT_STAFF)
    opportunity = create_opportunity(org, status=Opportunity.Status.DRAFT)
    services.submit_for_review(opportunity, by=reviewer)
    with pytest.raises(ValidationError, match="Add a closing date"):
        services.approve(opportunity, by=reviewer)
