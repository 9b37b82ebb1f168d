"""The demo's national process runs end to end, and its engagement report reads well on it."""

from __future__ import annotations

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.engagement import report, report_pdf
from alongside.engagement.demo import TITLE
from alongside.engagement.models import EventStatus, Process, ReportPart, ReportTextRevision, Round
from tests.builders import sign_in
from tests.core.test_demo import LOADED_ON

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(LOADED_ON, tick=True):
        call_command("load_demo", quiet=True)
        yield Process.objects.get(title=TITLE)


def test_the_national_process_tells_one_story_from_survey_to_actions(process, client):
    now = timezone.now()
    assert process.phases.get(state="current").title == "Action planning"
    (survey,) = process.surveys.all()
    assert survey.status == "closed" and survey.responses.filter(state="submitted").count() > 150
    held = process.events.filter(starts_at__lt=now).exclude(status=EventStatus.CANCELLED)
    assert held.count() == 3
    for event in held:
        assert 110 <= event.registrations.count() <= 130
        assert event.registrations.filter(attended=True).exists()
        assert event.rounds.filter(groups__isnull=False).exists()
    # One set of topics: the five areas asked about in the survey carry through to the ideas.
    assert process.topics.count() == 5
    assert process.ideas.filter(event__in=held).values("event").distinct().count() >= 2
    closed = process.rounds.get(status=Round.Status.CLOSED)
    assert closed.method == Round.Method.JLA and closed.ballots.count() > 20
    assert process.actions.count() == 16
    assert process.improvement_areas.filter(actions__isnull=False).distinct().count() == 5

    built = report.build(process)
    assert built.section(ReportPart.SUMMARY).text.startswith("Over five months")
    assert ReportTextRevision.objects.filter(text_of__process=process, text_of__part="summary").count() == 2
    done = built.section(ReportPart.DONE)
    assert len(done.events) >= 3 and len(done.taking_part) >= 5
    assert built.section(ReportPart.ACTIONS).count == 16

    page = client.get(reverse("engagement:public_report", args=[process.slug]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "What we heard and what will change" in text and "Pay every contributor" in text
    pdf = client.get(reverse("engagement:public_report_pdf", args=[process.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert report_pdf.report_pdf(process).reused

    sign_in(client, User.objects.get(email="national@national.example"))
    staff_page = client.get(reverse("engagement:staff_report", args=[process.pk])).content.decode()
    assert "Edit the text" in staff_page and "Take the report off the public page" in staff_page
