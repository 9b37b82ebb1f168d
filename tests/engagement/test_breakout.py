"""Breakout groups: the allocation rules over many random cases, the too-few-facilitators error,
moving people by hand, and the printable group lists."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.engagement import breakout, events
from alongside.engagement.breakout import Person, TooFewFacilitators, plan
from alongside.engagement.models import BreakoutGroup, GroupMember
from tests.builders import create_staff, sign_in
from tests.engagement.event_helpers import NOW, create_event, person
from tests.engagement.helpers import engager


def _random_case(rng: random.Random):
    topics = list(range(1, rng.randint(1, 6) + 1))
    size = rng.randint(2, 10)
    people = []
    for pk in range(rng.randint(1, 140)):
        wanted = rng.sample(topics, rng.randint(0, len(topics)))
        # Popular topics, as in life: the first topic is everyone's favourite more often.
        if wanted and rng.random() < 0.4 and 1 in wanted:
            wanted.remove(1)
            wanted.insert(0, 1)
        people.append(Person(id=pk, public=rng.random() < rng.choice([0.1, 0.5, 0.8]), choices=tuple(wanted)))
    minimum = math.ceil(len(people) / size)
    facilitators = list(range(1000, 1000 + minimum + rng.randint(0, 6)))
    return people, topics, size, facilitators


def _broken_rules(people, size, facilitators, groups) -> list[str]:
    """The allocation rules a plan breaks (none, when it is right)."""
    by_id = {p.id: p for p in people}
    placed = [m for g in groups for m in g.members]
    leaders = [g.facilitator for g in groups]
    per_topic = Counter()
    for g in groups:
        per_topic[g.topic] += len(g.members)
    count = Counter(g.topic for g in groups)
    enough_public = sum(p.public for p in people) >= len(groups)
    rules = {
        "everyone is in exactly one group": sorted(placed) == sorted(by_id),
        "never over N, never empty": all(1 <= len(g.members) <= size for g in groups),
        "one facilitator each": len(leaders) == len(set(leaders)) and set(leaders) <= set(facilitators),
        "a public contributor in each": not enough_public
        or all(any(by_id[m].public for m in g.members) for g in groups),
        # Groups of a topic open only as demand needs: no topic has a group it could do without.
        "groups only as demand needs": all(count[t] == math.ceil(per_topic[t] / size) for t in count),
    }
    return [rule for rule, kept in rules.items() if not kept]


def _first_choices_kept(people, topics, groups) -> int:
    where = {m: g.topic for g in groups for m in g.members}
    return sum(1 for p in people if p.choices and where[p.id] == p.choices[0])


def test_the_allocation_rules_hold_over_many_random_cases():
    rng = random.Random(20261202)
    broken, spread_needed = {}, 0
    for case in range(400):
        people, topics, size, facilitators = _random_case(rng)
        groups = plan(people, topics, size, facilitators)
        spread_needed += sum(p.public for p in people) >= len(groups) > 1
        if rules := _broken_rules(people, size, facilitators, groups):
            broken[case] = rules
    assert broken == {}
    # The cases exercise the public-contributor rule, not only plans of one group.
    assert spread_needed > 100


def test_with_enough_facilitators_everyone_gets_their_first_choice():
    rng = random.Random(7)
    for _case in range(200):
        people, topics, size, _f = _random_case(rng)
        # Spreading public contributors may move someone (checked above), so here all are alike.
        people = [Person(id=p.id, public=True, choices=p.choices) for p in people]
        plenty = list(range(1000, 1000 + len(people) + len(topics)))
        groups = plan(people, topics, size, plenty)
        with_choice = sum(1 for p in people if p.choices)
        assert _first_choices_kept(people, topics, groups) == with_choice


def test_the_most_popular_topic_opens_several_groups():
    people = [Person(id=n, public=True, choices=(1, 2)) for n in range(20)] + [
        Person(id=100 + n, public=True, choices=(2,)) for n in range(4)
    ]
    groups = plan(people, [1, 2], 8, list(range(10)))
    assert Counter(g.topic for g in groups) == {1: 3, 2: 1}
    assert sorted(len(g.members) for g in groups if g.topic == 1) == [6, 7, 7]


def test_with_few_facilitators_the_fewest_people_lose_their_first_choice():
    # Topic 1: 9 people (two groups of 8 at most); topic 2: 7. Three groups need only three leaders.
    people = [Person(id=n, public=True, choices=(1, 2)) for n in range(9)] + [
        Person(id=100 + n, public=True, choices=(2, 1)) for n in range(7)
    ]
    groups = plan(people, [1, 2], 8, [1, 2])
    assert len(groups) == 2
    assert _first_choices_kept(people, [1, 2], groups) == 15


def test_public_contributors_are_spread_so_no_group_has_none():
    researchers = [Person(id=n, public=False, choices=(1,)) for n in range(10)]
    public = [Person(id=100 + n, public=True, choices=(2, 1)) for n in range(6)]
    groups = plan(researchers + public, [1, 2], 5, list(range(10)))
    ids = {p.id for p in public}
    assert all(ids & set(g.members) for g in groups)


def test_too_few_facilitators_says_how_many_more_are_needed():
    people = [Person(id=n, public=True, choices=(1,)) for n in range(30)]
    with pytest.raises(TooFewFacilitators) as error:
        plan(people, [1], 6, [1, 2, 3])
    assert error.value.needed == 5
    assert "add 2 more facilitators" in error.value.messages[0]


# --- Saved groups ------------------------------------------------------------------------------------


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _event_with_people(count: int, facilitators: int, size: int = 4):
    event = create_event(capacity=count)
    org = event.process.organisation
    topics = list(event.process.topics.all())
    for n in range(count):
        events.register(
            event,
            person(org),
            taking_part_as="public" if n % 3 == 0 else "researcher",
            topics=[topics[n % 2], topics[2]],
            access_needs="Large print" if n == 0 else "",
        )
    for _n in range(facilitators):
        breakout.add_facilitator(event, user=create_staff(org))
    round_ = breakout.save_round(event, title="Round one", max_group_size=size, topics=topics)
    return event, round_


@pytest.mark.django_db
def test_allocating_saves_groups_within_the_rules(frozen):
    _event, round_ = _event_with_people(13, facilitators=5)
    groups = breakout.allocate(round_)
    assert len(groups) == 4
    assert GroupMember.objects.filter(round=round_).count() == 13
    for group in breakout.groups_with_members(round_):
        assert 1 <= group.size <= 4
        assert any(m.registration.taking_part_as == "public" for m in group.members.all())


@pytest.mark.django_db
def test_too_few_facilitators_saves_nothing(frozen):
    _event, round_ = _event_with_people(13, facilitators=2)
    with pytest.raises(ValidationError, match="add 2 more facilitators"):
        breakout.allocate(round_)
    assert not BreakoutGroup.objects.exists()


@pytest.mark.django_db
def test_moving_someone_into_a_full_group_is_refused(frozen):
    _event, round_ = _event_with_people(8, facilitators=2)
    breakout.allocate(round_)
    first, second = breakout.groups_with_members(round_)
    member = second.members.first()
    with pytest.raises(ValidationError, match="is full"):
        breakout.move(member, first)


@pytest.mark.django_db
def test_a_facilitator_leads_one_group_a_round(frozen):
    _event, round_ = _event_with_people(8, facilitators=2)
    first, second = breakout.allocate(round_)
    with pytest.raises(ValidationError, match="already leads"):
        breakout.change_facilitator(first, second.facilitator)


@pytest.mark.django_db
def test_staff_allocate_and_print_group_lists_with_support_needs_only(client, frozen):
    event, round_ = _event_with_people(8, facilitators=3)
    sign_in(client, engager(event.process.organisation))
    args = [event.process.pk, event.pk, round_.pk]
    response = client.post(reverse("engagement:staff_round_allocate", args=args))
    assert response.status_code == 302
    page = client.get(reverse("engagement:staff_round_print", args=args)).content.decode()
    assert "Large print" in page
    emails = event.registrations.values_list("contributor__email", flat=True)
    assert not [email for email in emails if email in page]
    pdf = client.get(reverse("engagement:staff_round_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_the_too_few_error_shows_on_the_round_page(client, frozen):
    event, round_ = _event_with_people(13, facilitators=1)
    sign_in(client, engager(event.process.organisation))
    args = [event.process.pk, event.pk, round_.pk]
    response = client.post(reverse("engagement:staff_round_allocate", args=args), follow=True)
    assert "add 3 more facilitators" in response.content.decode()
