"""Representative selection: quotas met, reproducible from the seed, leximin-fair probabilities.

The comparison with a brute force over every panel is in test_leximin_property.py."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.opportunities import selection, services, sortition
from alongside.opportunities.models import Application, SelectionDraw
from alongside.people.models import EqualityMonitoring
from tests.builders import create_contributor, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import published

Quota = sortition.Quota


def test_on_a_small_pool_the_probabilities_are_the_ones_worked_out_by_hand():
    # Two places: exactly one from group A (three people), exactly one from group B (one person).
    # Every panel is {b, one of the As}; the fairest gives each A 1/3 and b certainty.
    pool = {"a1": {"g": "A"}, "a2": {"g": "A"}, "a3": {"g": "A"}, "b": {"g": "B"}}
    result = sortition.fair_distribution(pool, 2, [Quota("g", "A", 1, 1), Quota("g", "B", 1, 1)])
    assert result.probabilities == pytest.approx({"a1": 1 / 3, "a2": 1 / 3, "a3": 1 / 3, "b": 1.0}, abs=1e-6)
    assert result.minimum_probability == pytest.approx(1 / 3, abs=1e-6)


def test_maximin_spreads_chances_as_evenly_as_the_quotas_allow():
    # Three places from five: at least two from group Y (y1, y2 only) forces both Ys in; the three
    # Xs share the last place equally (1/3 each), which is the best possible minimum.
    pool = {"x1": {"g": "X"}, "x2": {"g": "X"}, "x3": {"g": "X"}, "y1": {"g": "Y"}, "y2": {"g": "Y"}}
    result = sortition.fair_distribution(pool, 3, [Quota("g", "Y", 2, 3)])
    assert result.probabilities["y1"] == pytest.approx(1.0, abs=1e-6)
    for x in ("x1", "x2", "x3"):
        assert result.probabilities[x] == pytest.approx(1 / 3, abs=1e-6)


# Two places: exactly one from London (three people), at most one from Leeds. Each Londoner has 1/3
# whatever happens. The other place goes to Wales or Leeds: maximin allowed 1/3 and 2/3 (the minimum
# is 1/3 either way); leximin gives them 1/2 each.
LONDON_WALES_LEEDS = {
    "london1": {"region": "London"},
    "london2": {"region": "London"},
    "london3": {"region": "London"},
    "wales": {"region": "Wales"},
    "leeds": {"region": "Leeds"},
}
ONE_LONDONER_AT_MOST_ONE_FROM_LEEDS = [Quota("region", "London", 1, 1), Quota("region", "Leeds", 0, 1)]


def test_after_the_lowest_chance_the_next_lowest_is_raised_too():
    result = sortition.fair_distribution(LONDON_WALES_LEEDS, 2, ONE_LONDONER_AT_MOST_ONE_FROM_LEEDS)
    assert result.probabilities == pytest.approx(
        {"london1": 1 / 3, "london2": 1 / 3, "london3": 1 / 3, "wales": 0.5, "leeds": 0.5}, abs=1e-6
    )


def test_the_draw_picks_each_person_as_often_as_their_probability_says():
    pool, quotas = LONDON_WALES_LEEDS, ONE_LONDONER_AT_MOST_ONE_FROM_LEEDS
    draws = 400
    chosen = Counter(
        person for seed in range(draws) for person in sortition.draw(pool, 2, quotas, seed=seed).panel
    )
    expected = sortition.fair_distribution(pool, 2, quotas).probabilities
    for person, probability in expected.items():
        spread = 4 * (probability * (1 - probability) / draws) ** 0.5  # four standard errors
        assert chosen[person] / draws == pytest.approx(probability, abs=spread)


def _pool(n, seed=7):
    rng = random.Random(seed)
    return {
        i: {
            "region": rng.choice(["London", "Wales", "North East"]),
            "age_band": rng.choice(["18-24", "50-64"]),
        }
        for i in range(n)
    }


QUOTAS = [
    Quota("region", "London", 3, 4),
    Quota("region", "Wales", 3, 4),
    Quota("region", "North East", 3, 4),
    Quota("age_band", "18-24", 5, 5),
    Quota("age_band", "50-64", 5, 5),
]


def test_a_draw_meets_every_quota_and_is_reproducible_from_its_seed():
    pool = _pool(60)  # C(60, 10) is too many to list: column generation is used
    first = sortition.draw(pool, 10, QUOTAS, seed=2026)
    again = sortition.draw(pool, 10, QUOTAS, seed=2026)
    assert first.panel == again.panel
    assert len(first.panel) == 10
    assert all(q["met"] for q in first.quotas_met)
    # Every drawn panel in the distribution meets the quotas, and probabilities add up to the places.
    for panel in first.distribution.panels:
        assert all(q["met"] for q in sortition.quotas_report(panel, pool, QUOTAS))
    assert sum(first.distribution.probabilities.values()) == pytest.approx(10, abs=1e-4)
    other_seeds = {tuple(sortition.draw(pool, 10, QUOTAS, seed=s).panel) for s in range(3)}
    assert len(other_seeds) > 1


def test_column_generation_reaches_the_same_fairness_as_listing_every_panel(monkeypatch):
    pool = _pool(14, seed=3)
    quotas = [Quota("region", "London", 1, 2), Quota("age_band", "18-24", 2, 3)]
    listed = sortition.fair_distribution(pool, 4, quotas)
    monkeypatch.setattr(sortition, "ENUMERATE_LIMIT", 0)
    generated = sortition.fair_distribution(pool, 4, quotas)
    assert generated.minimum_probability == pytest.approx(listed.minimum_probability, abs=1e-5)


def test_impossible_quotas_are_reported():
    pool = {"a": {"g": "A"}, "b": {"g": "A"}}
    with pytest.raises(sortition.InfeasibleQuotas):
        sortition.fair_distribution(pool, 2, [Quota("g", "B", 1, 1)])


def test_census_quotas_follow_population_shares():
    quotas = sortition.proportional_quotas("region", selection.census_shares("region"), 20)
    london = next(q for q in quotas if q.value == "London")
    # London is 8,799,728 of the UK's 67 million (ONS Census 2021, NRS 2022, NISRA 2021): 2.6 of 20.
    assert (london.minimum, london.maximum) == (2, 3)
    ages = selection.census_shares("age_band")
    assert set(ages) == {"18-24", "25-34", "35-49", "50-64", "65-79", "80+"}


def test_staff_draw_a_panel_see_probabilities_and_select_it(client, django_capture_on_commit_callbacks):
    org = create_organisation()
    o = published(org, places=2)
    for i, region in enumerate(["London", "London", "London", "Wales"]):
        c = create_contributor(
            org, consents=("contact", "equality"), email=f"d{i}@example.org", known_as=f"Person {i}"
        )
        c.region = region
        c.save()
        EqualityMonitoring.objects.create(contributor=c, year_of_birth=1970)
        services.apply(o, c, why_interested="x")
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    url = reverse("opportunities:staff_draw", args=[o.pk])
    page = client.post(url, {"places": "2", "quotas": "region, Wales, 2, 2"}).content.decode()
    assert "No panel meets every quota" in page and "region, Wales, 2, 2" in page
    response = client.post(
        url, {"places": "2", "quotas": "region, London, 1, 1\nregion, Wales, 1, 1", "seed": "11"}
    )
    draw = SelectionDraw.objects.get()
    assert response["Location"] == reverse("opportunities:staff_draw_result", args=[draw.pk])
    assert draw.seed == 11 and len(draw.selected) == 2
    assert sorted(draw.probabilities.values()) == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1.0], abs=1e-5)
    page = client.get(response["Location"]).content.decode()
    assert "33.3%" in page and "100%" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    assert set(Application.objects.filter(status="selected").values_list("pk", flat=True)) == set(
        draw.selected
    )
    # Everyone in the draw is told: the two drawn, and the two who were not.
    assert Application.objects.filter(status="not_selected").count() == 2
    subjects = sorted(m.subject.split(":")[0] for m in mail.outbox)
    assert subjects == ["About your application"] * 2 + ["You have been selected"] * 2


def test_column_generation_that_stops_at_its_round_limit_still_gives_a_whole_distribution(monkeypatch):
    # Stopping at the limit used to leave one more panel than weights, so the draw failed with an error.
    pool = _pool(14, seed=3)
    quotas = [Quota("region", "London", 1, 2), Quota("age_band", "18-24", 2, 3)]
    monkeypatch.setattr(sortition, "ENUMERATE_LIMIT", 0)
    monkeypatch.setattr(sortition, "COLUMN_GENERATION_ROUNDS", 1)
    result = sortition.fair_distribution(pool, 4, quotas)
    assert not result.exact  # shown to staff: the lottery meets the quotas but is not proven fairest
    assert len(result.panels) == len(result.weights)
    assert sum(result.weights) == pytest.approx(1)
    assert sum(result.probabilities.values()) == pytest.approx(4, abs=1e-5)  # each rounded to 6 places
    for panel in result.panels:
        assert all(q["met"] for q in sortition.quotas_report(panel, pool, quotas))


def _four_applicants(org):
    o = published(org, places=2)
    for i, region in enumerate(["London", "London", "London", "Wales"]):
        c = create_contributor(org, consents=("contact", "equality"), email=f"f{i}@example.org")
        c.region = region
        c.save()
        services.apply(o, c, why_interested="x")
    return o


def test_a_typed_target_that_cannot_be_read_is_shown_next_to_its_field(client):
    org = create_organisation()
    o = _four_applicants(org)
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    page = client.post(
        reverse("opportunities:staff_draw", args=[o.pk]), {"places": "2", "quotas": "region, Wales, two, 2"}
    ).content.decode()
    assert "Line 1: write feature, value, minimum, maximum" in page and "region, Wales, two, 2" in page
    assert 'id="id_quotas_error"' in page  # next to the field, not only in the summary
    assert not SelectionDraw.objects.exists()


def test_a_typed_target_replaces_the_census_quota_for_the_same_value():
    pool = {1: {"region": "Wales"}, 2: {"region": "London"}, 3: {"region": "London"}}
    quotas = selection.draw_quotas([Quota("region", "Wales", 1, 1)], ["region"], 2, pool)
    assert [q for q in quotas if q.value == "Wales"] == [Quota("region", "Wales", 1, 1)]
    assert [q.value for q in quotas if q.value != "Wales"] == ["London"]


def test_staff_are_told_when_the_search_stopped_before_the_fairest_was_proven(client, monkeypatch):
    org = create_organisation()
    o = _four_applicants(org)
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    monkeypatch.setattr(sortition, "ENUMERATE_LIMIT", 0)
    monkeypatch.setattr(sortition, "COLUMN_GENERATION_ROUNDS", 0)
    response = client.post(reverse("opportunities:staff_draw", args=[o.pk]), {"places": "1", "seed": "5"})
    draw = SelectionDraw.objects.get()
    assert not draw.exact and len(draw.selected) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Seed 5, 1 place." in page
    assert "The search stopped at its limit" in page
