import pytest
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities.models import Application, Contribution
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import ConsentEvent, Contributor, MergeRecord
from alongside.people.queries import duplicate_candidates
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
def org():
    return create_organisation()


def test_duplicates_are_found_by_email_mobile_or_name_and_postcode(org):
    person = create_contributor(
        org,
        first_name="Sam",
        last_name="Lee",
        email="sam@example.org",
        mobile="+447911123456",
        postcode="M13 9PL",
    )
    by_email = create_contributor(org, first_name="S", email="SAM@example.org")
    by_mobile = create_contributor(org, first_name="T", mobile="+447911123456")
    by_name = create_contributor(org, first_name="sam", last_name="lee", postcode="m13 9pl")
    create_contributor(org, first_name="Sam", last_name="Lee", postcode="LS1 4AP")
    create_contributor(create_organisation(), email="sam@example.org")
    assert set(duplicate_candidates(person)) == {by_email, by_mobile, by_name}


def test_merging_keeps_history_and_repoints_applications_and_contributions(org):
    keep = create_contributor(org, first_name="Sam", email="sam@example.org")
    user = create_user()
    other = create_contributor(
        org, first_name="Sam", mobile="+447911123456", user=user, consents=("contact", "newsletter")
    )
    opportunity = create_opportunity(org)
    Application.objects.create(opportunity=opportunity, contributor=keep)
    Application.objects.create(opportunity=opportunity, contributor=other)  # clashes: stays behind
    other_app = Application.objects.create(opportunity=create_opportunity(org), contributor=other)
    contribution = create_contribution(other, opportunity)

    record = services.merge_contributors(keep, other)

    keep.refresh_from_db()
    other.refresh_from_db()
    assert keep.mobile == "+447911123456" and keep.email == "sam@example.org"
    assert keep.user == user and other.user is None
    assert keep.consent_newsletter
    assert Contribution.objects.get(pk=contribution.pk).contributor == keep
    assert Application.objects.get(pk=other_app.pk).contributor == keep
    assert ConsentEvent.objects.filter(contributor=keep, purpose="newsletter").exists()
    assert other.erased_at is not None and other.status == "left" and other.first_name == "Erased"
    assert record.merged_reference == other.reference
    assert record.moved["opportunities.contribution"]["moved"] == 1
    assert record.moved["opportunities.application"] == {"moved": 1, "left": 1}
    assert keep.status_history.count() == 2


def test_profiles_of_different_organisations_are_not_merged(org):
    with pytest.raises(ValueError):
        services.merge_contributors(create_contributor(org), create_contributor(create_organisation()))


def test_staff_merge_from_the_profile_page(client, org):
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    keep = create_contributor(org, email="a@example.org")
    other = create_contributor(org, email="a@example.org")
    page = client.get(reverse("people:detail", args=[keep.pk])).content.decode()
    assert reverse("people:merge", args=[keep.pk, other.pk]) in page
    client.post(reverse("people:merge", args=[keep.pk, other.pk]))
    assert MergeRecord.objects.get().kept == keep
    assert Contributor.objects.get(pk=other.pk).erased_at is not None


def test_merge_of_another_organisations_profile_is_not_found(client, org):
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    keep = create_contributor(org)
    other = create_contributor(create_organisation())
    assert client.post(reverse("people:merge", args=[keep.pk, other.pk])).status_code == 404
    services.record_consent(keep, "contact", given=True, how=HowGiven.ONLINE)


def test_merge_and_export_find_hidden_relations_of_later_apps():
    from alongside.payments.models import LedgerEntry
    from alongside.people.services import reverse_relations

    models = {relation.related_model for relation in reverse_relations()}
    assert LedgerEntry in models  # declared with related_name="+"
    assert Contributor.interests.through in models
