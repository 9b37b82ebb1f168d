"""People who asked for help getting online are matched with a volunteer buddy and introduced."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.outreach import buddies
from alongside.outreach.models import Buddy, BuddyMatch, Delivery, Loan
from tests.builders import create_organisation, create_staff, sign_in
from tests.outreach.people import bulk


@pytest.fixture
def org_and_staff(client):
    organisation = create_organisation()
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    return organisation, staff


def _buddy(organisation, **fields) -> Buddy:
    values = {"name": "Alex", "email": "alex@example.org", "region": "London", "languages": ["English"]}
    values.update(fields)
    return Buddy.objects.create(organisation=organisation, **values)


def test_staff_see_open_requests_from_their_own_organisation_only(client, org_and_staff):
    organisation, _ = org_and_staff
    [waiting, not_asking] = bulk(organisation, [{"wants_digital_buddy": True}, {}])
    [elsewhere] = bulk(create_organisation(), [{"wants_digital_buddy": True, "first_name": "Elsewhere"}])

    html = client.get(reverse("outreach:buddies")).content.decode()

    assert waiting.display_name in html
    assert not_asking.display_name not in html and "Elsewhere" not in html
    assert client.get(reverse("outreach:buddy_match", args=[elsewhere.pk])).status_code == 404


def test_buddies_are_suggested_by_area_language_and_availability_and_full_ones_are_left_out():
    organisation = create_organisation()
    [person] = bulk(
        organisation,
        [
            {
                "wants_digital_buddy": True,
                "postcode_area": "LS",
                "languages": ["Urdu"],
                "available_days": ["monday"],
            }
        ],
    )
    far = _buddy(organisation, name="Far", region="London", languages=["English"])
    near = _buddy(
        organisation,
        name="Near",
        postcode_area="LS",
        languages=["Urdu", "English"],
        available_days=["monday"],
    )
    speaks = _buddy(organisation, name="Speaks", languages=["urdu"])
    full = _buddy(organisation, name="Full", postcode_area="LS", languages=["Urdu"], max_people=1)
    [other] = bulk(organisation, [{}])
    BuddyMatch.objects.create(contributor=other, buddy=full)

    ranked = [s.buddy for s in buddies.suggest(person, Buddy.objects.filter(organisation=organisation))]

    assert ranked == [near, speaks, far]


def test_matching_introduces_both_people_through_their_own_channels(
    client, org_and_staff, django_capture_on_commit_callbacks
):
    organisation, _ = org_and_staff
    [person] = bulk(
        organisation,
        [
            {
                "wants_digital_buddy": True,
                "preferred_channels": ["letter", "phone"],
                "landline": "0113 496 0000",
            }
        ],
    )
    buddy = _buddy(organisation)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("outreach:buddy_match", args=[person.pk]), {"buddy": buddy.pk})

    found = BuddyMatch.objects.get(contributor=person)
    assert found.buddy == buddy and found.status == "introduced"
    delivery = Delivery.objects.get(contributor=person, message__kind="buddy")
    assert (delivery.channel, delivery.status) == ("letter", "sent")
    [to_buddy] = mail.outbox
    assert to_buddy.to == ["alex@example.org"]
    assert person.first_name in to_buddy.body and "0113 496 0000" in to_buddy.body
    assert (
        person.display_name
        not in client.get(reverse("outreach:buddies")).content.decode().split("Matches")[0]
    )


def test_a_person_cannot_have_two_open_buddies():
    organisation = create_organisation()
    [person] = bulk(organisation, [{"wants_digital_buddy": True}])
    buddies.match(person, _buddy(organisation))
    with pytest.raises(ValueError):
        buddies.match(person, _buddy(organisation, name="Second"))


def test_equipment_lent_is_recorded_and_comes_up_for_follow_up(client, org_and_staff):
    organisation, _ = org_and_staff
    [person] = bulk(organisation, [{"wants_digital_buddy": True}])
    follow_up = timezone.localdate() + datetime.timedelta(days=14)

    refused = client.post(
        reverse("outreach:lend", args=[person.pk]), {"item": "tablet", "follow_up_on": "2020-01-01"}
    )
    client.post(
        reverse("outreach:lend", args=[person.pk]),
        {"item": "tablet", "description": "Loan tablet 7", "follow_up_on": follow_up.isoformat()},
    )

    assert "The follow-up date must be in the future" in refused.content.decode()
    loan = Loan.objects.get()
    assert "Loan tablet" not in client.get(reverse("outreach:buddies")).content.decode()
    # Two weeks on (moved in the data: a signed-in session would not last that long).
    Loan.objects.filter(pk=loan.pk).update(follow_up_on=timezone.localdate())
    assert "Tablet" in client.get(reverse("outreach:buddies")).content.decode()
    client.post(reverse("outreach:loan_followed_up", args=[loan.pk]), {"returned": "1"})
    loan.refresh_from_db()
    assert loan.returned_on is not None and loan.followed_up_on is not None


def test_adding_a_buddy_checks_their_contact_details(client, org_and_staff):
    organisation, _ = org_and_staff
    bad = client.post(
        reverse("outreach:buddies"),
        {"name": "Jo", "preferred_channel": "text", "mobile": "12345", "max_people": 2},
    )
    client.post(
        reverse("outreach:buddies"),
        {
            "name": "Jo",
            "preferred_channel": "text",
            "mobile": "07911 123456",
            "max_people": 2,
            "languages_text": "English, Polish",
            "available_days": ["tuesday"],
        },
    )

    assert "Enter a phone number, like 07700 900 982" in bad.content.decode()
    buddy = Buddy.objects.get(organisation=organisation)
    assert buddy.languages == ["English", "Polish"] and buddy.available_days == ["tuesday"]
    assert buddy.mobile == "+447911123456"  # kept like a contributor's number
