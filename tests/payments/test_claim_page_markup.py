"""The staff claim page: its change, refuse and reverse forms each have their own fields (review D14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from alongside.payments.models import Claim
from tests.builders import sign_in
from tests.markup import markup_problems

from .helpers import TODAY, submitted_claim


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_a_claim_waiting_to_be_checked_has_one_reason_box_per_form_and_each_works(client, team):
    claim = submitted_claim(team)
    sign_in(client, team.checker)
    page = client.get(reverse("payments:staff_claim", args=[claim.pk])).content.decode()
    assert markup_problems(page) == []
    assert 'id="id_adjust-reason"' in page and 'id="id_reject-reason"' in page
    assert page.count('for="id_adjust-reason"') == 1 and page.count('for="id_reject-reason"') == 1

    line = claim.lines.get()
    client.post(
        reverse("payments:staff_claim_action", args=[claim.pk, "adjust"]),
        {"adjust-target": f"line:{line.pk}", "adjust-new_amount": "20.00", "adjust-reason": "Shorter"},
    )
    line.refresh_from_db()
    assert line.fee == Decimal("20.00")
    other = submitted_claim(team)
    client.post(
        reverse("payments:staff_claim_action", args=[other.pk, "reject"]), {"reject-reason": "Not ours"}
    )
    other.refresh_from_db()
    assert other.status == Claim.Status.REJECTED and other.rejected_reason == "Not ours"
