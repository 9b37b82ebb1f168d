"""Query-count guards: a list page runs the same number of queries at 10 rows and at 1,000.

Rows are made with bulk_create so that 1,000 is quick. Each case gives the page,
a function that adds n rows, and who is signed in.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.core.models import TaskProgress
from alongside.opportunities.models import Opportunity
from alongside.people.models import Topic
from tests.builders import create_organisation, create_user, sign_in


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _grow_and_count(client, url: str, add_rows) -> tuple[int, int]:
    add_rows(10)
    caches["pages"].clear()  # nothing kept from before (a search's count, parts of pages)
    small = _queries(client, url)
    add_rows(990)
    caches["pages"].clear()  # rows made with bulk_create send no signal to forget what was kept
    return small, _queries(client, url)


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    # The guards are on rendering: the anonymous page cache would answer a repeat visit with no query
    # (and rows made with bulk_create send no signal to refresh it).
    settings.PAGE_CACHE_SECONDS = 0


_numbers = itertools.count()


def _opportunities(n: int) -> None:
    organisation = (
        Opportunity.objects.values_list("organisation", flat=True).first() or create_organisation().pk
    )
    topic, _ = Topic.objects.get_or_create(slug="diabetes", defaults={"name": "Diabetes"})
    closes = timezone.localdate() + datetime.timedelta(days=30)
    made = Opportunity.objects.bulk_create(
        Opportunity(
            organisation_id=organisation,
            title=f"Help shape a study {number}",
            slug=f"guard-{number}",
            summary="Tell us what you think.",
            status=Opportunity.Status.PUBLISHED,
            closes_on=closes,
            region="London",
        )
        for number in itertools.islice(_numbers, n)
    )
    Opportunity.topics.through.objects.bulk_create(
        Opportunity.topics.through(opportunity_id=o.pk, topic_id=topic.pk) for o in made
    )


def test_public_opportunity_list_queries_do_not_grow_with_rows(client):
    small, large = _grow_and_count(client, "/opportunities/", _opportunities)
    assert small == large


def test_public_opportunity_search_queries_do_not_grow_with_rows(client):
    small, large = _grow_and_count(client, "/opportunities/?q=study&region=London", _opportunities)
    assert small == large


def test_my_tasks_queries_do_not_grow_with_rows(client):
    user = create_user()
    sign_in(client, user)

    def add(n: int) -> None:
        TaskProgress.objects.bulk_create(TaskProgress(owner=user, title=f"Job {i}") for i in range(n))

    small, large = _grow_and_count(client, "/tasks/", add)
    assert small == large


# --- Staff lists of the capability apps that had no guard of their own ---------------------------

_refs = itertools.count(1)


def _people(organisation, n: int):
    from alongside.people.models import Contributor

    return Contributor.objects.bulk_create(
        Contributor(
            organisation=organisation,
            reference=f"QG{next(_refs):08d}",
            first_name="Guard",
            last_name=f"Person {i}",
            consent_contact=True,
        )
        for i in range(n)
    )


def _queries_without_access_log(client, url: str) -> int:
    """Queries on a staff page, less its access-log rows (one per person shown, one page at most)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(1 for q in captured.captured_queries if "accounts_accesslog" not in q["sql"])


def _staff_client(client, role=None):
    from alongside.accounts.models import Role
    from tests.builders import create_staff

    organisation = create_organisation()
    staff = create_staff(organisation, role or Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    return organisation, staff


def test_staff_opportunity_list_queries_do_not_grow_with_rows(client):
    organisation, _ = _staff_client(client)

    def add(n: int) -> None:
        Opportunity.objects.bulk_create(
            Opportunity(organisation=organisation, title=f"Study {k}", slug=f"staff-guard-{k}", summary="-")
            for k in itertools.islice(_numbers, n)
        )

    small, large = _grow_and_count(client, "/staff/opportunities/", add)
    assert small == large


def test_project_list_queries_do_not_grow_with_rows(client):
    from alongside.opportunities.models import Project

    organisation, _ = _staff_client(client)

    def add(n: int) -> None:
        Project.objects.bulk_create(
            Project(organisation=organisation, title=f"Project {i}") for i in range(n)
        )

    small, large = _grow_and_count(client, "/staff/projects/", add)
    assert small == large


def test_applicant_list_queries_do_not_grow_with_applicants(client):
    from alongside.opportunities.models import Application

    organisation, _ = _staff_client(client)
    opportunity = Opportunity.objects.create(
        organisation=organisation, title="Study", slug="applicants", summary="-"
    )
    url = f"/staff/opportunities/{opportunity.pk}/applicants/"

    def add(n: int) -> None:
        Application.objects.bulk_create(
            Application(opportunity=opportunity, contributor=p) for p in _people(organisation, n)
        )

    add(10)
    small = _queries_without_access_log(client, url)
    add(990)
    assert _queries_without_access_log(client, url) == small


def test_outreach_message_list_queries_do_not_grow_with_rows(client):
    from alongside.outreach.models import Message

    organisation, _ = _staff_client(client)

    def add(n: int) -> None:
        Message.objects.bulk_create(
            Message(organisation=organisation, kind="update", subject=f"News {i}", body="-", status="sent")
            for i in range(n)
        )

    small, large = _grow_and_count(client, "/outreach/", add)
    assert small == large


def test_sent_invitations_queries_do_not_grow_with_rows(client):
    from alongside.accounts.models import Role
    from alongside.people.models import Invitation

    organisation, researcher = _staff_client(client, Role.RESEARCHER)

    def add(n: int) -> None:
        Invitation.objects.bulk_create(
            Invitation(researcher=researcher, organisation=organisation, contributor=p, message="Join us")
            for p in _people(organisation, n)
        )

    small, large = _grow_and_count(client, "/staff/invitations/", add)
    assert small == large


def test_my_involvement_queries_do_not_grow_with_contributions(client):
    from alongside.opportunities.models import Activity, Application, Contribution
    from tests.builders import create_contributor

    user = create_user()
    contributor = create_contributor(user=user)
    sign_in(client, user)
    organisation = contributor.organisation

    def add(n: int) -> None:
        opportunities = Opportunity.objects.bulk_create(
            Opportunity(organisation=organisation, title=f"Study {k}", slug=f"mine-{k}", summary="-")
            for k in itertools.islice(_numbers, n)
        )
        activities = Activity.objects.bulk_create(
            Activity(opportunity=o, title="Meeting") for o in opportunities
        )
        Application.objects.bulk_create(
            Application(opportunity=o, contributor=contributor) for o in opportunities
        )
        Contribution.objects.bulk_create(
            Contribution(
                contributor=contributor,
                activity=a,
                opportunity=a.opportunity,
                organisation=organisation,
                date=timezone.localdate(),
                minutes=60,
            )
            for a in activities
        )

    small, large = _grow_and_count(client, "/account/involvement/", add)
    assert small == large
