import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import AccessLog, Role
from alongside.people import services
from alongside.people.choices import ConsentPurpose, HowGiven, Status
from alongside.people.models import ConsentEvent, Contributor, EqualityMonitoring, ProfileChange
from tests.builders import create_contributor, create_organisation, create_staff, create_user, sign_in


@pytest.fixture
def org():
    return create_organisation()


@pytest.fixture
def staff(client, org):
    user = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, user)
    return user


PROFILE = {
    "first_name": "Maureen",
    "last_name": "Okafor",
    "mobile": "07911 123456",
    "postcode": "m13 9pl",
    "channel_phone": "1",
    "channel_letter": "2",
    "address_line_1": "1 High Street",
    "how": "phone",
}


def test_staff_create_a_profile_for_a_phone_user_recording_how_it_was_given(client, staff):
    response = client.post(reverse("people:create"), PROFILE)
    person = Contributor.objects.get(first_name="Maureen")
    assert response.status_code == 302
    assert person.user is None
    assert person.created_via == HowGiven.PHONE
    assert person.mobile == "+447911123456"
    assert person.preferred_channels == ["phone", "letter"]
    assert person.region == "North West"


def test_bad_input_keeps_what_was_typed_and_says_which_field(client, staff):
    response = client.post(reverse("people:create"), {**PROFILE, "mobile": "12", "email": "not-an-email"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a mobile number" in body or "Enter a phone number" in body
    assert "Enter an email address like name@example.com" in body
    assert 'value="Maureen"' in body
    assert not Contributor.objects.exists()


def test_the_example_numbers_in_our_hints_are_accepted(client, staff):
    client.post(reverse("people:create"), {**PROFILE, "mobile": "07700 900 982", "landline": "01632 960 001"})
    person = Contributor.objects.get(first_name="Maureen")
    assert (person.mobile, person.landline) == ("+447700900982", "+441632960001")


def test_unknown_postcode_is_kept_with_a_warning(client, staff):
    client.post(reverse("people:create"), {**PROFILE, "postcode": "XX1 1XX"}, follow=True)
    person = Contributor.objects.get()
    assert person.postcode == "XX1 1XX" and person.region == ""


def test_staff_edit_records_the_fields_changed_and_how(client, staff, org):
    person = create_contributor(org, first_name="Ann")
    client.post(reverse("people:edit", args=[person.pk]), {**PROFILE, "first_name": "Anne", "how": "paper"})
    change = ProfileChange.objects.get(contributor=person)
    assert change.how == HowGiven.PAPER and "first_name" in change.fields and change.changed_by == staff


def test_every_staff_view_of_a_record_is_logged(client, staff, org):
    person = create_contributor(org)
    client.get(reverse("people:detail", args=[person.pk]))
    client.get(reverse("people:edit", args=[person.pk]))
    assert AccessLog.objects.filter(subject_id=str(person.pk), actor=staff).count() == 2


def test_another_organisations_record_is_not_found(client, staff):
    other = create_contributor(create_organisation())
    for name in ("people:detail", "people:edit", "people:equality"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.get(reverse("people:data", args=[other.pk, "json"])).status_code == 404
    assert client.post(reverse("people:status", args=[other.pk]), {"status": "left"}).status_code == 404


def test_researchers_cannot_open_full_records_even_in_their_own_organisation(client, org):
    person = create_contributor(org)
    sign_in(client, create_staff(org, Role.RESEARCHER))
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 403


def test_status_change_keeps_history(client, staff, org):
    person = create_contributor(org)
    client.post(reverse("people:status", args=[person.pk]), {"status": "paused", "reason": "Unwell"})
    person.refresh_from_db()
    assert person.status == Status.PAUSED
    assert list(person.status_history.values_list("to_status", flat=True)) == ["paused", "active"]


def test_withdrawing_takes_no_more_steps_than_giving(client, org):
    user = create_user()
    person = create_contributor(org, user=user, consents=())
    sign_in(client, user)
    wording = services.current_wording("newsletter")
    url = reverse("people:my_consent", args=["newsletter"])
    client.post(url, {"given": "yes", "wording": wording.pk})
    person.refresh_from_db()
    assert person.consent_newsletter
    client.post(url, {"given": "no", "wording": wording.pk})
    person.refresh_from_db()
    assert not person.consent_newsletter
    events = ConsentEvent.objects.filter(contributor=person, purpose="newsletter")
    assert events.count() == 2 and {e.wording.version for e in events} == {1}
    page = client.get(reverse("people:my_profile")).content.decode()
    assert wording.text in page


def test_staff_record_consent_given_on_paper_with_who_recorded_it(client, staff, org):
    person = create_contributor(org, consents=())
    wording = services.current_wording("contact")
    client.post(
        reverse("people:consent", args=[person.pk, "contact"]),
        {"given": "yes", "how": "paper", "wording": wording.pk},
    )
    event = ConsentEvent.objects.get(contributor=person)
    assert event.how == "paper" and event.recorded_by == staff and event.given


def test_a_contributor_edits_their_own_profile(client, org):
    user = create_user()
    person = create_contributor(org, user=user)
    sign_in(client, user)
    form = {k: v for k, v in PROFILE.items() if k != "how"}
    response = client.post(reverse("people:my_profile_edit"), {**form, "known_as": "Mo", "online": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.known_as == "Mo" and person.online
    assert ProfileChange.objects.get(contributor=person).how == HowGiven.ONLINE


def test_equality_answers_are_saved_only_with_the_equality_consent(client, org):
    user = create_user()
    person = create_contributor(org, user=user, consents=())
    sign_in(client, user)
    answers = {"ethnic_group": "asian_indian", "disability": "prefer_not", "sex": "prefer_not"}
    client.post(reverse("people:my_equality"), answers)
    assert not EqualityMonitoring.objects.filter(contributor=person).exists()
    client.post(reverse("people:my_equality"), {**answers, "consent": "yes"})
    record = EqualityMonitoring.objects.get(contributor=person)
    assert record.ethnic_group_high == "asian" and record.disability == "prefer_not"
    assert ConsentEvent.objects.filter(
        contributor=person, purpose=ConsentPurpose.EQUALITY, given=True
    ).exists()


def test_every_equality_question_offers_prefer_not_to_say(client, org):
    user = create_user()
    create_contributor(org, user=user)
    sign_in(client, user)
    body = client.get(reverse("people:my_equality")).content.decode()
    assert body.count("Prefer not to say") >= 5


def _list_queries(client, org, n):
    from alongside.people.models import Contributor as C

    C.objects.bulk_create(
        [C(organisation=org, reference=f"R{n}X{i:06d}", first_name=f"P{i}") for i in range(n)]
    )
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("people:list")).status_code == 200
    return len(ctx.captured_queries)


def test_contributor_list_uses_the_same_number_of_queries_at_10_and_1000_rows(client, staff, org):
    small = _list_queries(client, org, 10)
    large = _list_queries(client, org, 990)
    assert small == large
