import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor, Invitation, LivedExperience, SearchEntry, Topic
from alongside.people.queries import SearchFilters, invite_token, search_contributors
from tests.builders import create_contributor, create_organisation, create_staff, create_user, sign_in

SECRET = {
    "first_name": "Zebedee",
    "last_name": "Quartermaine",
    "email": "zebedee.q@example.org",
    "mobile": "+447911123456",
    "landline": "+441614960000",
    "address_line_1": "17 Cherry Lane",
    "postcode": "M13 9PL",
}
SECRET_VALUES = ("Zebedee", "Quartermaine", "zebedee.q", "7911123456", "1614960000", "Cherry Lane")


def _findable(org, **fields):
    experience = LivedExperience.objects.get(name="Diabetes")
    person = create_contributor(org, consents=("contact", "findable"), **{**SECRET, **fields})
    services.update_profile(person, online=True, lived_experience=[experience], how=HowGiven.ONLINE)
    return person


@pytest.fixture
def home():
    return create_organisation("Home trust")


@pytest.fixture
def researcher(client):
    user = create_staff(create_organisation("Elsewhere university"), Role.RESEARCHER)
    sign_in(client, user)
    return user


def _diabetes():
    return SearchFilters(experiences=(LivedExperience.objects.get(name="Diabetes").pk,))


def test_researchers_find_only_people_who_consented_to_be_findable(home, researcher):
    _findable(home)
    create_contributor(home, consents=("contact",))
    assert search_contributors(researcher, SearchFilters()).count == 1


def test_search_filters_combine(home, researcher):
    person = _findable(home)
    services.update_profile(person, in_person=True, travel_miles=10, how=HowGiven.ONLINE)
    filters = SearchFilters(
        experiences=(LivedExperience.objects.get(name="Diabetes").pk,),
        regions=("North West",),
        modes=("online",),
    )
    assert search_contributors(researcher, filters).count == 1
    assert search_contributors(researcher, SearchFilters(regions=("London",))).count == 0
    assert search_contributors(researcher, SearchFilters(modes=("phone",))).count == 0
    assert search_contributors(researcher, SearchFilters(min_travel_miles=20)).count == 0
    topic = Topic.objects.first()
    assert search_contributors(researcher, SearchFilters(topics=(topic.pk,))).count == 0


def test_search_by_support_the_researcher_can_offer(home, researcher):
    person = _findable(home)
    services.update_profile(person, access_needs=["bsl"], how=HowGiven.ONLINE)
    assert search_contributors(researcher, SearchFilters(support_offered=())).count == 0
    assert search_contributors(researcher, SearchFilters(support_offered=("bsl", "step_free"))).count == 1


def test_withdrawing_findable_consent_removes_the_person_from_search_at_once(home, researcher):
    person = _findable(home)
    assert search_contributors(researcher, _diabetes()).count == 1
    services.record_consent(person, "findable", given=False, how=HowGiven.PHONE)
    assert search_contributors(researcher, _diabetes()).count == 0
    assert not SearchEntry.objects.filter(contributor=person).exists()


def test_people_who_paused_or_left_are_not_found(home, researcher):
    person = _findable(home)
    services.change_status(person, "paused")
    assert search_contributors(researcher, SearchFilters()).count == 0


def test_small_numbers_are_suppressed_and_cards_are_anonymous(client, home, researcher):
    _findable(home)
    response = client.get(reverse("people:search"), {"regions": "North West"})
    body = response.content.decode()
    assert "fewer than 10 people found" in body
    for secret in SECRET_VALUES:
        assert secret not in body
    assert "Diabetes" in body


def test_equality_filters_are_refused_for_researchers_not_hidden(client, home, researcher):
    with pytest.raises(PermissionDenied):
        search_contributors(researcher, SearchFilters(ethnic_groups=("black",)))
    assert client.get(reverse("people:search"), {"ethnic_groups": "black"}).status_code == 403


def test_involvement_staff_may_filter_by_equality_for_people_who_consented(home):
    staff = create_staff(create_organisation(), Role.INVOLVEMENT_STAFF)
    person = _findable(home)
    services.record_consent(person, "equality", given=True, how=HowGiven.ONLINE)
    services.save_equality(person, {"ethnic_group": "black_caribbean", "disability": "yes"})
    assert search_contributors(staff, SearchFilters(ethnic_groups=("black",), disability=("yes",))).count == 1
    services.record_consent(person, "equality", given=False, how=HowGiven.ONLINE)
    assert search_contributors(staff, SearchFilters(ethnic_groups=("black",))).count == 0


