"""The engagement report: figures computed from the records, staff text with history, the PDF built
once per version of the data, and the public page only once published."""

from __future__ import annotations

from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.core import pdf
from alongside.engagement import answering, queries, report, report_edits, report_pdf, services, themes
from alongside.engagement.models import Answer, Channel, Group, Process, ReportPart, ReportTextRevision
from tests.builders import create_contributor, create_organisation, sign_in
from tests.engagement.helpers import K, create_survey, engager, option_ids, record

pytestmark = pytest.mark.django_db

AREAS = ["Payment", "Reach", "Training"]


def _process(organisation=None, **fields) -> Process:
    organisation = organisation or create_organisation()
    fields.setdefault("title", "Shaping involvement")
    fields.setdefault("summary", "Deciding together what should change.")
    fields.setdefault("published", True)
    process = services.create_process(organisation=organisation, created_by=None, **fields)
    services.add_phase(process, title="Survey", description="")
    services.add_phase(process, title="Events", description="")
    services.set_current_phase(process.phases.get(title="Events"))
    return process


def _survey(process: Process):
    return create_survey(
        process.organisation,
        process=process,
        anonymous=True,
        title="What would help?",
        questions=[
            {"kind": K.CHOOSE_UP_TO, "text": "Which matter most?", "max_choices": 2, "options": AREAS},
            {"kind": K.LONG_TEXT, "text": "What gets in the way?", "required": False},
        ],
    )


def _online(survey, raw: dict, *, may_quote=False):
    questions = queries.questions(survey)
    response = answering.start(survey, group=Group.PUBLIC)
    for question in questions:
        value = answering.clean_answer(question, raw.get(question.position))
        answering.save_answer(response, question, value)
    return answering.submit(response, questions, may_quote=may_quote)


def _dataset():
    """20 online answers and 3 by phone: Payment chosen by 15, Reach by 20, Training by 4 (hidden)."""
    process = _process()
    survey = _survey(process)
    question = survey.questions.get(position=1)
    for n in range(20):
        chosen = ["Reach", "Payment"] if n < 15 else ["Reach", "Training"] if n < 19 else ["Reach"]
        text = "Meetings are in the daytime." if n < 12 else ""
        _online(survey, {1: option_ids(question, *chosen), 2: text}, may_quote=n < 6)
    for n in range(3):
        record(survey, {1: option_ids(question, "Reach"), 2: f"Phone words {n}"}, channel=Channel.PHONE)
    return process, survey


def _section(built, part):
    return built.section(part)


def test_the_survey_section_shows_percentages_of_the_people_who_answered_with_small_numbers_hidden():
    process, survey = _dataset()
    built = report.build(process)
    found = _section(built, ReportPart.SURVEYS).surveys[0]
    assert found.answered.count == 23
    result, chart = found.questions[0]
    by_label = {row.label: row.figures["all"] for row in result.rows}
    assert by_label["Reach"].count == 23 and by_label["Reach"].percent == 100
    assert by_label["Payment"].count == 15 and str(by_label["Payment"].percent) == "65.2"  # 15 of 23
    assert by_label["Training"].hidden  # 4 people: too few to show
    assert chart is not None and "hidden: fewer than 10" in [bar.figure for bar in chart.bars]


def test_channel_counts_hide_a_small_way_and_the_one_that_would_give_it_away():
    process, survey = _dataset()
    row = _section(report.build(process), ReportPart.DONE).taking_part[0]
    assert row.total.count == 23
    # 3 by phone is too few; online (20) is hidden too, or 23 − 20 would show the 3.
    assert row.ways[Channel.PHONE].hidden and row.ways[Channel.ONLINE].hidden
    assert row.ways[Channel.PAPER].count == 0


def test_channel_counts_are_shown_when_every_way_is_large_enough():
    row = report.participation("Survey", "", {Channel.ONLINE: 131, Channel.PAPER: 42, Channel.PHONE: 24})
    assert row.total.count == 197
    assert [row.ways[w].count for w in (Channel.ONLINE, Channel.PHONE, Channel.PAPER)] == [131, 24, 42]


