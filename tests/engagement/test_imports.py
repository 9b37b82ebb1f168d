"""Importing answers: the whole file checked first, a report row by row, nothing written until confirmed."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from alongside.engagement import imports, results
from alongside.engagement.models import Channel, Response
from tests.builders import create_contributor, sign_in
from tests.engagement.helpers import AREAS, K, areas_survey, create_survey, engager, option_ids, record

pytestmark = pytest.mark.django_db

GOOD = (
    "channel,group,may_quote,Q1,Q2,Q3,Q4\n"
    "paper,public,yes,Payment;Reach;3,Post;Online,12,Buses are rare\n"
    ",staff,no,2,,,\n"
)


def _upload(client, survey, content: bytes, name="answers.csv"):
    return client.post(
        reverse("engagement:staff_import_answers", args=[survey.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_a_clean_file_is_reported_then_written_only_when_confirmed(client):
    survey = areas_survey(anonymous=True)
    sign_in(client, engager(survey.organisation))
    response = _upload(client, survey, GOOD.encode())
    batch = survey.imports.get()
    assert response.url == reverse("engagement:staff_import", args=[survey.pk, batch.pk])
    assert "2 rows are ready to import" in client.get(response.url).content.decode()
    assert not Response.objects.exists()
    client.post(reverse("engagement:staff_import_decide", args=[survey.pk, batch.pk]), {"action": "confirm"})
    assert Response.objects.filter(state="submitted").count() == 2
    first = Response.objects.get(channel=Channel.PAPER)
    assert first.may_quote and first.respondent is None
    chosen = set(first.answers.filter(question__position=1).values_list("option__label", flat=True))
    assert chosen == {"Payment", "Reach", "Training"}
    ranked = dict(first.answers.filter(question__position=2).values_list("option__label", "rank"))
    assert ranked == {"Post": 1, "Online": 2}


def test_every_bad_row_is_reported_and_nothing_is_written(client):
    survey = areas_survey(anonymous=True)
    sign_in(client, engager(survey.organisation))
    bad = "channel,Q1,Q2,Q3,colour\nfax,Payment;Unicorns,Post;Post,lots,\npaper,,,,\npaper,1;2;3;4,,,\n"
    _upload(client, survey, bad.encode())
    batch = survey.imports.get()
    messages = {(p["row"], p["column"]): p["message"] for p in batch.errors}
    assert messages[(1, "colour")] == "This column is not part of the format."
    assert messages[(2, "channel")] == "Write paper, phone or import."
    assert "“Unicorns” is not one of the options" in messages[(2, "Q1")]
    assert (2, "Q3") in messages
    assert messages[(3, "Q1")] == "Choose at least one option"
    assert "Choose no more than 3 options" in messages[(4, "Q1")]
    page = client.get(reverse("engagement:staff_import", args=[survey.pk, batch.pk])).content.decode()
    assert "Nothing has been saved" in page
    refused = client.post(
        reverse("engagement:staff_import_decide", args=[survey.pk, batch.pk]), {"action": "confirm"}
    )
    assert refused.status_code == 302 and not Response.objects.exists()


def test_a_named_import_matches_people_by_reference_and_refuses_a_second_answer(client):
    survey = create_survey(questions=[{"kind": K.SHORT_TEXT, "text": "Your idea"}])
    staff = engager(survey.organisation)
    person = create_contributor(survey.organisation)
    record(survey, {1: "Earlier answer"}, respondent=person)
    sign_in(client, staff)
    content = f"reference,Q1\n{person.reference},Again\nAL-NOBODY,Hello\n".encode()
    _upload(client, survey, content)
    errors = {(p["row"], p["column"]): p["message"] for p in survey.imports.get().errors}
    assert errors[(2, "reference")] == "This person has already answered the survey."
    assert errors[(3, "reference")] == "There is nobody with this reference number in your records."


def test_an_excel_file_reads_the_same_as_csv(client):
    survey = areas_survey(anonymous=True)
    sign_in(client, engager(survey.organisation))
    book = Workbook()
    book.active.append(["Q1", "Q3"])
    book.active.append(["Feedback;Finding", 4])
    buffer = io.BytesIO()
    book.save(buffer)
    _upload(client, survey, buffer.getvalue(), name="answers.xlsx")
    batch = survey.imports.get()
    assert batch.errors == [] and len(batch.rows) == 1
    assert imports.confirm(batch) == 1
    rows = {row.label: row for row in results.survey_results(survey)[0].rows}
    assert rows["Feedback"].figures["channel:import"].count == 1


def test_the_headings_file_lists_each_question(client):
    survey = areas_survey(anonymous=True)
    sign_in(client, engager(survey.organisation))
    response = client.get(reverse("engagement:staff_import_template", args=[survey.pk]))
    assert response.content.decode().strip() == "channel,group,may_quote,Q1,Q2,Q3,Q4"


def test_good_rows_only_when_asked():
    survey = areas_survey(anonymous=True)
    rows = imports.read_table(b"Q1\nPayment\nNope\n", "a.csv")
    from alongside.people.models import Contributor

    ready, problems = imports.check(survey, rows, people=Contributor.objects.none())
    assert len(ready) == 1 and len(problems) == 1
    assert option_ids(survey.questions.get(position=1), AREAS[0])
