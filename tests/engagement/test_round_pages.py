"""Voting online, keying in paper and phone ballots, results pages and exports, and actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.engagement import actions, prioritisation
from alongside.engagement.models import Action, Ballot, Channel, Group, Round
from tests.builders import create_staff, sign_in
from tests.engagement.ideas_helpers import create_idea, create_round, create_topic, participant, rank

pytestmark = pytest.mark.django_db
M = Round.Method


def _round(method=M.RANKING, **fields):
    topic = create_topic()
    ideas = [create_idea(topic, title=t) for t in ("Pay fast", "Evening meetings", "Large print")]
    return create_round(topic.process, ideas, method=method, **fields), ideas


def _vote_url(round_):
    return reverse("engagement:round_vote", args=[round_.process.slug, round_.pk])


def test_a_ranking_with_a_repeat_is_shown_next_to_the_places_and_keeps_what_was_typed(client):
    round_, (a, b, c) = _round()
    sign_in(client, participant().user)
    response = client.post(
        _vote_url(round_), {"group": Group.PUBLIC, f"idea_{a.pk}": 1, f"idea_{b.pk}": 1, f"idea_{c.pk}": 3}
    )
    page = response.content.decode()
    assert "used twice" in page
    assert f'href="#id_idea_{b.pk}"' in page  # the first place box: ideas are listed by title
    assert 'value="3"' in page
    assert not Ballot.objects.exists()


def test_a_participant_votes_once_online(client):
    round_, (a, b, c) = _round()
    sam = participant()
    sign_in(client, sam.user)
    form = {"group": Group.PUBLIC, f"idea_{a.pk}": 2, f"idea_{b.pk}": 1, f"idea_{c.pk}": 3}
    assert client.post(_vote_url(round_), form).status_code == 302
    again = client.get(_vote_url(round_)).content.decode()
    assert "You have voted in this round" in again
    client.post(_vote_url(round_), form)
    assert Ballot.objects.get().channel == Channel.ONLINE


def test_dots_over_the_budget_are_refused_on_the_page(client):
    round_, (a, b, _c) = _round(method=M.DOTS, dots=3)
    sign_in(client, participant().user)
    response = client.post(_vote_url(round_), {"group": Group.PUBLIC, f"idea_{a.pk}": 2, f"idea_{b.pk}": 2})
    assert "You placed 4 dots; you have 3." in response.content.decode()


def test_a_closed_round_refuses_votes_on_the_page(client):
    round_, ideas = _round(method=M.TOP_N, choose=1)
    prioritisation.close_round(round_)
    sign_in(client, participant().user)
    response = client.post(_vote_url(round_), {"group": Group.PUBLIC, "choices": [ideas[0].pk]})
    assert "This round is closed" in response.content.decode()
    assert not Ballot.objects.exists()


def test_staff_key_in_a_phone_ballot_and_a_second_one_is_refused_by_reference(client):
    round_, (a, b, c) = _round(method=M.JLA)
    staff = create_staff(round_.process.organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    jo = participant()
    url = reverse("engagement:staff_round_key_in", args=[round_.pk])
    form = {
        "reference": jo.reference,
        "channel": Channel.PHONE,
        "group": Group.RESEARCHER,
        f"idea_{a.pk}": 1,
        f"idea_{b.pk}": 2,
        f"idea_{c.pk}": 3,
    }
    assert client.post(url, form).status_code == 302
    ballot = Ballot.objects.get()
    assert (ballot.channel, ballot.keyed_by, ballot.group) == (Channel.PHONE, staff, Group.RESEARCHER)
    response = client.post(url, form)
    assert "has already voted" in response.content.decode()


def test_results_page_csv_and_an_action_made_from_the_top_idea(client):
    round_, (a, b, c) = _round(method=M.JLA)
    rank(round_, participant(), [b, a, c], group=Group.PUBLIC)
    rank(round_, participant(), [b, c, a], group=Group.STAFF)
    staff = create_staff(round_.process.organisation, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    page = client.get(reverse("engagement:staff_round", args=[round_.pk])).content.decode()
    assert page.index("Evening meetings") < page.index("Pay fast")
    csv = client.get(reverse("engagement:staff_round_csv", args=[round_.pk])).content.decode()
    assert csv.splitlines()[1].startswith("1,Evening meetings")
    process = round_.process
    area = actions.add_area(process, name="Reaching people")
    new = reverse("engagement:staff_action_new", args=[process.pk])
    form = client.get(new, {"round": round_.pk, "idea": b.pk, "place": 1}).content.decode()
    assert 'value="Evening meetings"' in form
    client.post(
        new,
        {
            "round": round_.pk,
            "place": 1,
            "area": area.pk,
            "title": "Hold evening meetings",
            "ideas": [b.pk],
            "status": Action.Status.AGREED,
            "owner_name": "Events team",
        },
    )
    action = Action.objects.get()
    assert (action.round, action.place, list(action.ideas.all())) == (round_, 1, [b])
    listing = client.get(reverse("engagement:staff_actions", args=[process.pk])).content.decode()
    assert "Hold evening meetings" in listing and "Reaching people" in listing
    exported = client.get(reverse("engagement:staff_actions_csv", args=[process.pk])).content.decode()
    assert "Reaching people,Hold evening meetings" in exported


def test_a_duplicate_area_name_is_refused_next_to_the_field(client):
    round_, _ideas = _round()
    process = round_.process
    actions.add_area(process, name="Payments")
    sign_in(client, create_staff(process.organisation, Role.INVOLVEMENT_STAFF))
    response = client.post(reverse("engagement:staff_actions", args=[process.pk]), {"name": "payments"})
    assert "already has an area with this name" in response.content.decode()


def test_staff_set_up_a_round_and_a_missing_setting_is_shown(client):
    topic = create_topic()
    ideas = [create_idea(topic, title=t) for t in ("A", "B")]
    sign_in(client, create_staff(topic.process.organisation, Role.INVOLVEMENT_STAFF))
    url = reverse("engagement:staff_round_new", args=[topic.process.pk])
    response = client.post(url, {"title": "First round", "method": M.TOP_N, "ideas": [i.pk for i in ideas]})
    assert "Say how many ideas each person chooses." in response.content.decode()
    client.post(url, {"title": "First round", "method": M.TOP_N, "choose": 1, "ideas": [i.pk for i in ideas]})
    assert Round.objects.get().ideas.count() == 2