def test_only_quotes_from_people_who_allowed_it_appear_and_never_a_name(client):
    process, survey = _dataset()
    question = survey.questions.get(position=2)
    theme = themes.create_theme(
        question,
        "Timing",
        answer_ids=question.answers.filter(text__startswith="Meetings").values_list("pk", flat=True),
    )
    allowed = Answer.objects.filter(question=question, response__may_quote=True).first()
    themes.mark_quote(allowed)
    # Permission later withdrawn for another chosen quote: it must not appear.
    refused = Answer.objects.filter(question=question, text="Phone words 1").first()
    Answer.objects.filter(pk=refused.pk).update(is_quote=True)
    with pytest.raises(ValidationError):
        themes.mark_quote(refused)
    section = _section(report.build(process), ReportPart.THEMES)
    (themed,) = section.questions
    (line,) = themed.themes
    assert line.name == theme.name and line.figure.count == 12
    assert line.quotes == ["Meetings are in the daytime."]
    assert themed.other_quotes == []
    staff = engager(process.organisation)
    sign_in(client, staff)
    page = client.get(reverse("engagement:staff_report", args=[process.pk])).content.decode()
    assert "Phone words 1" not in page and "“Meetings are in the daytime.”" in page


def test_a_named_respondents_name_never_appears_in_the_report(client):
    process = _process()
    survey = create_survey(
        process.organisation,
        process=process,
        title="Named",
        questions=[{"kind": K.LONG_TEXT, "text": "Tell us", "required": True}],
    )
    person = create_contributor(process.organisation, first_name="Zebedee", last_name="Quill")
    response = record(survey, {1: "Evening meetings please."}, respondent=person, may_quote=True)
    themes.mark_quote(response.answers.get())
    sign_in(client, engager(process.organisation))
    page = client.get(reverse("engagement:staff_report", args=[process.pk])).content.decode()
    assert "Evening meetings please." in page
    assert "Zebedee" not in page and "Quill" not in page


def test_editing_a_section_keeps_every_version(client):
    process = _process()
    staff = engager(process.organisation)
    report_edits.edit_text(process, ReportPart.SUMMARY, "First go.", by=staff)
    report_edits.edit_text(process, ReportPart.SUMMARY, "Second go.", by=staff)
    report_edits.edit_text(process, ReportPart.SUMMARY, "Second go.", by=staff)  # no change, no history
    revisions = ReportTextRevision.objects.filter(text_of__process=process)
    assert list(revisions.values_list("text", flat=True)) == ["Second go.", "First go."]
    assert report.build(process).section(ReportPart.SUMMARY).text == "Second go."

    sign_in(client, staff)
    url = reverse("engagement:staff_report_text", args=[process.pk, ReportPart.NEXT_STEPS])
    answer = client.post(url, {"text": "We will publish the plan in May."})
    assert answer.status_code == 302
    assert "We will publish the plan in May." in client.get(answer.url).content.decode()
    page = client.get(url).content.decode()
    assert "Earlier versions" in page and "We will publish the plan in May." in page


def test_text_that_is_too_long_is_refused_next_to_the_field_and_kept(client):
    process = _process()
    sign_in(client, engager(process.organisation))
    url = reverse("engagement:staff_report_text", args=[process.pk, ReportPart.SUMMARY])
    page = client.post(url, {"text": "x" * 20_001}).content.decode()
    assert "Keep the text under 20,000 characters." in page and "x" * 200 in page
    assert not ReportTextRevision.objects.exists()


def test_the_pdf_is_built_once_per_version_of_the_data():
    process, survey = _dataset()
    render = mock.Mock(wraps=pdf.render)
    with mock.patch.object(report_pdf.pdf, "render", render):
        first = report_pdf.report_pdf(process)
        again = report_pdf.report_pdf(process)
        assert first.content.startswith(b"%PDF") and not first.reused
        assert again.reused and again.content == first.content and render.call_count == 1

        question = survey.questions.get(position=1)
        record(survey, {1: option_ids(question, "Payment")}, channel=Channel.PAPER)
        changed = report_pdf.report_pdf(process)
        assert not changed.reused and changed.content != first.content and render.call_count == 2

        report_edits.edit_text(process, ReportPart.SUMMARY, "A new summary.", by=None)
        assert not report_pdf.report_pdf(process).reused and render.call_count == 3
        assert report_pdf.report_pdf(process).reused and render.call_count == 3


