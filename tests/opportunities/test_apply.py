"""Apply once: online in two answers, or by phone or post through staff."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities import services
from alongside.opportunities.models import Application
from tests.builders import create_contributor, create_organisation, create_staff, create_user, sign_in
from tests.opportunities.helpers import contributor_with_login, future, published


def test_a_signed_in_contributor_applies_with_two_short_answers(client):
    org = create_organisation()
    o = published(org)
    contributor, user = contributor_with_login(org)
    sign_in(client, user)
    url = reverse("opportunities:apply", args=[o.slug])
    page = client.post(url, {"why_interested": "", "anything_else": "I use a wheelchair"}).content.decode()
    assert "Tell us in a few words why you are interested." in page
    assert "I use a wheelchair" in page
    response = client.post(url, {"why_interested": "My mum has dementia", "anything_else": ""})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.contributor == contributor and application.how == "online"
    assert application.why_interested == "My mum has dementia"


def test_applying_twice_gives_a_clear_error(client):
    org = create_organisation()
    o = published(org)
    contributor, user = contributor_with_login(org)
    services.apply(o, contributor, why_interested="First time")
    sign_in(client, user)
    page = client.get(reverse("opportunities:apply", args=[o.slug])).content.decode()
    assert "You have already applied for this opportunity" in page
    client.post(reverse("opportunities:apply", args=[o.slug]), {"why_interested": "Again"})
    assert Application.objects.count() == 1
    with pytest.raises(ValidationError, match="already applied"):
        services.apply(o, contributor, why_interested="Again")


def test_applying_after_the_closing_date_gives_a_clear_error(client):
    org = create_organisation()
    o = published(org, closes_on=future(1))
    contributor, user = contributor_with_login(org)
    with pytest.raises(ValidationError, match="Applications closed on"):
        services.apply(o, contributor, why_interested="Late", on=future(2))
    sign_in(client, user)
    o.closes_on = future(-1)
    o.save()
    response = client.post(reverse("opportunities:apply", args=[o.slug]), {"why_interested": "Late"})
    assert response.status_code == 200
    assert "Applications closed on" in response.content.decode()
    assert not Application.objects.exists()


def test_someone_signed_in_without_a_profile_is_sent_to_join(client):
    o = published(create_organisation())
    sign_in(client, create_user())
    response = client.get(reverse("opportunities:apply", args=[o.slug]))
    assert response.status_code == 302 and response["Location"] == reverse("people:join")


def test_applying_needs_sign_in(client):
    o = published(create_organisation())
    response = client.get(reverse("opportunities:apply", args=[o.slug]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_record_a_phone_application_for_a_person_with_no_login(client):
    org = create_organisation()
    o = published(org)
    offline = create_contributor(org, landline="01632 960001", preferred_channels=["phone"])
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    url = reverse("opportunities:staff_record_application", args=[o.pk])
    page = client.post(
        url, {"reference": "NOPE1234", "how": "phone", "why_interested": "Said on the phone"}
    ).content.decode()
    assert "No person in your organisation has this reference" in page and "Said on the phone" in page
    response = client.post(
        url, {"reference": offline.reference.lower(), "how": "phone", "why_interested": "Said on the phone"}
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.how == "phone" and application.recorded_by == staff
    page = client.post(
        url, {"reference": offline.reference, "how": "paper", "why_interested": "Again"}
    ).content.decode()
    assert "already applied" in page


def test_staff_cannot_record_an_application_for_another_organisations_person(client):
    org = create_organisation()
    o = published(org)
    stranger = create_contributor(create_organisation())
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    page = client.post(
        reverse("opportunities:staff_record_application", args=[o.pk]),
        {"reference": stranger.reference, "how": "paper", "why_interested": "x"},
    ).content.decode()
    assert "No person in your organisation has this reference" in page


def test_after_applying_the_page_says_when_and_links_to_the_application_and_a_message_confirms_it(client):
    from alongside.outreach import queries as outreach_queries
    from alongside.outreach.kinds import Kind
    from tests.builders import committed

    org = create_organisation()
    o = published(org, title="Help us plan a sleep study")
    contributor, user = contributor_with_login(org)
    sign_in(client, user)
    before = client.get(o.get_absolute_url()).content.decode()
    assert reverse("opportunities:apply", args=[o.slug]) in before
    with committed():
        client.post(reverse("opportunities:apply", args=[o.slug]), {"why_interested": "I sleep badly"})
    page = client.get(o.get_absolute_url()).content.decode()
    assert reverse("opportunities:apply", args=[o.slug]) not in page
    assert "You applied on" in page and reverse("opportunities:involvement") in page
    kinds = [d.message.kind for d in outreach_queries.deliveries_for(contributor)]
    assert Kind.APPLICATION in kinds


def test_only_staff_who_see_references_are_given_a_reference_box(client):
    """Researchers never see references, so no page lets them try one (review D12)."""
    from tests.opportunities.helpers import applied, session

    org = create_organisation()
    o = published(org)
    offline = create_contributor(org, landline="01632 960001")
    researcher = create_staff(org, Role.RESEARCHER)
    sign_in(client, researcher)
    record = reverse("opportunities:staff_record_application", args=[o.pk])
    assert record not in client.get(reverse("opportunities:staff_detail", args=[o.pk])).content.decode()
    assert record not in client.get(reverse("opportunities:staff_applicants", args=[o.pk])).content.decode()
    assert client.post(record, {"reference": offline.reference, "how": "phone"}).status_code == 403

    held = session(o, days=-1)
    chosen = applied(o, create_contributor(org, email="c@example.org"), status="selected")
    attendance = reverse("opportunities:staff_attendance", args=[held.pk])
    assert 'name="reference"' not in client.get(attendance).content.decode()
    page = client.post(
        attendance,
        {
            f"took_part_{chosen.contributor_id}": "on",
            f"minutes_{chosen.contributor_id}": "60",
            "reference": "NOPE1234",
            "extra_minutes": "30",
        },
    )
    assert page.status_code == 302  # the reference was not read, so nothing said whether it exists

    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    assert record in client.get(reverse("opportunities:staff_detail", args=[o.pk])).content.decode()
    assert 'name="reference"' in client.get(attendance).content.decode()
