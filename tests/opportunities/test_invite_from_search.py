"""Family: inviting people to an opportunity starts from the registry search, never from references.

The opportunity's "Invite people" page used to ask for references the search never shows, and
answered "not found or not open to invitations" for a reference, which told anyone whether it
existed. Now it leads to a search set up from the opportunity, and people are chosen from the
results with the search's opaque token.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from django.core import mail
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities.models import MatchNotice, Opportunity
from alongside.people.models import Topic
from tests.builders import create_opportunity, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import future, published
from tests.people.registry import findable_crowd, search_token


def _opportunity(org, **fields) -> Opportunity:
    opportunity = published(org, title="Sleep study panel", **fields)
    opportunity.topics.add(Topic.objects.get(name="Dementia care"))
    return opportunity


def test_the_invite_page_leads_to_a_search_set_up_from_the_opportunity(client):
    org = create_organisation()
    opportunity = _opportunity(org, format="in_person", region="Wales", support_offered=["step_free"])
    sign_in(client, create_staff(org, Role.RESEARCHER))
    response = client.get(reverse("opportunities:staff_invite", args=[opportunity.pk]))
    assert response.status_code == 302
    url = urlparse(response["Location"])
    assert url.path == reverse("people:search")
    assert parse_qs(url.query) == {
        "for": [f"opportunity:{opportunity.pk}"],
        "topics": [str(Topic.objects.get(name="Dementia care").pk)],
        "modes": ["in_person"],
        "regions": ["Wales"],
        "limit_support": ["on"],
        "support_offered": ["step_free"],
    }
    page = client.get(response["Location"]).content.decode()
    assert "You are finding people to invite. <strong>Opportunity: Sleep study panel</strong>" in page
    assert "reference" not in page.lower()


def test_a_researcher_invites_people_to_the_opportunity_from_the_results_and_nobody_twice(
    client, django_capture_on_commit_callbacks
):
    org = create_organisation()
    opportunity = _opportunity(org, format="online")
    findable_crowd(create_organisation(), 40, interest=Topic.objects.get(name="Dementia care"))
    sign_in(client, create_staff(org, Role.RESEARCHER))
    preset = client.get(reverse("opportunities:staff_invite", args=[opportunity.pk]))["Location"]
    search_page = client.get(preset).content.decode()
    assert f'<option value="opportunity:{opportunity.pk}" selected>' in search_page
    token = search_token(client, parse_qs(urlparse(preset).query))
    invite = reverse("people:invite", args=[token])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(invite, {"target": f"opportunity:{opportunity.pk}", "number": 10})
        assert response.status_code == 302
        assert response["Location"] == reverse("opportunities:staff_detail", args=[opportunity.pk])
    notices = MatchNotice.objects.filter(opportunity=opportunity, kind=MatchNotice.Kind.INVITATION)
    assert notices.count() == 20 and notices.values("contributor").distinct().count() == 20
    assert len(mail.outbox) == 20 and len({m.to[0] for m in mail.outbox}) == 20


def test_asking_for_more_people_than_the_search_can_safely_give_is_explained(client):
    org = create_organisation()
    opportunity = _opportunity(org, format="online")
    findable_crowd(create_organisation(), 25, interest=Topic.objects.get(name="Dementia care"))
    sign_in(client, create_staff(org, Role.RESEARCHER))
    token = search_token(client, {"topics": Topic.objects.get(name="Dementia care").pk})
    page = client.post(
        reverse("people:invite", args=[token]), {"target": f"opportunity:{opportunity.pk}", "number": 50}
    ).content.decode()
    assert "You can invite up to 11 people from this search to this." in page or (
        "You can invite up to 21 people from this search to this." in page
    )
    assert not MatchNotice.objects.exists()


def test_an_opportunity_that_is_not_open_cannot_be_invited_to(client):
    org = create_organisation()
    draft = create_opportunity(org, status=Opportunity.Status.DRAFT, closes_on=future(10))
    closed = published(org, closes_on=future(-1))
    findable_crowd(create_organisation(), 30)
    sign_in(client, create_staff(org, Role.RESEARCHER))
    for opportunity in (draft, closed):
        response = client.get(reverse("opportunities:staff_invite", args=[opportunity.pk]), follow=True)
        assert "only while the opportunity is published and open" in response.content.decode()
    token = search_token(client, {"regions": "North West"})
    page = client.post(
        reverse("people:invite", args=[token]), {"target": f"opportunity:{draft.pk}", "number": 5}
    ).content.decode()
    assert "Select a valid choice" in page and not MatchNotice.objects.exists()


def test_another_organisations_opportunity_is_not_offered_and_cannot_be_posted(client):
    mine, theirs = create_organisation(), create_organisation()
    other = _opportunity(theirs)
    findable_crowd(create_organisation(), 30)
    sign_in(client, create_staff(mine, Role.RESEARCHER))
    assert client.get(reverse("opportunities:staff_invite", args=[other.pk])).status_code == 404
    token = search_token(client, {"regions": "North West"})
    page = client.post(
        reverse("people:invite", args=[token]), {"target": f"opportunity:{other.pk}", "number": 5}
    ).content.decode()
    assert "Sleep study panel" not in page and not MatchNotice.objects.exists()
