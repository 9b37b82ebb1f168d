"""Family: a researcher singles out one person in the registry by comparing what searches show.

Each test is the attack itself. The researcher knows (or guesses) that someone they want to learn
about is the only person with diabetes in the North West who does not take part online. They run
the search with and without "online" and compare; they repeat searches, reuse tokens, and watch
the applicant mix of their own opportunity as people apply. They must learn nothing reliable
about that person: not whether they are in the registry, nor any of their answers.
"""

from __future__ import annotations

import datetime
import logging
import re

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Region, Role
from alongside.opportunities import selection
from alongside.opportunities import services as opportunity_services
from alongside.opportunities.models import Application
from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import EqualityMonitoring, LivedExperience, SearchRecord, Topic
from alongside.people.queries import SearchFilters, search_contributors
from tests.builders import create_contributor, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import published
from tests.people.registry import figure, findable_crowd, results_section, search_token

TARGET = {"first_name": "Ottoline", "last_name": "Vance", "email": "ottoline@example.org"}


def _target(home, **fields):
    """The person the researcher is after: the only one of the crowd who is not online, with a
    rare support need and a rare interest."""
    person = create_contributor(home, consents=("contact", "findable"), postcode="M13 9PL", **TARGET)
    services.update_profile(
        person,
        lived_experience=[LivedExperience.objects.get(name="Diabetes")],
        interests=[Topic.objects.get(name="Dementia care")],
        access_needs=["bsl"],
        in_person=True,
        how=HowGiven.ONLINE,
        **fields,
    )
    return person


def _diabetes() -> int:
    return LivedExperience.objects.get(name="Diabetes").pk


def _without_token(results: str) -> str:
    return re.sub(r"/staff/search/invite/[^/]+/", "/staff/search/invite/…/", results)


def test_two_searches_that_differ_by_one_filter_do_not_show_who_was_left_out(client, home, researcher):
    findable_crowd(home, 11, experience="Diabetes")
    _target(home)
    everyone = results_section(client.get(reverse("people:search"), {"experiences": _diabetes()}))
    online = results_section(
        client.get(reverse("people:search"), {"experiences": _diabetes(), "modes": "online"})
    )
    for results in (everyone, online):
        # No exact count, no list of people, nothing about anyone.
        assert figure(results) in ("Fewer than 10", "about 10", "about 20")
        # (The per-search token is random text and may hold "-11-"; it is not a count.)
        assert not re.search(r"\b1[12]\b", _without_token(results))
        for detail in ("British Sign Language", "Dementia care", "Ottoline", "Vance", "M13", "in person"):
            assert detail not in results
    # With the same figure (nine pairs in ten: the pairs test below counts) the pages are the same.
    if figure(everyone) == figure(online):
        assert _without_token(everyone) == _without_token(online)


def test_over_many_pairs_of_searches_the_person_left_out_changes_the_figure_about_one_time_in_ten(home):
    """200 people the researcher is after, each the only one of their group (an experience in a
    region, 12 others) who is not online. For each, the pair of searches with and without
    "online". With exact counts every pair differs; with plain rounding every tenth pair differs at
    a known place and gives the exact count; with noise drawn afresh for every set most pairs differ."""
    researcher = create_staff(create_organisation(), Role.RESEARCHER)
    experiences = list(LivedExperience.objects.order_by("pk").values_list("name", "pk"))[:20]
    regions = [region for region, _ in Region.choices][:10]
    for name, _ in experiences:
        for region in regions:
            findable_crowd(home, 12, experience=name, region=region)
            findable_crowd(home, 1, experience=name, region=region, online=False, in_person=True)
    differing = 0
    for _, experience in experiences:
        for region in regions:
            everyone = SearchFilters(experiences=(experience,), regions=(region,))
            online = SearchFilters(experiences=(experience,), regions=(region,), modes=("online",))
            figures = {search_contributors(researcher, f).published for f in (everyone, online)}
            differing += len(figures) - 1
    pairs = len(experiences) * len(regions)
    # Expected about 0.1 + 0.35 / 13; the bound leaves five standard deviations of room.
    assert differing / pairs <= 0.25, f"{differing} of {pairs} pairs differ"


def test_the_travel_filter_moves_in_steps_so_people_cannot_be_taken_out_one_by_one(client, researcher):
    page = client.get(reverse("people:search"), {"min_travel_miles": 7}).content.decode()
    assert "Select a valid choice" in page and 'role="status"' not in page


def test_asking_the_same_thing_another_way_gives_the_same_figure_so_nothing_can_be_averaged(home):
    researcher = create_staff(create_organisation(), Role.RESEARCHER)
    findable_crowd(home, 37, experience="Diabetes")
    figures = {
        search_contributors(researcher, filters).published
        for filters in (
            SearchFilters(experiences=(_diabetes(),)),
            SearchFilters(experiences=(_diabetes(),), regions=("North West",)),
            SearchFilters(experiences=(_diabetes(),), regions=("North West", "Wales"), modes=("online",)),
            SearchFilters(regions=("North West",)),
            SearchFilters(min_travel_miles=None, support_offered=("bsl",)),
        )
    }
    assert len(figures) == 1 and figures <= {30, 40}