def test_staff_of_the_persons_organisation_see_the_name_in_results(home):
    staff = create_staff(home, Role.INVOLVEMENT_STAFF)
    _findable(home)
    card = search_contributors(staff, SearchFilters()).cards[0]
    assert card.name == "Zebedee Quartermaine"


def test_invitation_details_are_shared_only_once_the_person_accepts(
    client, home, researcher, django_capture_on_commit_callbacks
):
    user = create_user()
    person = _findable(home, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:invite", args=[invite_token(person.pk)]), {"message": "Join our diabetes panel."}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert mail.outbox[-1].to == [SECRET["email"]]
    body = client.get(reverse("people:sent_invitations")).content.decode()
    assert "Zebedee" not in body and "zebedee.q" not in body

    person_client = client.__class__()
    sign_in(person_client, user)
    assert "Join our diabetes panel." in person_client.get(reverse("people:my_profile")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        person_client.post(reverse("people:my_invitation_reply", args=[invitation.pk]), {"reply": "accept"})
    assert researcher.email in mail.outbox[-1].to and "zebedee.q@example.org" in mail.outbox[-1].body
    assert "zebedee.q@example.org" in client.get(reverse("people:sent_invitations")).content.decode()


def test_a_declined_invitation_shares_nothing(client, home, researcher, django_capture_on_commit_callbacks):
    user = create_user()
    person = _findable(home, user=user)
    invitation = services.send_invitation(
        researcher=researcher,
        organisation=researcher.active_memberships[0].organisation,
        contributor=person,
        message="Hello",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_invitation(invitation, accept=False)
    assert "zebedee" not in mail.outbox[-1].body.lower()
    assert "Zebedee" not in client.get(reverse("people:sent_invitations")).content.decode()


def test_people_who_withdrew_cannot_be_invited(client, home, researcher):
    person = _findable(home)
    token = invite_token(person.pk)
    services.record_consent(person, "findable", given=False, how=HowGiven.ONLINE)
    assert client.get(reverse("people:invite", args=[token])).status_code == 404


def _url_for(pattern, person):
    kwargs = {}
    for name in pattern.pattern.converters:
        kwargs[name] = {
            "pk": person.pk,
            "other": person.pk,
            "purpose": "contact",
            "fmt": "json",
            "token": invite_token(person.pk),
        }[name]
    return reverse(f"people:{pattern.name}", kwargs=kwargs)


def test_a_researcher_from_another_organisation_never_reads_a_name_or_contact_through_any_view(
    client, home, researcher
):
    from alongside.people.urls import urlpatterns

    person = _findable(home)
    services.send_invitation(
        researcher=researcher,
        organisation=researcher.active_memberships[0].organisation,
        contributor=person,
        message="Hello",
    )
    for pattern in urlpatterns:
        url = _url_for(pattern, person)
        for method in (client.get, client.post):
            body = method(url).content.decode(errors="replace")
            for secret in SECRET_VALUES:
                assert secret not in body, (url, method)
    assert Contributor.objects.get(pk=person.pk).first_name == "Zebedee"


def _search_queries(client, n):
    home = create_organisation()
    start = Contributor.objects.count()
    people = Contributor.objects.bulk_create(
        [
            Contributor(
                organisation=home,
                reference=f"S{start + i:07d}",
                first_name="X",
                consent_findable=True,
                region="London",
                online=True,
            )
            for i in range(n)
        ]
    )
    from alongside.people.search_index import rebuild_search_index

    rebuild_search_index(Contributor.objects.filter(pk__in=[p.pk for p in people]))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("people:search"), {"regions": "London"}).status_code == 200
    return len(ctx.captured_queries)


def test_search_page_uses_the_same_number_of_queries_at_10_and_1000_people(client, researcher):
    assert _search_queries(client, 10) == _search_queries(client, 990)


def test_withdrawing_consent_removes_the_person_from_mailings_that_depend_on_it(
    home, researcher, django_capture_on_commit_callbacks
):
    from alongside.people.queries import mailing_list

    person = _findable(home)
    services.record_consent(person, "newsletter", given=True, how=HowGiven.ONLINE)
    assert list(mailing_list(home, "newsletter")) == [person]
    services.record_consent(person, "newsletter", given=False, how=HowGiven.ONLINE)
    services.record_consent(person, "contact", given=False, how=HowGiven.ONLINE)
    assert not mailing_list(home, "newsletter").exists()
    assert not mailing_list(home, "contact").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitation(
            researcher=researcher, organisation=home, contributor=person, message="Hello"
        )
    assert mail.outbox == []
