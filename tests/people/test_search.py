import pytest
from django.core import mail
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor, Invitation, LivedExperience, SearchEntry, Topic
from alongside.people.queries import SearchFilters, matching_contributor_ids, search_contributors
from tests.builders import create_contributor, create_organisation, create_staff, create_user, sign_in
from tests.people.registry import figure, findable_crowd, results_section, search_token

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


def _diabetes():
    return SearchFilters(experiences=(LivedExperience.objects.get(name="Diabetes").pk,))


def _found(user, filters: SearchFilters) -> int:
    """How many people the search matches, exactly: for checking filters, never shown to anyone."""
    return matching_contributor_ids(user, filters).count()


def test_researchers_find_only_people_who_consented_to_be_findable(home, researcher):
    _findable(home)
    create_contributor(home, consents=("contact",))
    assert _found(researcher, SearchFilters()) == 1


def test_search_filters_combine(home, researcher):
    person = _findable(home)
    services.update_profile(person, in_person=True, travel_miles=10, how=HowGiven.ONLINE)
    filters = SearchFilters(
        experiences=(LivedExperience.objects.get(name="Diabetes").pk,),
        regions=("North West",),
        modes=("online",),
    )
    assert _found(researcher, filters) == 1
    assert _found(researcher, SearchFilters(regions=("London",))) == 0
    assert _found(researcher, SearchFilters(modes=("phone",))) == 0
    assert _found(researcher, SearchFilters(min_travel_miles=20)) == 0
    topic = Topic.objects.first()
    assert _found(researcher, SearchFilters(topics=(topic.pk,))) == 0


def test_search_by_support_the_researcher_can_offer(home, researcher):
    person = _findable(home)
    services.update_profile(person, access_needs=["bsl"], how=HowGiven.ONLINE)
    assert _found(researcher, SearchFilters(support_offered=())) == 0
    assert _found(researcher, SearchFilters(support_offered=("bsl", "step_free"))) == 1


def test_withdrawing_findable_consent_removes_the_person_from_search_at_once(home, researcher):
    person = _findable(home)
    assert _found(researcher, _diabetes()) == 1
    services.record_consent(person, "findable", given=False, how=HowGiven.PHONE)
    assert _found(researcher, _diabetes()) == 0
    assert not SearchEntry.objects.filter(contributor=person).exists()


def test_people_who_paused_or_left_are_not_found(home, researcher):
    person = _findable(home)
    services.change_status(person, "paused")
    assert _found(researcher, SearchFilters()) == 0


def test_a_search_that_finds_one_person_shows_no_number_no_one_and_no_way_to_invite(client, home, researcher):
    _findable(home)
    response = client.get(reverse("people:search"), {"regions": "North West"})
    results = results_section(response)
    # Usually "fewer than 10"; one time in ten the rounding shows "about 10" (docs/people.md).
    assert figure(results) in ("Fewer than 10", "about 10")
    if figure(results) == "Fewer than 10":
        assert "remove a filter" in results
    for secret in SECRET_VALUES:
        assert secret not in response.content.decode()
    assert "Diabetes" not in results and "/staff/search/invite/" not in results


def test_a_search_that_finds_nobody_looks_like_one_that_finds_a_few(client, home, researcher):
    results = results_section(client.get(reverse("people:search"), {"regions": "London"}))
    assert figure(results) == "Fewer than 10" and "It may be that nobody matches" in results


def test_equality_filters_are_refused_for_researchers_not_hidden(client, home, researcher):
    with pytest.raises(PermissionDenied):
        search_contributors(researcher, SearchFilters(ethnic_groups=("black",)))
    assert client.get(reverse("people:search"), {"ethnic_groups": "black"}).status_code == 403