def test_invitation_tokens_are_new_for_every_search_and_say_nothing_about_anyone(client, home, researcher):
    people = findable_crowd(home, 30, experience="Diabetes")
    first = search_token(client, {"experiences": _diabetes()})
    second = search_token(client, {"experiences": _diabetes()})
    assert first != second and len(first) >= 40
    # Not a signed payload that decodes to someone's id (as it was), just random characters.
    assert ":" not in first
    with pytest.raises(signing.BadSignature):
        signing.loads(first, salt="people.invite")
    for person in people:
        assert person.reference not in first
    assert not SearchRecord.objects.filter(token_hash__in=[first, second]).exists()  # only hashes kept


def _gone(client, token, method="get"):
    url = reverse("people:invite", args=[token])
    response = getattr(client, method)(url, {"target": "personal", "number": 5, "message": "Hi"})
    body = response.content.decode()
    return response.status_code, body[body.index("<main") : body.index("</main>")]


def test_a_token_answers_the_same_when_unknown_expired_or_someone_elses(client, home, researcher):
    findable_crowd(home, 30, experience="Diabetes")
    token = search_token(client, {"experiences": _diabetes()})
    unknown = _gone(client, "x" * 43, "post")
    colleague = client.__class__()
    sign_in(colleague, create_staff(researcher.active_memberships[0].organisation, Role.RESEARCHER))
    assert _gone(colleague, token, "post") == unknown
    assert _gone(colleague, token) == _gone(client, "y" * 43)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        sign_in(client, researcher)  # the old session has ended too
        assert _gone(client, token, "post") == unknown
    assert unknown[0] == 404 and "This search has ended" in unknown[1]


def test_a_researcher_who_runs_too_many_different_searches_is_stopped_and_logged(
    client, home, researcher, settings, caplog
):
    settings.ALONGSIDE_SEARCHES_PER_DAY = 3
    for miles in (5, 10, 20):
        assert client.get(reverse("people:search"), {"min_travel_miles": miles}).status_code == 200
    with caplog.at_level(logging.WARNING, logger="alongside.security"):
        refused = client.get(reverse("people:search"), {"min_travel_miles": 50})
    assert refused.status_code == 429 and "limited number of different searches" in refused.content.decode()
    assert "registry search limit reached" in caplog.text
    # Repeating a search shows the same figure, so it does not count.
    assert client.get(reverse("people:search"), {"min_travel_miles": 10}).status_code == 200
    assert SearchRecord.objects.filter(searched_by=researcher).count() == 4


def test_every_search_is_logged_with_who_ran_it_and_what_it_showed(client, home, researcher):
    findable_crowd(home, 30, experience="Diabetes")
    client.get(reverse("people:search"), {"experiences": _diabetes(), "modes": "online"})
    record = SearchRecord.objects.get(searched_by=researcher)
    assert record.filters["experiences"] == [_diabetes()] and record.filters["modes"] == ["online"]
    assert record.published_count in (30, 40) and record.expires_at > timezone.now()


def _applicants_mix(client, opportunity) -> str:
    body = client.get(reverse("opportunities:staff_applicants", args=[opportunity.pk])).content.decode()
    mix = body[body.index("The mix of applicants") :]
    return mix[: min(mix.find(end) % len(mix) for end in ("To phone or write to", ">Applications<"))]


def _apply_with_equality(opportunity, organisation, n, *, ethnic="white_british", disability="no"):
    for _ in range(n):
        person = create_contributor(organisation, consents=("contact", "equality"), postcode="E1 6AN")
        EqualityMonitoring.objects.create(
            contributor=person, year_of_birth=1980, ethnic_group=ethnic, disability=disability
        )
        opportunity_services.apply(opportunity, person, why_interested="x")


def test_the_applicant_mix_does_not_give_away_the_answers_of_the_person_who_just_applied(client):
    """The researcher sees applicants by name as they arrive, so comparing the mix before and after
    one application would read that person's equality answers."""
    org = create_organisation()
    opportunity = published(org, targets="ethnic_group, black, 1, 3\ndisability, yes, 1, 2")
    sign_in(client, create_staff(org, Role.RESEARCHER))
    _apply_with_equality(opportunity, org, 12)
    before = _applicants_mix(client, opportunity)
    _apply_with_equality(opportunity, org, 1, ethnic="black_african", disability="yes")
    after = _applicants_mix(client, opportunity)
    assert after == before
    for exact in ("London: 12", "London: 13", "London: 10", "White: 12"):
        assert exact not in after


def test_the_applicant_mix_is_published_by_the_registry_rule(client):
    org = create_organisation()
    opportunity = published(org)
    _apply_with_equality(opportunity, org, 24)
    mix = selection.mix_summary(Application.objects.filter(opportunity=opportunity).order_by("created_at"))
    # 20 of the 24 (whole groups of 10), shown as a rounded figure: "about 20" or "about 30".
    assert dict(mix["region"])["London"] in ("about 20", "about 30")


def _staff_search_queries(client, home, n) -> int:
    staff = create_staff(home, Role.INVOLVEMENT_STAFF)
    findable_crowd(home, n, region="London")
    sign_in(client, staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:search"), {"regions": "London"})
    assert "People your organisation holds in this search" in response.content.decode()
    return len(queries.captured_queries)


def test_staff_see_their_own_people_a_page_at_a_time_with_the_same_number_of_queries(client):
    assert _staff_search_queries(client, create_organisation(), 5) == _staff_search_queries(
        client, create_organisation(), 300
    )
