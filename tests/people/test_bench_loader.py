from alongside.accounts.models import Role
from alongside.people.bench import load_synthetic, time_search
from alongside.people.models import Contributor, SearchEntry
from alongside.people.search_index import rebuild_search_index
from tests.builders import create_organisation, create_staff


def _entries():
    return sorted(
        SearchEntry.objects.values_list("contributor_id", "tag", "region", "modes", "days", "needs")
    )


def test_the_synthetic_loader_writes_the_same_search_rows_as_the_services():
    load_synthetic(200)
    assert Contributor.objects.count() == 200
    loaded = _entries()
    assert loaded
    rebuild_search_index()
    assert _entries() == loaded


def test_search_timings_run_at_a_tiny_scale():
    load_synthetic(100)
    researcher = create_staff(create_organisation(), Role.RESEARCHER)
    timings = time_search(researcher, runs=1)
    assert len(timings) == 4 and all(t.median_ms >= 0 for t in timings)


def test_the_sql_loader_writes_the_same_search_rows_as_the_services():
    from alongside.people.bench import load_synthetic_sql

    load_synthetic_sql(300)
    assert Contributor.objects.count() == 300
    loaded = _entries()
    assert loaded
    rebuild_search_index()
    assert _entries() == loaded