def test_involvement_staff_may_filter_by_equality_for_people_who_consented(home):
    staff = create_staff(create_organisation(), Role.INVOLVEMENT_STAFF)
    person = _findable(home)
    services.record_consent(person, "equality", given=True, how=HowGiven.ONLINE)
    services.save_equality(person, {"ethnic_group": "black_caribbean", "disability": "yes"})
    assert _found(staff, SearchFilters(ethnic_groups=("black",), disability=("yes",))) == 1
    services.record_consent(person, "equality", given=False, how=HowGiven.ONLINE)
    assert _found(staff, SearchFilters(ethnic_groups=("black",))) == 0


def test_staff_of_the_persons_organisation_see_the_name_in_results(home):
    staff = create_staff(home, Role.INVOLVEMENT_STAFF)
    _findable(home)
    own = search_contributors(staff, SearchFilters()).own_people
    assert [person.name for person in own] == ["Zebedee Quartermaine"]


def test_researchers_see_no_one_by_name(home, researcher):
    _findable(home)
    assert search_contributors(researcher, SearchFilters()).own_people is None


def test_a_researcher_invites_people_chosen_at_random_from_a_search(
    client, home, researcher, django_capture_on_commit_callbacks
):
    findable_crowd(home, 20, experience="Diabetes")
    token = search_token(client, {"experiences": LivedExperience.objects.get(name="Diabetes").pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:invite", args=[token]),
            {"target": "personal", "number": 5, "message": "Join our diabetes panel."},
            follow=True,
        )
    assert "We are sending your invitation to 5 people chosen at random" in response.content.decode()
    assert Invitation.objects.filter(researcher=researcher).count() == 5
    assert len(mail.outbox) == 5 and all("Join our diabetes panel." in m.body for m in mail.outbox)


def test_invitation_details_are_shared_only_once_the_person_accepts(
    client, home, researcher, django_capture_on_commit_callbacks
):
    user = create_user()
    person = _findable(home, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.send_invitation(
            researcher=researcher,
            organisation=researcher.active_memberships[0].organisation,
            contributor=person,
            message="Join our diabetes panel.",
        )
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


def test_people_who_withdrew_since_the_search_are_never_invited_from_it(client, home, researcher):
    person = _findable(home)
    findable_crowd(home, 29, experience="Diabetes")
    token = search_token(client, {"experiences": LivedExperience.objects.get(name="Diabetes").pk})
    services.record_consent(person, "findable", given=False, how=HowGiven.ONLINE)
    response = client.post(
        reverse("people:invite", args=[token]), {"target": "personal", "number": 10, "message": "Hello"}
    )
    assert response.status_code == 302
    assert Invitation.objects.count() == 10
    assert not Invitation.objects.filter(contributor=person).exists()
    # The invitation re-runs the logged search, which no longer finds them.
    assert not matching_contributor_ids(researcher, _diabetes()).filter(contributor_id=person.pk).exists()


def _url_for(pattern, person, token):
    kwargs = {}
    for name in pattern.pattern.converters:
        kwargs[name] = {
            "pk": person.pk,
            "other": person.pk,
            "purpose": "contact",
            "fmt": "json",
            "token": token,
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
    findable_crowd(home, 25)
    token = search_token(client, {"regions": "North West"})
    for pattern in urlpatterns:
        url = _url_for(pattern, person, token)
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
    # A researcher new to searching each time: a repeated search skips the daily-limit count.
    sign_in(client, create_staff(create_organisation(), Role.RESEARCHER))
    caches["pages"].clear()  # the filters drawn afresh each time (they are kept between searches)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("people:search"), {"regions": "London"}).status_code == 200
    return len(ctx.captured_queries)


def test_search_page_uses_the_same_number_of_queries_at_10_and_1000_people(client):
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


def test_the_kept_search_filters_follow_the_lists_they_offer(client, researcher):
    url = reverse("people:search")
    assert "Living with tinnitus" not in client.get(url, {"regions": "London"}).content.decode()
    LivedExperience.objects.create(name="Living with tinnitus", slug="tinnitus")
    page = client.get(url, {"regions": "London"}).content.decode()
    assert "Living with tinnitus" in page
    assert 'value="London"' in page and "checked" in page
