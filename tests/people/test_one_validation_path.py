"""Family: a contributor's details are checked the same way whichever door they come in by.

The API used to store an invalid email, mobile "abc", channel "pigeon" and access need "teleport"
with 201, and kept a mobile as typed where the forms stored +447911123456. The forms, the API,
the import and the services now share one cleaner (``people.cleaning``): the same input gets
the same answer, in the same words, and over-long values are refused before the database sees
them (PostgreSQL would answer with a 500).
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from alongside.accounts.models import Role
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor, ImportBatch
from tests.builders import create_opportunity, create_organisation, create_staff, sign_in


@pytest.fixture
def org():
    return create_organisation()


@pytest.fixture
def api(client, org):
    _, raw = services.create_api_token(org, name="CRM")

    def post(body):
        return client.post(
            "/api/people/contributors",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )

    return post


def _api_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    errors: dict[str, list[str]] = {}
    for problem in response.json()["detail"]:
        errors.setdefault(problem["loc"][-1], []).append(problem["msg"])
    return errors


def test_the_api_refuses_what_the_forms_refuse_with_422_and_a_message_per_field(api):
    response = api(
        {
            "first_name": "Kim",
            "email": "not-an-email",
            "mobile": "abc",
            "preferred_channels": ["pigeon"],
            "access_needs": ["teleport"],
        }
    )
    errors = _api_errors(response)
    assert set(errors) == {"email", "mobile", "preferred_channels", "access_needs"}
    assert errors["email"] == ["Enter an email address like name@example.com."]
    assert "pigeon" in errors["preferred_channels"][0] and "teleport" in errors["access_needs"][0]
    assert not Contributor.objects.exists()


def test_the_api_tidies_details_as_the_forms_do(api):
    body = {"first_name": "Kim", "email": "Kim@Example.ORG", "mobile": "07700 900 982", "postcode": "eh11yz"}
    assert api(body).status_code == 201
    person = Contributor.objects.get()
    assert (person.email, person.mobile, person.postcode, person.region) == (
        "kim@example.org",
        "+447700900982",
        "EH1 1YZ",
        "Scotland",
    )


def test_an_update_through_the_api_changes_only_the_fields_sent(api):
    reference = api({"first_name": "Kim", "email": "kim@example.org", "mobile": "07911 123456"}).json()[
        "reference"
    ]
    assert api({"reference": reference, "first_name": "Kimberley"}).status_code == 200
    person = Contributor.objects.get()
    assert (person.first_name, person.email, person.mobile) == (
        "Kimberley",
        "kim@example.org",
        "+447911123456",
    )


OVER_LONG = {
    "first_name": "A" * 5000,
    "last_name": "B" * 101,
    "town": "C" * 81,
    "address_line_1": "D" * 121,
    "email": "e" * 250 + "@example.org",
    "mobile": "0" * 100,
    "postcode": "P" * 50,
}


def test_over_long_values_are_refused_not_a_server_error(api):
    """Run on PostgreSQL too (DATABASE_URL): there a value longer than its column is a 500."""
    errors = _api_errors(api(OVER_LONG))
    assert set(errors) == set(OVER_LONG)
    assert errors["town"] == ["Shorten this to 80 characters or fewer (it has 81)."]
    assert not Contributor.objects.exists()


def _form_errors(client, fields) -> dict[str, str]:
    data = {"first_name": "Maureen", "how": "phone", **fields}
    body = client.post(reverse("people:create"), data).content.decode()
    return dict.fromkeys(fields, body)


def _import_errors(client, org, fields) -> dict[str, str]:
    row = {"first_name": "Maureen", "last_name": "Example", **fields}  # never a blank row
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    upload = SimpleUploadedFile("people.csv", buffer.getvalue().encode(), "text/csv")
    client.post(reverse("people:import_upload"), {"file": upload, "organisation": org.pk})
    batch = ImportBatch.objects.latest("pk")
    return {e["field"]: e["message"] for e in batch.errors}


BAD = [
    ("email", "not-an-email"),
    ("email", "x" * 300 + "@example.org"),
    ("mobile", "abc"),
    ("mobile", "0161 496 0000"),
    ("landline", "999"),
    ("postcode", "NOT A POSTCODE"),
    ("last_name", "L" * 101),
    ("town", "T" * 81),
    ("first_name", ""),
]


@pytest.mark.parametrize(("field", "value"), BAD)
def test_the_form_the_api_the_import_and_the_services_refuse_the_same_input_in_the_same_words(
    client, org, api, field, value
):
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    with pytest.raises(ValidationError) as refused:
        services.create_contributor(
            organisation=org, how=HowGiven.PHONE, **{"first_name": "Maureen", field: value}
        )
    [message] = refused.value.message_dict[field]
    assert _api_errors(api({"first_name": "Maureen", field: value}))[field] == [message]
    assert _import_errors(client, org, {field: value})[field] == message
    assert escape(message) in _form_errors(client, {field: value})[field]
    assert not Contributor.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "kept"),
    [
        ("mobile", "07700 900 982", "+447700900982"),
        ("landline", "01632 960 001", "+441632960001"),
        ("email", "Maureen@Example.org", "maureen@example.org"),
        ("postcode", "m13 9pl", "M13 9PL"),
    ],
)
def test_the_form_the_api_and_the_import_keep_the_same_tidy_value(client, api, field, typed, kept):
    staff_org = create_organisation()  # the API's organisation is another, so nothing is a duplicate
    sign_in(client, create_staff(staff_org, Role.INVOLVEMENT_STAFF))
    assert _import_errors(client, staff_org, {"first_name": "Import", field: typed}) == {}
    client.post(reverse("people:import_detail", args=[ImportBatch.objects.latest("pk").pk]), {"mode": "all"})
    client.post(reverse("people:create"), {"first_name": "Form", "how": "phone", field: typed})
    api({"first_name": "Api", field: typed})
    assert dict(Contributor.objects.values_list("first_name", field)) == {
        "Form": kept,
        "Api": kept,
        "Import": kept,
    }


def test_the_join_form_gives_the_same_answers(client):
    from alongside.people.forms import JoinForm

    form = JoinForm({"first_name": "Maureen", "mobile": "abc", "email": "NOPE", "postcode": "ZZZZZZ"})
    assert not form.is_valid()
    assert form.errors["mobile"] == ["Enter a phone number, like 07700 900 982 or 0161 496 0000."]
    assert form.errors["email"] == ["Enter an email address like name@example.com."]
    assert form.errors["postcode"] == ["Enter a UK postcode, like M13 9PL, or leave it blank."]


def test_other_forms_with_contact_details_use_the_same_checks(client, org):
    from alongside.opportunities.forms import OpportunityForm
    from alongside.outreach.forms import BuddyForm
    from alongside.people.forms import PartnerContactForm

    contact = PartnerContactForm({"name": "Ravi", "email": "Ravi@Example.org", "phone": "0161 496 0000"})
    assert contact.is_valid() and contact.cleaned_data["phone"] == "+441614960000"
    assert contact.cleaned_data["email"] == "ravi@example.org"
    buddy = BuddyForm({"name": "Jo", "preferred_channel": "text", "mobile": "abc", "postcode_area": "XQ"})
    assert buddy.errors["mobile"][0] == "Enter a phone number, like 07700 900 982 or 0161 496 0000."
    assert buddy.errors["postcode_area"] == ["Enter the letters at the start of a postcode, like LS or M."]
    opportunity = OpportunityForm(
        {"contact_phone": "pigeon", "contact_email": "nope"},
        instance=create_opportunity(org),
        organisations=[org],
    )
    assert not opportunity.is_valid()
    assert opportunity.errors["contact_phone"] == [
        "Enter a phone number, like 07700 900 982 or 0161 496 0000."
    ]
    assert opportunity.errors["contact_email"] == ["Enter an email address like name@example.com."]


def test_a_long_town_in_an_import_is_reported_on_its_row_not_a_server_error_when_written(client, org):
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    errors = _import_errors(client, org, {"town": "T" * 90})
    assert errors == {"town": "Shorten this to 80 characters or fewer (it has 90)."}
    client.post(reverse("people:import_detail", args=[ImportBatch.objects.latest("pk").pk]), {"mode": "good"})
    assert not Contributor.objects.exists()
