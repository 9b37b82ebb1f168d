import json
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from alongside.accounts.models import AccessLog, Role, User
from alongside.opportunities.models import Application, Contribution
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import ConsentEvent, Contributor, EqualityMonitoring, ErasureRequest, SearchEntry
from tests.builders import (
    create_contribution,
    create_contributor,
    create_opportunity,
    create_organisation,
    create_staff,
    create_user,
    sign_in,
)


@pytest.fixture
def person():
    user = create_user(email="rosa@example.org")
    person = create_contributor(
        create_organisation(),
        user=user,
        first_name="Rosa",
        last_name="Parkes",
        email="rosa@example.org",
        mobile="+447911123456",
        postcode="M13 9PL",
        consents=("contact", "findable", "equality"),
    )
    services.save_equality(person, {"ethnic_group": "white_irish", "year_of_birth": 1960})
    create_contribution(person, create_opportunity(person.organisation))
    Application.objects.create(
        opportunity=create_opportunity(person.organisation),
        contributor=person,
        why_interested="My mum had a stroke",
    )
    return person


def test_a_person_downloads_everything_held_about_them_as_json(client, person):
    sign_in(client, person.user)
    response = client.get(reverse("people:my_data", args=["json"]))
    data = json.loads(response.content)
    assert data["profile"]["first_name"] == "Rosa"
    assert data["profile"]["mobile"] == "+447911123456"
    related = data["related"]
    assert related["Consent Events"] and related["Status Changes"]
    # Records of later apps are found through the relation metadata.
    assert any(row["why_interested"] == "My mum had a stroke" for row in related["Applications"])
    assert related["Contributions"][0]["minutes"] == 120
    assert "token_hash" not in response.content.decode()


def test_the_download_is_also_a_readable_pdf(client, person):
    sign_in(client, person.user)
    response = client.get(reverse("people:my_data", args=["pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Rosa" in text and "Your profile" in text


def test_staff_download_for_a_person_is_logged(client, person):
    staff = create_staff(person.organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    assert client.get(reverse("people:data", args=[person.pk, "json"])).status_code == 200
    assert AccessLog.objects.filter(subject_id=str(person.pk), action="export").exists()


def test_erasure_removes_personal_data_but_keeps_anonymised_records(person):
    contribution = Contribution.objects.get(contributor=person)
    user_id = person.user_id
    services.erase_contributor(person)
    person = Contributor.objects.get(pk=person.pk)
    # Removed
    for field in ("last_name", "email", "mobile", "postcode", "address_line_1"):
        assert getattr(person, field) == ""
    assert person.first_name == "Erased"
    assert person.postcode_area == "" and person.access_needs == [] and person.interests.count() == 0
    assert not EqualityMonitoring.objects.filter(contributor_id=person.pk).exists()
    assert not SearchEntry.objects.filter(contributor_id=person.pk).exists()
    assert not User.objects.filter(pk=user_id).exists()
    assert not (person.consent_contact or person.consent_findable or person.consent_equality)
    # Kept
    assert person.erased_at is not None and person.status == "left"
    assert Contribution.objects.get(pk=contribution.pk).contributor_id == person.pk
    assert ConsentEvent.objects.filter(contributor=person, given=False).count() == 3
    assert person.reference
    # The region (one of 12) is kept so anonymised reports still count the activity where it happened.
    assert person.region == "North West"


def test_a_person_asks_for_erasure_and_staff_carry_it_out(client, person):
    sign_in(client, person.user)
    client.post(reverse("people:my_erasure"))
    assert ErasureRequest.objects.get(contributor=person).status == "requested"
    staff = create_staff(person.organisation, Role.INVOLVEMENT_STAFF)
    staff_client = client.__class__()
    sign_in(staff_client, staff)
    assert (
        "asked for their details to be erased"
        in staff_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    )
    staff_client.post(reverse("people:erase", args=[person.pk]), {"confirm": "yes"})
    assert ErasureRequest.objects.get(contributor=person).status == "done"
    assert Contributor.objects.get(pk=person.pk).email == ""


def test_a_person_corrects_their_details(client, person):
    sign_in(client, person.user)
    client.post(
        reverse("people:my_profile_edit"),
        {"first_name": "Rosa", "last_name": "Parks", "email": "rosa@example.org"},
    )
    person.refresh_from_db()
    assert person.last_name == "Parks"
    services.record_consent(person, "contact", given=True, how=HowGiven.ONLINE)
