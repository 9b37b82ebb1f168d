"""Survey responses by channel on the insights activity dashboard, checked by hand."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.engagement import answering, queries
from alongside.engagement.insights import activity_measures
from tests.builders import create_contributor, create_organisation, create_staff, sign_in
from tests.engagement.helpers import K, create_survey, record

TODAY = datetime.date(2026, 11, 20)  # in the quarter October to December 2026
ONE_QUESTION = [{"kind": K.LONG_TEXT, "text": "Anything else?", "required": False}]


def _at(day: datetime.date):
    return time_machine.travel(f"{day.isoformat()} 09:00 +00:00", tick=False)


def _online(survey, contributor=None, *, send=True):
    response = answering.start(survey, contributor=contributor)
    if send:
        answering.submit(response, queries.questions(survey))
    return response


@pytest.fixture
def responses(db):
    """Northbridge: 6 responses this quarter and 1 in May; Southgate: 2 this quarter."""
    north, south = create_organisation("Northbridge"), create_organisation("Southgate")
    with _at(datetime.date(2026, 5, 10)):
        named = create_survey(north, questions=ONE_QUESTION, slug="north-named")
        record(named, {}, channel="paper")  # May: not this quarter
    with _at(TODAY):
        anonymous = create_survey(north, anonymous=True, questions=ONE_QUESTION, slug="north-anon")
        other = create_survey(south, questions=ONE_QUESTION, slug="south")
        record(named, {}, channel="paper")
        record(named, {}, channel="paper")
        record(named, {}, channel="phone")
        _online(named, create_contributor(north))
        _online(named, create_contributor(north), send=False)  # started, never sent: not counted
        _online(anonymous)  # counted on 1 November, still this quarter
        record(anonymous, {}, channel="paper")
        record(other, {}, channel="phone")
        record(other, {}, channel="import")
    return north, south


def _values(measures) -> dict[str, int]:
    return {m["key"]: m["value"] for m in measures}


def test_responses_are_counted_by_channel_for_an_organisation_and_for_everyone(responses):
    north, south = responses
    quarter = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert _values(activity_measures([north.pk], *quarter)) == {
        "survey_responses": 6,
        "survey_responses_online": 2,
        "survey_responses_phone": 1,
        "survey_responses_paper": 3,
        "survey_responses_import": 0,
    }
    assert _values(activity_measures([south.pk], *quarter))["survey_responses_import"] == 1
    assert _values(activity_measures(None, *quarter)) == {
        "survey_responses": 8,
        "survey_responses_online": 2,
        "survey_responses_phone": 2,
        "survey_responses_paper": 3,
        "survey_responses_import": 1,
    }
    spring = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert _values(activity_measures([north.pk], *spring))["survey_responses_paper"] == 1
    assert _values(activity_measures([south.pk], *spring))["survey_responses"] == 0


def test_the_measures_are_one_query(responses, django_assert_num_queries):
    north, _south = responses
    with django_assert_num_queries(1):
        activity_measures([north.pk], datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def _rows(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {row[1]: row[2:] for row in rows if len(row) > 2 and row[0] == "Activity"}


def test_the_activity_dashboard_shows_them_per_quarter(client, responses):
    north, _south = responses
    sign_in(client, create_staff(north, Role.INVOLVEMENT_STAFF))
    with _at(TODAY):
        rows = _rows(client.get(reverse("insights:activity"), {"download": "csv"}))
    # Quarters oldest first: Oct-Dec 2025, Jan-Mar, Apr-Jun, Jul-Sep, and this one so far.
    assert rows["Survey responses"] == ["0", "0", "1", "0", "6"]
    assert rows["Survey responses on paper"][-1] == "3"
    assert rows["Survey responses by phone"][-1] == "1"

    national = create_organisation("National team")
    sign_in(client, create_staff(national, Role.NATIONAL_ADMIN))
    with _at(TODAY):
        rows = _rows(client.get(reverse("insights:activity"), {"scope": "national", "download": "csv"}))
    assert rows["Survey responses"][-1] == "8"
    assert rows["Survey responses gathered elsewhere and imported"][-1] == "1"
