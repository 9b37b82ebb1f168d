"""A draw from a large pool runs in the background: the page shows progress, then the result."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import AccessLog, Role
from alongside.core.models import TaskProgress
from alongside.opportunities import selection, services, tasks
from alongside.opportunities.models import Application, SelectionDraw
from alongside.people.models import EqualityMonitoring
from tests.builders import create_contributor, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import published

TWO_REGIONS = {"places": "2", "quotas": "region, London, 1, 1\nregion, Wales, 1, 1", "seed": "11"}


def _opportunity_with_applicants(regions, org=None):
    org = org or create_organisation()
    opportunity = published(org, places=2)
    for i, region in enumerate(regions):
        contributor = create_contributor(
            org,
            consents=("contact", "equality"),
            email=f"bg{opportunity.pk}-{i}@example.org",
            known_as=f"Applicant {i}",
        )
        contributor.region = region
        contributor.save()
        EqualityMonitoring.objects.create(contributor=contributor, year_of_birth=1970)
        services.apply(opportunity, contributor, why_interested="x")
    return org, opportunity


@pytest.fixture
def large_from_four(monkeypatch):
    monkeypatch.setattr(selection, "BACKGROUND_FROM", 4)


def test_a_large_pool_is_drawn_in_the_background_with_progress_then_the_result(
    client, large_from_four, django_capture_on_commit_callbacks
):
    org, opportunity = _opportunity_with_applicants(["London", "London", "London", "Wales"])
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    url = reverse("opportunities:staff_draw", args=[opportunity.pk])
    assert "worked out in the background" in client.get(url).content.decode()

    response = client.post(url, TWO_REGIONS)  # the task is queued when the request commits
    draw = SelectionDraw.objects.get()
    assert response["Location"] == reverse("opportunities:staff_draw_result", args=[draw.pk])
    assert draw.status == SelectionDraw.Status.WAITING and draw.seed == 11 and len(draw.pool) == 4
    page = client.get(response["Location"]).content.decode()
    assert "The panel is being drawn" in page and "Check again" in page and "draw-progress.js" in page
    assert "Select the drawn applicants" not in page
    refused = client.post(response["Location"], follow=True).content.decode()
    assert "This draw has no panel to select yet" in refused
    assert not Application.objects.filter(status="selected").exists()

    tasks.complete_draw.enqueue(draw.pk)
    draw.refresh_from_db()
    assert draw.status == SelectionDraw.Status.DONE and len(draw.selected) == 2
    assert sorted(draw.probabilities.values()) == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1.0], abs=1e-5)
    progress = TaskProgress.objects.get(owner=staff)
    assert progress.status == TaskProgress.Status.DONE and progress.result_url == response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Check again" not in page and "33.3%" in page and "100%" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    assert set(Application.objects.filter(status="selected").values_list("pk", flat=True)) == set(
        draw.selected
    )


def test_the_background_and_the_immediate_draw_give_the_same_panel_for_the_same_seed(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    org, opportunity = _opportunity_with_applicants(["London", "London", "London", "Wales", "Wales"])
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    url = reverse("opportunities:staff_draw", args=[opportunity.pk])
    client.post(url, TWO_REGIONS)
    monkeypatch.setattr(selection, "BACKGROUND_FROM", 5)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, TWO_REGIONS)
    now, later = SelectionDraw.objects.order_by("pk")
    assert later.pool and not now.pool  # the second was queued
    assert (now.selected, now.probabilities) == (later.selected, later.probabilities)


def test_running_the_task_twice_changes_nothing_the_second_time(client, large_from_four):
    org, opportunity = _opportunity_with_applicants(["London", "London", "London", "Wales"])
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    client.post(reverse("opportunities:staff_draw", args=[opportunity.pk]), TWO_REGIONS)
    draw = SelectionDraw.objects.get()
    assert selection.complete_draw(draw.pk).status == SelectionDraw.Status.DONE
    first = SelectionDraw.objects.values().get()
    progress = TaskProgress.objects.values("status", "done", "total", "updated_at").get()
    assert tasks.complete_draw.enqueue(draw.pk).return_value == "nothing to do"
    assert SelectionDraw.objects.values().get() == first
    assert TaskProgress.objects.values("status", "done", "total", "updated_at").get() == progress


def test_impossible_quotas_in_the_background_end_with_the_reason_and_a_way_back(client, large_from_four):
    org, opportunity = _opportunity_with_applicants(["London", "London", "London", "Wales"])
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    client.post(
        reverse("opportunities:staff_draw", args=[opportunity.pk]),
        {"places": "2", "quotas": "region, Wales, 2, 2"},
    )
    draw = SelectionDraw.objects.get()
    tasks.complete_draw.enqueue(draw.pk)
    draw.refresh_from_db()
    assert draw.status == SelectionDraw.Status.FAILED
    assert "No panel meets every quota" in draw.failure and "Loosen the targets" in draw.failure
    progress = TaskProgress.objects.get(owner=staff)
    assert progress.status == TaskProgress.Status.FAILED and progress.message == draw.failure
    page = client.get(reverse("opportunities:staff_draw_result", args=[draw.pk])).content.decode()
    assert "No panel meets every quota" in page and "Try the draw again" in page
    assert "Check again" not in page


def test_someone_who_withdraws_while_the_draw_waits_is_left_out(client, large_from_four):
    org, opportunity = _opportunity_with_applicants(["London", "London", "London", "Wales"])
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    client.post(reverse("opportunities:staff_draw", args=[opportunity.pk]), {"places": "2", "seed": "3"})
    leaving = Application.objects.order_by("pk").first()
    Application.objects.filter(pk=leaving.pk).update(status=Application.Status.WITHDRAWN)
    draw = selection.complete_draw(SelectionDraw.objects.get().pk)
    assert str(leaving.pk) not in draw.probabilities and len(draw.probabilities) == 3


def test_a_drawn_person_who_withdraws_before_selection_is_not_selected(
    client, django_capture_on_commit_callbacks
):
    org, opportunity = _opportunity_with_applicants(["London", "Wales"])
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    response = client.post(reverse("opportunities:staff_draw", args=[opportunity.pk]), {"places": "2"})
    leaving = Application.objects.order_by("pk").first()
    Application.objects.filter(pk=leaving.pk).update(status=Application.Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(response["Location"], follow=True).content.decode()
    assert "1 drawn applicant is now selected" in page
    assert list(Application.objects.filter(status="selected")) == [Application.objects.order_by("pk").last()]


def test_the_result_page_takes_the_same_queries_at_two_sizes_and_logs_each_person_shown(client):
    org = create_organisation()
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)

    def draw_for(n):
        _org, opportunity = _opportunity_with_applicants(["London"] * n, org=org)
        client.post(reverse("opportunities:staff_draw", args=[opportunity.pk]), {"places": "2"})
        return reverse("opportunities:staff_draw_result", args=[SelectionDraw.objects.latest("pk").pk])

    small, large = draw_for(3), draw_for(55)
    client.get(small)  # the first page view warms the session and membership caches
    with CaptureQueriesContext(connection) as few:
        client.get(small)
    logged = AccessLog.objects.filter(actor=staff, purpose="selection draw").count()
    with CaptureQueriesContext(connection) as many:
        page = client.get(large).content.decode()
    assert len(many) == len(few)
    assert "Page 1 of 2" in page
    # The 50 on the first page, and the two drawn if they are on a later page.
    assert 50 <= AccessLog.objects.filter(actor=staff, purpose="selection draw").count() - logged <= 52


def test_a_draw_waiting_far_too_long_says_the_worker_may_have_stopped(client, large_from_four):
    org, opportunity = _opportunity_with_applicants(["London", "London", "London", "Wales"])
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        response = client.post(reverse("opportunities:staff_draw", args=[opportunity.pk]), {"places": "2"})
        assert "may have stopped" not in client.get(response["Location"]).content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, 16, tzinfo=datetime.UTC), tick=False):
        page = client.get(response["Location"]).content.decode()
    assert "the background worker may have stopped" in page and "Start the draw again" in page
