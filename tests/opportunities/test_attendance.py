"""Activities and attendance: contributions recorded for selected people, visible in their account."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities import services
from alongside.opportunities.models import Contribution
from tests.builders import create_contributor, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import applied, contributor_with_login, future, published, session


def test_bulk_attendance_records_a_contribution_per_person(client):
    org = create_organisation()
    o = published(org)
    s = session(o, minutes=90, days=-1)
    selected = [
        applied(o, create_contributor(org, email=f"s{i}@example.org"), status="selected") for i in range(3)
    ]
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    url = reverse("opportunities:staff_attendance", args=[s.pk])
    page = client.get(url).content.decode()
    assert all(a.contributor.reference in page for a in selected)
    data = {
        f"took_part_{selected[0].contributor_id}": "on",
        f"minutes_{selected[0].contributor_id}": "90",
        f"took_part_{selected[1].contributor_id}": "on",
        f"minutes_{selected[1].contributor_id}": "45",
        f"minutes_{selected[2].contributor_id}": "90",
    }
    assert client.post(url, data).status_code == 302
    rows = {c.contributor_id: c for c in Contribution.objects.all()}
    assert set(rows) == {selected[0].contributor_id, selected[1].contributor_id}
    assert rows[selected[1].contributor_id].minutes == 45
    assert (
        rows[selected[0].contributor_id].organisation == org
        and rows[selected[0].contributor_id].opportunity == o
    )
    assert rows[selected[0].contributor_id].recorded_by == staff
    # Entering it again corrects, never doubles.
    client.post(url, {**data, f"minutes_{selected[1].contributor_id}": "60"})
    assert Contribution.objects.count() == 2
    assert Contribution.objects.get(contributor_id=selected[1].contributor_id).minutes == 60


def test_attendance_for_someone_not_selected_is_a_clear_error_and_nothing_is_saved(client):
    org = create_organisation()
    o = published(org)
    s = session(o, days=-1)
    chosen = applied(o, create_contributor(org, email="c@example.org"), status="selected")
    not_chosen = applied(o, create_contributor(org, email="n@example.org"), status="not_selected")
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    with pytest.raises(ValidationError, match="was not selected"):
        services.record_attendance(s, [(chosen.contributor, 60), (not_chosen.contributor, 60)], by=staff)
    assert not Contribution.objects.exists()
    sign_in(client, staff)
    page = client.post(
        reverse("opportunities:staff_attendance", args=[s.pk]),
        {
            f"took_part_{chosen.contributor_id}": "on",
            f"minutes_{chosen.contributor_id}": "60",
            "reference": not_chosen.contributor.reference,
            "extra_minutes": "30",
        },
    ).content.decode()
    assert "was not selected for this opportunity" in page
    assert not_chosen.contributor.reference in page  # what was typed is kept
    assert not Contribution.objects.exists()


def test_minutes_must_be_a_positive_whole_number(client):
    org = create_organisation()
    o = published(org)
    s = session(o, days=-1)
    chosen = applied(o, create_contributor(org, email="c@example.org"), status="selected")
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    page = client.post(
        reverse("opportunities:staff_attendance", args=[s.pk]),
        {f"took_part_{chosen.contributor_id}": "on", f"minutes_{chosen.contributor_id}": "-5"},
    ).content.decode()
    assert "Enter how many minutes" in page and 'value="-5"' in page
    assert not Contribution.objects.exists()


def test_another_organisations_session_is_404(client):
    o = published(create_organisation())
    s = session(o)
    sign_in(client, create_staff(create_organisation(), Role.INVOLVEMENT_STAFF))
    assert client.get(reverse("opportunities:staff_attendance", args=[s.pk])).status_code == 404


def test_a_contributor_sees_their_applications_and_contributions_in_their_account(client):
    org = create_organisation()
    o = published(org, title="Dementia research panel")
    contributor, user = contributor_with_login(org)
    application = applied(o, contributor, status="selected")
    s = session(o, title="Kick-off meeting", days=-2)
    services.record_attendance(s, [(contributor, 75)], by=None)
    sign_in(client, user)
    home = client.get(reverse("accounts:home")).content.decode()
    assert reverse("opportunities:involvement") in home
    page = client.get(reverse("opportunities:involvement")).content.decode()
    assert "Dementia research panel" in page and application.get_status_display() in page
    assert "Kick-off meeting" in page and "75 minutes" in page


def test_attendance_for_a_session_that_has_not_happened_is_refused_with_a_clear_message(client):
    org = create_organisation()
    o = published(org)
    upcoming = session(o, days=14)
    chosen = applied(o, create_contributor(org, email="c@example.org"), status="selected")
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    with pytest.raises(ValidationError, match="has not happened yet"):
        services.record_attendance(upcoming, [(chosen.contributor, 60)], by=staff)
    past = session(o, days=-1)
    with pytest.raises(ValidationError, match="in the future"):
        services.record_attendance(past, [(chosen.contributor, 60)], by=staff, on=future(3))
    sign_in(client, staff)
    url = reverse("opportunities:staff_attendance", args=[upcoming.pk])
    assert "has not happened yet" in client.get(url).content.decode()
    page = client.post(
        url, {f"took_part_{chosen.contributor_id}": "on", f"minutes_{chosen.contributor_id}": "60"}
    ).content.decode()
    assert "has not happened yet" in page
    assert not Contribution.objects.exists()
    detail = client.get(reverse("opportunities:staff_detail", args=[o.pk])).content.decode()
    assert reverse("opportunities:staff_attendance", args=[past.pk]) in detail
    assert reverse("opportunities:staff_attendance", args=[upcoming.pk]) not in detail
