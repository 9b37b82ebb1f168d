"""After saving, the message says what happens next for the opportunity as it now stands (review D19)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities.models import Opportunity
from tests.builders import create_organisation, create_staff, sign_in
from tests.opportunities.helpers import published, valid_form_data


@pytest.mark.parametrize(
    ("status", "role", "said", "not_said"),
    [
        ("draft", Role.RESEARCHER, "then send it for review", "still waiting for review"),
        ("in_review", Role.RESEARCHER, "still waiting for review", "send it for review"),
        ("published", Role.RESEARCHER, "send it for review again", "still waiting"),
        ("published", Role.INVOLVEMENT_STAFF, "The public page shows the change", "send it for review"),
    ],
)
def test_the_saved_message_matches_the_state(client, status, role, said, not_said):
    org = create_organisation()
    opportunity = published(org, status=status)
    sign_in(client, create_staff(org, role))
    page = client.post(
        reverse("opportunities:staff_edit", args=[opportunity.pk]),
        valid_form_data(org, title="Help us plan a sleep study"),
        follow=True,
    ).content.decode()
    assert said in page and not_said not in page
    opportunity.refresh_from_db()
    assert opportunity.title == "Help us plan a sleep study"
    if status == "in_review":
        assert opportunity.status == Opportunity.Status.IN_REVIEW
