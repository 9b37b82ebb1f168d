"""Staff write projects and opportunities, scoped to their organisation, with clear errors."""

from __future__ import annotations

from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities.models import Activity, Opportunity, Project
from tests.builders import create_opportunity, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import future, valid_form_data


def _researcher(client):
    org = create_organisation()
    user = create_staff(org, Role.RESEARCHER)
    sign_in(client, user)
    return org, user


def test_a_researcher_creates_edits_and_deletes_a_project(client):
    org, user = _researcher(client)
    response = client.post(
        reverse("opportunities:staff_project_new"),
        {"organisation": org.pk, "title": "Better sleep", "summary": "", "stage": "funded"},
    )
    assert response.status_code == 302
    project = Project.objects.get(title="Better sleep")
    assert project.lead == user and project.organisation == org
    client.post(
        reverse("opportunities:staff_project_edit", args=[project.pk]),
        {"organisation": org.pk, "title": "Better sleep for all", "summary": "", "stage": "funded"},
    )
    project.refresh_from_db()
    assert project.title == "Better sleep for all"
    assert "Better sleep for all" in client.get(reverse("opportunities:staff_projects")).content.decode()
    client.post(reverse("opportunities:staff_project_delete", args=[project.pk]))
    assert not Project.objects.filter(pk=project.pk).exists()


def test_another_organisations_project_and_opportunity_are_404(client):
    _researcher(client)
    other = create_organisation()
    project = Project.objects.create(organisation=other, title="Theirs")
    opportunity = create_opportunity(other, status=Opportunity.Status.DRAFT)
    assert client.get(reverse("opportunities:staff_project_edit", args=[project.pk])).status_code == 404
    assert client.get(reverse("opportunities:staff_detail", args=[opportunity.pk])).status_code == 404
    assert client.get(reverse("opportunities:staff_edit", args=[opportunity.pk])).status_code == 404
    assert client.get(reverse("opportunities:staff_applicants", args=[opportunity.pk])).status_code == 404


def test_a_member_of_the_public_cannot_open_staff_pages(client):
    from tests.builders import create_user

    sign_in(client, create_user())
    assert client.get(reverse("opportunities:staff_list")).status_code == 403


def test_a_researcher_writes_an_opportunity_as_a_draft(client):
    org, user = _researcher(client)
    response = client.post(reverse("opportunities:staff_new"), valid_form_data(org))
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert opportunity.status == Opportunity.Status.DRAFT
    assert opportunity.created_by == user and opportunity.organisation == org
    assert opportunity.slug.startswith("help-us-plan-a-study-about-sleep-")
    page = client.get(reverse("opportunities:staff_detail", args=[opportunity.pk])).content.decode()
    assert "Plain-language check" in page


def test_bad_dates_and_places_are_explained_next_to_the_field_and_nothing_is_lost(client):
    org, _user = _researcher(client)
    data = valid_form_data(
        org,
        opens_on=future(20).isoformat(),
        closes_on=future(10).isoformat(),
        places="-2",
        title="My carefully typed title",
    )
    response = client.post(reverse("opportunities:staff_new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The closing date must be on or after the date applications open." in page
    assert "Places must be 1 or more" in page
    assert 'value="My carefully typed title"' in page
    assert "There is a problem" in page
    assert not Opportunity.objects.exists()

    page = client.post(
        reverse("opportunities:staff_new"), valid_form_data(org, closes_on="")
    ).content.decode()
    assert "Enter a closing date." in page

    past = valid_form_data(org, closes_on=future(-3).isoformat())
    page = client.post(reverse("opportunities:staff_new"), past).content.decode()
    assert "The date must be today or in the future." in page


def test_a_researchers_change_to_a_published_opportunity_goes_back_for_review(client):
    org, _user = _researcher(client)
    opportunity = create_opportunity(org, closes_on=future(10))
    client.post(
        reverse("opportunities:staff_edit", args=[opportunity.pk]), valid_form_data(org, title="New words")
    )
    opportunity.refresh_from_db()
    assert opportunity.title == "New words"
    assert opportunity.status == Opportunity.Status.DRAFT


def test_sessions_are_added_and_a_past_start_is_refused(client):
    org, _user = _researcher(client)
    opportunity = create_opportunity(org, status=Opportunity.Status.DRAFT)
    url = reverse("opportunities:staff_session_new", args=[opportunity.pk])
    data = {"title": "Workshop", "activity_type": "workshop", "duration_minutes": "120", "format": "online"}
    page = client.post(url, {**data, "starts_at": "2020-01-01T10:00"}).content.decode()
    assert "The session must start in the future." in page
    assert 'value="Workshop"' in page
    response = client.post(url, {**data, "starts_at": f"{future(15).isoformat()}T10:00"})
    assert response.status_code == 302
    assert Activity.objects.get(opportunity=opportunity).duration_minutes == 120
    page = client.post(url, {**data, "duration_minutes": "0", "starts_at": ""}).content.decode()
    assert "The length must be at least 1 minute." in page
