"""`alongside generate`: seeded synthetic data, valid for the models, removable exactly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from alongside.accounts.models import Organisation
from alongside.bench.census import region_profiles
from alongside.opportunities.models import Application, Contribution, Opportunity
from alongside.people.models import ConsentEvent, Contributor, EqualityMonitoring
from tests.builders import create_contributor


def _generate(*extra):
    call_command("generate", "--scale", "tiny", *extra, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_tiny_scale_builds_the_promised_numbers():
    _generate()
    assert Contributor.objects.count() == 100
    assert Organisation.objects.count() == 6
    assert Opportunity.objects.count() == 20
    assert Contribution.objects.count() > 100
    assert Application.objects.exists()


def test_generated_rows_pass_model_validation():
    _generate()
    invalid, checked = [], 0
    for model in (Contributor, EqualityMonitoring, ConsentEvent, Opportunity, Contribution, Application):
        for row in model.objects.all()[:50]:
            checked += 1
            try:
                row.full_clean(validate_unique=False)
            except ValidationError as error:
                invalid.append(f"{model.__name__} {row.pk}: {error}")
    assert checked > 0
    assert not invalid, invalid


def test_current_consent_matches_the_latest_consent_event():
    _generate()
    for contributor in Contributor.objects.all()[:50]:
        event = ConsentEvent.objects.filter(contributor=contributor, purpose="findable").first()
        assert contributor.consent_findable == (event.given if event else False)


def test_equality_answers_exist_only_with_the_equality_consent():
    _generate()
    assert not EqualityMonitoring.objects.filter(contributor__consent_equality=False).exists()


def test_the_same_seed_gives_the_same_people():
    _generate("--seed", "7")
    first = list(Contributor.objects.order_by("pk").values_list("first_name", "region", "postcode"))
    _generate("--seed", "7", "--reset")
    again = list(Contributor.objects.order_by("pk").values_list("first_name", "region", "postcode"))
    assert first == again


def test_it_refuses_to_generate_twice_without_reset():
    _generate()
    with pytest.raises(CommandError, match="--reset"):
        _generate()


def test_reset_removes_generated_rows_and_keeps_real_ones():
    real = create_contributor(first_name="Real")
    _generate()
    _generate("--reset")
    assert Contributor.objects.count() == 101
    assert Contributor.objects.filter(pk=real.pk).exists()


def test_regions_follow_the_census_population():
    profiles = {p.name: p.population for p in region_profiles()}
    assert len(profiles) == 12
    # Read from the census file, not typed in: London is the largest English region there.
    assert max(profiles, key=profiles.get) in {"London", "South East"}
    assert profiles["North East"] < profiles["London"]


def test_search_rows_match_what_the_people_app_builds():
    from alongside.people.models import SearchEntry
    from alongside.people.search_index import rebuild_search_index

    _generate()
    columns = [f.attname for f in SearchEntry._meta.local_concrete_fields if not f.primary_key]
    generated = sorted(SearchEntry.objects.values_list(*columns))
    assert generated
    rebuild_search_index()
    assert sorted(SearchEntry.objects.values_list(*columns)) == generated


def test_community_groups_and_charities_are_community_partners():
    from alongside.people.models import CommunityPartner

    _generate()
    partners = CommunityPartner.objects.select_related("organisation")
    assert partners.exists()
    assert {p.organisation.type for p in partners} <= {"community", "charity"}


def test_large_loads_put_back_every_index_and_foreign_key_they_drop(monkeypatch):
    from django.db import connection

    from alongside.bench import bulk

    def constraints(table):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, table)
        return {name: (c["columns"], c["unique"], c["index"], c["foreign_key"]) for name, c in found.items()}

    tables = ["opportunities_contribution", "people_contributor", "people_searchentry"]
    before = {t: constraints(t) for t in tables}
    monkeypatch.setattr(bulk, "FAST_LOAD_ROWS", 10)  # every table of the tiny scale takes the fast path
    _generate()
    assert Contribution.objects.count() > 100
    assert {t: constraints(t) for t in tables} == before
