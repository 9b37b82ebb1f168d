"""End to end: find → apply → selected → attendance → visible in the account; and the same for a
person with no login, through staff."""

from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.opportunities.models import Activity, Application, Contribution, Opportunity
from tests.builders import create_contributor, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import contributor_with_login, future, valid_form_data


def _publish_through_staff(client, org) -> Opportunity:
    researcher = create_staff(org, Role.RESEARCHER)
    reviewer = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, researcher)
    client.post(
        reverse("opportunities:staff_new"),
        valid_form_data(
            org, title="Help us improve hospital discharge", summary="Tell us what leaving hospital was like."
        ),
    )
    opportunity = Opportunity.objects.get()
    client.post(
        reverse("opportunities:staff_session_new", args=[opportunity.pk]),
        {
            "title": "Online workshop",
            "activity_type": "workshop",
            "starts_at": f"{future(40).isoformat()}T18:00",
            "duration_minutes": "120",
            "format": "online",
        },
    )
    client.post(reverse("opportunities:staff_submit", args=[opportunity.pk]))
    client.logout()
    sign_in(client, reviewer)
    client.post(
        reverse("opportunities:staff_review", args=[opportunity.pk]), {"decision": "approve", "comment": ""}
    )
    client.logout()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    return opportunity


def _has_taken_place(session: Activity) -> None:
    """The weeks pass: the workshop (planned 40 days ahead) has now happened."""
    Activity.objects.filter(pk=session.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3))


def test_a_new_user_finds_applies_is_selected_attends_and_sees_it_in_their_account(
    client, django_capture_on_commit_callbacks
):
    org = create_organisation()
    opportunity = _publish_through_staff(client, org)
    session = Activity.objects.get(opportunity=opportunity)

    listing = client.get(reverse("opportunities:list"), {"q": "discharge"}).content.decode()
    assert opportunity.get_absolute_url() in listing
    assert "Apply" in client.get(opportunity.get_absolute_url()).content.decode()

    contributor, user = contributor_with_login(org)
    sign_in(client, user)
    client.post(
        reverse("opportunities:apply", args=[opportunity.slug]),
        {"why_interested": "I was in hospital last year"},
    )
    application = Application.objects.get(contributor=contributor)
    client.logout()

    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opportunities:staff_application", args=[application.pk]), {"status": "selected"})
    assert mail.outbox[-1].to == [contributor.email] and "selected" in mail.outbox[-1].body
    _has_taken_place(session)
    client.post(
        reverse("opportunities:staff_attendance", args=[session.pk]),
        {f"took_part_{contributor.pk}": "on", f"minutes_{contributor.pk}": "120"},
    )
    assert Contribution.objects.get(contributor=contributor).minutes == 120
    client.logout()

    sign_in(client, user)
    page = client.get(reverse("opportunities:involvement")).content.decode()
    assert "Help us improve hospital discharge" in page and "Selected" in page and "120 minutes" in page


def test_the_same_flow_works_for_a_person_with_no_login_through_staff(
    client, django_capture_on_commit_callbacks
):
    org = create_organisation()
    opportunity = _publish_through_staff(client, org)
    session = Activity.objects.get(opportunity=opportunity)
    offline = create_contributor(
        org, landline="01632 960004", preferred_channels=["letter"], known_as="Dilys"
    )
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    client.post(
        reverse("opportunities:staff_record_application", args=[opportunity.pk]),
        {"reference": offline.reference, "how": "paper", "why_interested": "Wrote to us"},
    )
    application = Application.objects.get(contributor=offline)
    assert application.how == "paper"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opportunities:staff_application", args=[application.pk]), {"status": "selected"})
    assert mail.outbox == []
    assert (
        "Dilys"
        in client.get(reverse("opportunities:staff_applicants", args=[opportunity.pk])).content.decode()
    )
    _has_taken_place(session)
    client.post(
        reverse("opportunities:staff_attendance", args=[session.pk]),
        {f"took_part_{offline.pk}": "on", f"minutes_{offline.pk}": "120"},
    )
    assert Contribution.objects.get(contributor=offline).minutes == 120
