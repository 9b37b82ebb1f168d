"""The staff applicant list costs the same whatever the number of applicants: the mix is worked out
in the database, the page is a database page, and the access log takes one statement per page."""

from __future__ import annotations

import itertools
from collections import defaultdict

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import AccessLog, Role
from alongside.opportunities import selection, sortition
from alongside.opportunities.models import Application
from alongside.people import disclosure
from alongside.people.choices import Disability, EthnicGroupHigh
from alongside.people.models import Contributor, EqualityMonitoring, LivedExperience
from tests.builders import create_organisation, create_staff, sign_in
from tests.opportunities.helpers import published

_serial = itertools.count(1)
REGIONS = ["London", "Wales", "North West", ""]
YEARS = [1950, 1972, 1988, 2001, None]
ETHNIC = ["white", "black", "asian", "prefer_not", ""]
DISABILITY = ["yes", "no", "prefer_not", ""]


def applicants(opportunity, n: int) -> list[Contributor]:
    """``n`` applicants in bulk, with a spread of regions, equality answers (some without consent,
    some without answers) and lived experience."""
    organisation = opportunity.organisation
    people = []
    for k in range(n):
        i = next(_serial)
        people.append(
            Contributor(
                organisation=organisation,
                reference=f"APPL{i:06d}",
                first_name=f"Applicant{i}",
                email=f"applicant{i}@example.org",
                region=REGIONS[k % len(REGIONS)],
                consent_equality=k % 7 != 0,
                consent_contact=True,
            )
        )
    people = Contributor.objects.bulk_create(people)
    EqualityMonitoring.objects.bulk_create(
        [
            EqualityMonitoring(
                contributor=p,
                year_of_birth=YEARS[k % len(YEARS)],
                age_prefer_not=k % 11 == 0,
                ethnic_group_high=ETHNIC[k % len(ETHNIC)],
                disability=DISABILITY[k % len(DISABILITY)],
            )
            for k, p in enumerate(people)
            if k % 5 != 4
        ]
    )
    experiences = list(LivedExperience.objects.order_by("pk")[:3])
    through = Contributor.lived_experience.through
    through.objects.bulk_create(
        [
            through(contributor=p, livedexperience=experiences[j])
            for k, p in enumerate(people)
            for j in range(len(experiences))
            if (k + j) % (j + 2) == 0
        ]
    )
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                opportunity=opportunity,
                contributor=p,
                why_interested="I care about this",
                created_at=now - timezone.timedelta(minutes=n - k),
                needs_contact=k == 3,
            )
            for k, p in enumerate(people)
        ]
    )
    return people


def _list_queries(client, n: int) -> tuple[int, int]:
    organisation = create_organisation()
    opportunity = published(organisation, targets="region, London, 1, 5\nethnic_group, black, 1, 3")
    applicants(opportunity, n)
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    url = reverse("opportunities:staff_applicants", args=[opportunity.pk])
    client.get(url)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    shown = AccessLog.objects.filter(actor=staff, purpose="applicants").count()
    inserts = [q for q in queries.captured_queries if "accounts_accesslog" in q["sql"].lower()]
    assert len(inserts) == 1, "one statement writes the access log for the whole page"
    return len(queries.captured_queries), shown


def test_the_applicant_list_costs_the_same_number_of_queries_at_two_sizes(client):
    small, small_shown = _list_queries(client, 12)
    large, large_shown = _list_queries(client, 160)
    assert small == large
    assert (small_shown, large_shown) == (2 * 12, 2 * 50)  # two page views: every person shown, logged


def _reference(opportunity, targets):
    """The mix and targets as they were worked out before, walking every applicant in Python."""
    ordered = list(
        Application.objects.filter(opportunity=opportunity)
        .select_related("contributor", "contributor__equality")
        .order_by("created_at", "pk")
    )
    ordered = ordered[: len(ordered) - len(ordered) % disclosure.THRESHOLD]
    members = defaultdict(lambda: defaultdict(set))
    ethnic, disability = dict(EthnicGroupHigh.choices), dict(Disability.choices)
    people = []
    for application in ordered:
        c = application.contributor
        values = selection.features_of(c)
        people.append((c.pk, values))
        members["region"][values.get("region") or "Not given"].add(c.pk)
        members["age_band"][values.get("age_band") or "Not given"].add(c.pk)
        members["ethnic_group"][str(ethnic.get(values.get("ethnic_group"), "Not given"))].add(c.pk)
        members["disability"][str(disability.get(values.get("disability"), "Not given"))].add(c.pk)
        for experience in c.lived_experience.all():
            members["lived"][experience.name].add(c.pk)
    mix = {}
    for key in ("region", "age_band", "ethnic_group", "disability", "lived"):
        rows = [(label, disclosure.publish_ids(ids, f"{key}:{label}")) for label, ids in members[key].items()]
        rows = sorted(((lbl, f) for lbl, f in rows if f is not None), key=lambda r: (-r[1], r[0]))
        mix[key] = [(label, disclosure.shown(figure)) for label, figure in rows]
    compared = []
    for t in targets:
        holders = {pk for pk, values in people if values.get(t.feature) == t.value}
        compared.append(disclosure.shown(disclosure.publish_ids(holders, f"target:{t.feature}:{t.value}")))
    return mix, compared


def test_the_mix_worked_out_in_the_database_matches_walking_every_applicant():
    opportunity = published(create_organisation())
    applicants(opportunity, 347)
    targets = [
        sortition.Quota("region", "London", 1, 5),
        sortition.Quota("ethnic_group", "black", 1, 3),
        sortition.Quota("disability", "yes", 1, 3),
        sortition.Quota("age_band", "35-49", 1, 3),
    ]
    everyone = Application.objects.filter(opportunity=opportunity)
    summary = selection.applicant_summary(everyone, targets)
    mix, compared = _reference(opportunity, targets)
    assert summary.mix == mix
    assert [row["applicants"] for row in summary.targets] == compared
    assert mix["lived"] and mix["age_band"]  # the data really has groups of 10 or more


def test_fewer_than_ten_applicants_show_no_mix_at_all():
    opportunity = published(create_organisation())
    applicants(opportunity, 9)
    summary = selection.applicant_summary(Application.objects.filter(opportunity=opportunity), [])
    assert all(rows == [] for rows in summary.mix.values())
