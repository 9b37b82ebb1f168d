import pytest
from django.core.exceptions import PermissionDenied

from alongside.people import services
from alongside.people.choices import ConsentPurpose, HowGiven
from alongside.people.models import ConsentEvent, Contributor, EqualityMonitoring
from alongside.people.regions import normalise_postcode, region_for_postcode
from tests.builders import create_organisation


@pytest.mark.parametrize(
    ("postcode", "region"),
    [
        ("m13 9pl", "North West"),
        ("CF10 3AT", "Wales"),
        ("EH1 1YZ", "Scotland"),
        ("SW1A 1AA", "London"),
        ("JE2 3AB", ""),
        ("ZZ9 9ZZ", ""),
        ("", ""),
    ],
)
def test_region_comes_from_the_postcode_area(postcode, region):
    assert region_for_postcode(postcode) == region


def test_postcodes_are_tidied():
    assert normalise_postcode(" m139pl ") == "M13 9PL"


def test_a_contributor_without_a_login_can_be_created_by_staff():
    contributor = services.create_contributor(
        organisation=create_organisation(),
        how=HowGiven.PHONE,
        first_name="Jo",
        postcode="ls1 4ap",
    )
    assert contributor.user is None
    assert contributor.region == "Yorkshire and The Humber"
    assert contributor.status_history.count() == 1


def test_consent_is_appended_and_the_current_answer_follows_the_latest_event():
    contributor = services.create_contributor(organisation=create_organisation(), first_name="Jo")
    services.record_consent(contributor, ConsentPurpose.FINDABLE, given=True, how=HowGiven.ONLINE)
    services.record_consent(contributor, ConsentPurpose.FINDABLE, given=False, how=HowGiven.PHONE)
    assert ConsentEvent.objects.filter(contributor=contributor).count() == 2
    assert not Contributor.objects.get(pk=contributor.pk).consent_findable
    event = ConsentEvent.objects.first()
    with pytest.raises(PermissionDenied):
        event.delete()
    assert event.wording.version == 1 and event.wording.text


def test_withdrawing_equality_consent_removes_the_answers():
    contributor = services.create_contributor(organisation=create_organisation(), first_name="Jo")
    services.record_consent(contributor, ConsentPurpose.EQUALITY, given=True, how=HowGiven.ONLINE)
    EqualityMonitoring.objects.create(contributor=contributor, ethnic_group="black_african")
    assert contributor.equality.ethnic_group_high == "black"
    services.record_consent(contributor, ConsentPurpose.EQUALITY, given=False, how=HowGiven.ONLINE)
    assert not EqualityMonitoring.objects.filter(contributor=contributor).exists()