def test_the_pdf_holds_the_figures_and_the_text():
    process, _survey_made = _dataset()
    report_edits.edit_text(process, ReportPart.SUMMARY, "What we heard, in short.", by=None)
    blocks = report_pdf.document_blocks(report.build(process))
    texts = repr(blocks)
    assert "What we heard, in short." in texts
    assert "65.2%" in texts and "hidden: fewer than 10" in texts
    assert any(isinstance(block, pdf.Bars) for block in blocks)


def test_the_public_report_is_shown_only_once_published(client):
    process, _survey_made = _dataset()
    page = reverse("engagement:public_report", args=[process.slug])
    file = reverse("engagement:public_report_pdf", args=[process.slug])
    public_page = reverse("engagement:process", args=[process.slug])
    assert client.get(page).status_code == 404 and client.get(file).status_code == 404
    assert page not in client.get(public_page).content.decode()

    report_edits.publish(process, True, by=None)
    assert client.get(page).status_code == 200
    assert client.get(file)["Content-Type"] == "application/pdf"
    assert page in client.get(public_page).content.decode()

    services.update_process(process, published=False)
    assert client.get(page).status_code == 404
    services.update_process(process, published=True)
    report_edits.publish(process, False, by=None)
    assert client.get(page).status_code == 404


def test_staff_publish_from_the_report_page(client):
    process, _survey_made = _dataset()
    sign_in(client, engager(process.organisation))
    staff_page = reverse("engagement:staff_report", args=[process.pk])
    assert staff_page in client.get(reverse("engagement:staff_process", args=[process.pk])).content.decode()
    client.post(reverse("engagement:staff_report_publish", args=[process.pk]), {"action": "publish"})
    assert queries.report_is_published(process)
    assert reverse("engagement:public_report", args=[process.slug]) in client.get(staff_page).content.decode()


def test_another_organisations_staff_cannot_open_the_report(client):
    process, _survey_made = _dataset()
    sign_in(client, engager(create_organisation()))
    assert client.get(reverse("engagement:staff_report", args=[process.pk])).status_code == 404
    assert client.get(reverse("engagement:staff_report_pdf", args=[process.pk])).status_code == 404


def test_the_public_report_in_welsh_keeps_staff_text_and_translates_the_rest(client):
    process, _survey_made = _dataset()
    report_edits.edit_text(process, ReportPart.SUMMARY, "Our summary.", by=None)
    report_edits.publish(process, True, by=None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(reverse("engagement:public_report", args=[process.slug])).content.decode()
    assert "Our summary." in page
    assert "Crynodeb" in page  # "Summary"


def _queries_for_report(client, process) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("engagement:staff_report", args=[process.pk])).status_code == 200
    return len(captured)


def test_the_report_page_takes_the_same_number_of_queries_whatever_the_numbers(client):
    process, survey = _dataset()
    staff = engager(process.organisation)
    sign_in(client, staff)
    question = survey.questions.get(position=2)
    themes.create_theme(question, "Timing", answer_ids=question.answers.values_list("pk", flat=True))
    small = _queries_for_report(client, process)
    first = survey.questions.get(position=1)
    for n in range(30):
        record(
            survey,
            {1: option_ids(first, "Training"), 2: f"More words {n}"},
            channel=Channel.PAPER,
            may_quote=True,
        )
    for answer in Answer.objects.filter(question=question, text__startswith="More words")[:5]:
        themes.mark_quote(answer)
    themes.create_theme(question, "More", answer_ids=question.answers.values_list("pk", flat=True))
    large = _queries_for_report(client, process)
    assert small == large
    assert large <= 40
