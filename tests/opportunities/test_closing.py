"""Closing an opportunity: one confirmation step, and its address then says it has closed (review D16)."""

from __future__ import annotations

from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities.models import Opportunity
from tests.builders import create_organisation, create_staff, sign_in
from tests.opportunities.helpers import applied, published, topic


def test_close_asks_first_and_acts_only_when_confirmed(client):
    org = create_organisation()
    opportunity = published(org, title="Help us plan a sleep study")
    applied(opportunity)
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    detail = client.get(reverse("opportunities:staff_detail", args=[opportunity.pk])).content.decode()
    close_url = reverse("opportunities:staff_close", args=[opportunity.pk])
    assert f'href="{close_url}"' in detail  # a link to the question, not a button that acts

    page = client.get(close_url).content.decode()
    assert "Close this opportunity?" in page and "1 person who applied" in page
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED

    assert client.post(close_url).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CLOSED
    # Nothing left to close: the question is not asked again.
    assert client.get(close_url).status_code == 302


def test_a_closed_opportunitys_address_says_it_has_closed_and_offers_similar_open_ones(client):
    org = create_organisation()
    sleep = topic("Sleep")
    closed = published(org, title="Help us plan a sleep study", status=Opportunity.Status.CLOSED)
    closed.topics.add(sleep)
    similar = published(org, title="Tell us about your nights")
    similar.topics.add(sleep)
    published(org, title="Something else entirely")
    published(org, title="A draft about sleep", status=Opportunity.Status.DRAFT).topics.add(sleep)

    response = client.get(reverse("opportunities:detail", args=[closed.slug]))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This opportunity has closed" in page and "Help us plan a sleep study" in page
    assert page.index("Tell us about your nights") < page.index("Something else entirely")
    assert "A draft about sleep" not in page
    assert reverse("opportunities:list") in page
    # An address that never was an opportunity is still "not found".
    assert client.get(reverse("opportunities:detail", args=["no-such-thing"])).status_code == 404


def test_national_admins_are_not_offered_close_and_cannot_close(client):
    org = create_organisation()
    opportunity = published(org)
    national = create_staff(create_organisation(name="National"), Role.NATIONAL_ADMIN)
    sign_in(client, national)
    detail = client.get(reverse("opportunities:staff_detail", args=[opportunity.pk])).content.decode()
    close_url = reverse("opportunities:staff_close", args=[opportunity.pk])
    assert close_url not in detail
    assert client.post(close_url).status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
