"""Results pages: charts with their tables, exports, and what the public may see."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alongside.engagement import services
from alongside.engagement.models import Group
from tests.builders import sign_in
from tests.engagement.helpers import K, areas_survey, create_survey, engager, option_ids, record

pytestmark = pytest.mark.django_db


def _survey_with_answers():
    survey = create_survey(
        anonymous=True, questions=[{"kind": K.SINGLE, "text": "Which?", "options": ["A", "B"]}]
    )
    question = survey.questions.get()
    for label, group, people in (("A", Group.PUBLIC, 20), ("B", Group.PUBLIC, 15), ("A", Group.STAFF, 3)):
        for _n in range(people):
            record(survey, {1: option_ids(question, label)}, group=group)
    return survey


def test_staff_see_exact_figures_with_an_accessible_chart_and_its_table(client):
    survey = _survey_with_answers()
    sign_in(client, engager(survey.organisation))
    page = client.get(reverse("engagement:staff_results", args=[survey.pk])).content.decode()
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "Bar chart of the 38 people who answered" in page
    assert "<table" in page and "60.5%" in page  # 23 of 38 chose A
    published = client.get(
        reverse("engagement:staff_results", args=[survey.pk]) + "?view=published"
    ).content.decode()
    assert "hidden" in published


def test_the_public_sees_results_only_once_published_and_never_small_numbers(client):
    survey = _survey_with_answers()
    url = reverse("engagement:public_results", args=[survey.slug])
    assert client.get(url).status_code == 404
    services.update_survey(survey, results_published=True)
    page = client.get(url).content.decode()
    assert "What people told us" in page
    assert ">3<" not in page and "(3)" not in page


def test_exports_in_csv_and_excel_hide_small_numbers_when_published(client):
    survey = _survey_with_answers()
    sign_in(client, engager(survey.organisation))
    url = reverse("engagement:staff_results_export", args=[survey.pk, "csv"])
    exact = (
        b"".join(client.get(url).streaming_content).decode()
        if hasattr(client.get(url), "streaming_content")
        else client.get(url).content.decode()
    )
    assert "Which?,A,Involvement and other staff,3,3,100.0" in exact
    shown = client.get(url + "?view=published").content.decode()
    assert "Which?,A,Involvement and other staff,fewer than 10" in shown
    book = load_workbook(
        io.BytesIO(client.get(reverse("engagement:staff_results_export", args=[survey.pk, "xlsx"])).content)
    )
    assert book.active.max_row > 5


def test_results_take_a_fixed_number_of_queries_however_many_answered(client, django_assert_max_num_queries):
    survey = areas_survey(anonymous=True)
    question = survey.questions.get(position=1)
    sign_in(client, engager(survey.organisation))
    for _n in range(3):
        record(survey, {1: option_ids(question, "Payment")})
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("engagement:staff_results", args=[survey.pk]))
    for _n in range(30):
        record(survey, {1: option_ids(question, "Reach", "Training")})
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("engagement:staff_results", args=[survey.pk]))
