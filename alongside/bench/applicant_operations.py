"""The staff applicant list of a busy opportunity, at two sizes, to show its cost does not grow.

The generated data spreads applications thinly (about 15 an opportunity), so these operations add,
once, a closed opportunity with 1,000 and one with 10,000 applicants from the generated people (their
real equality answers and lived experience) in the busiest organisation. Later runs find them.
Both pages must take the same number of queries; the figure at 10,000 has a target of 100 ms.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.bench.operations import Operation
from alongside.opportunities.models import Application, Opportunity
from alongside.people.models import Contributor

STATUSES = ("received", "received", "shortlisted", "not_selected", "withdrawn")
WRITE_CHUNK = 2_000


def busy_opportunity(organisation_id: int, size: int) -> Opportunity:
    """The bench's closed opportunity with ``size`` applicants (as many as there are people, if fewer)."""
    slug = f"bench-busy-{size}"
    opportunity = Opportunity.objects.filter(slug=slug).first()
    if opportunity is None:
        opportunity = Opportunity.objects.create(
            organisation_id=organisation_id,
            slug=slug,
            title=f"Help us shape a national study ({size:,} applicants)",
            summary="A busy opportunity for the benchmarks: many people applied.",
            status=Opportunity.Status.CLOSED,
        )
    have = opportunity.applications.count()
    if have < size:
        taken = opportunity.applications.values("contributor_id")
        people = list(
            Contributor.objects.filter(erased_at__isnull=True)
            .exclude(pk__in=taken)
            .order_by("pk")
            .values_list("pk", flat=True)[: size - have]
        )
        start = timezone.now() - datetime.timedelta(days=30)
        step = datetime.timedelta(days=30) / max(len(people), 1)
        for at in range(0, len(people), WRITE_CHUNK):
            Application.objects.bulk_create(
                Application(
                    opportunity=opportunity,
                    contributor_id=pk,
                    why_interested="I have lived with this condition for years and want to help.",
                    status=STATUSES[(at + k) % len(STATUSES)],
                    created_at=start + step * (have + at + k),
                )
                for k, pk in enumerate(people[at : at + WRITE_CHUNK])
            )
    return opportunity


def applicant_list_at(f, size: int):
    """``page: applicant list (N applicants)``; the data is added at the operation's first run."""
    organisation_id = f.opportunity.organisation_id
    staff = f.staff(Role.INVOLVEMENT_STAFF, organisation_id)
    if staff is None:
        return None, f"applicant list at {size:,}: no involvement staff in the busiest organisation"
    client = f.client_for(staff)
    state: dict[str, str] = {}

    def setup():
        opportunity = busy_opportunity(organisation_id, size)
        state["url"] = reverse("opportunities:staff_applicants", args=[opportunity.pk])

    def run():
        response = client.get(state["url"])
        if response.status_code != 200:
            raise RuntimeError(f"{state['url']} answered {response.status_code}")
        return response

    name = f"page: applicant list ({size:,} applicants)"
    # It writes an access-log line per person shown, so it runs in a rolled-back transaction.
    return Operation(name, run, None, kind="job", setup=setup), None
