"""The representation view: figures that match a hand calculation, suppression that holds up
against an attacker, only the roles that may see equality data, and a flat query count."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import Organisation, Region, Role
from alongside.insights.groups import ETHNIC_GROUP
from alongside.insights.services import refresh_counts
from alongside.people.models import CommunityPartner
from tests.builders import create_organisation, create_staff, sign_in
from tests.insights.people import TODAY, add_people, hand_made_north_west

URL = reverse("insights:representation")
GROUPS = {str(g.label) for g in ETHNIC_GROUP.groups}


@pytest.fixture
def northbridge():
    return create_organisation("Northbridge", region=Region.NORTH_WEST)


@pytest.fixture
def hand_made(northbridge):
    with time_machine.travel(TODAY.isoformat() + " 09:00 +00:00", tick=False):
        hand_made_north_west(northbridge)
        refresh_counts(TODAY)
    return northbridge


def _client_for(client, organisation, role=Role.INVOLVEMENT_STAFF):
    sign_in(client, create_staff(organisation, role))
    return client


def _csv(client, **params) -> dict[tuple[str, str], list[str]]:
    """The downloaded CSV as (table, group) -> the rest of the row."""
    response = client.get(URL, {**params, "download": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {(row[0], row[1]): row[2:] for row in rows if len(row) > 2}


def test_the_figures_match_a_calculation_done_by_hand(client, hand_made):
    """North West population (census 2021): male 3,640,076 of 7,417,358 = 49.075%.

    Men involved: 23, rounded to 25, of 75 who answered (80 less 5 who did not say): 33.33%.
    Gap 33.33 - 49.08 = -15.7 points; ratio 0.3333 / 0.49075 = 0.68.
    Wilson 95% upper bound for 25 of 75: centre (1/3 + 1.96²/150) / (1 + 1.96²/75) = 0.34145,
    margin 1.96 * sqrt(1/3 * 2/3 / 75 + 1.96² / (4 * 75²)) / 1.05122 = 0.10437, upper 0.4458.
    0.4458 < 0.4908 and 75 * 0.4908 = 36.8 people expected (at least 10): under-represented.
    Disabled: 20 of 75 = 26.7% against 19.42%: over, not flagged. Not disabled: 55 of 75 = 73.3%
    against 80.58%, but the Wilson upper bound 0.8202 is above 0.8058: not flagged (could be chance).
    """
    _client_for(client, hand_made)
    table = _csv(client, scope=f"org-{hand_made.pk}", involved="registered")
    assert table[("Sex", "Male")] == ["25", "33.3", "49.1", "-15.7", "0.68", "Under-represented", ""]
    assert table[("Sex", "Female")] == ["50", "66.7", "50.9", "15.7", "1.31", "", ""]
    assert table[("Disability", "Disabled")][:6] == ["20", "26.7", "19.4", "7.2", "1.37", ""]
    assert table[("Disability", "Not disabled")][:6] == ["55", "73.3", "80.6", "-7.2", "0.91", ""]
    page = client.get(URL, {"scope": f"org-{hand_made.pk}"}).content.decode()
    assert "−15.7" in page and "33.3%" in page and "49.1%" in page
    assert table[("Sex", "People who answered (the base for the shares)")][0] == "75"
    assert table[("Sex", "Everyone counted")][0] == "80"
    assert table[("Sex", "Not answered or preferred not to say")][0] == "fewer than 10"


def _partner(name: str, served: str, areas: list[str]) -> CommunityPartner:
    organisation = create_organisation(name, type="community")
    return CommunityPartner.objects.create(organisation=organisation, communities_served=served, areas=areas)


def test_partners_serving_an_under_represented_group_in_the_area_are_shown_beside_it(client, hand_made):
    """Men are under-represented in Northbridge (North West). Partners who say they work with men
    in the North West, or name no area, are listed beside the gap; not one in London, nor one
    working with women, nor beside groups that are not under-represented."""
    _partner("Dads Together", "Fathers and dads in Bolton", [Region.NORTH_WEST])
    _partner("Men's Sheds UK", "Older men", [])
    _partner("London Men's Health", "Men in Lambeth", [Region.LONDON])
    _partner("Mums Network NW", "Mothers and young children", [Region.NORTH_WEST])
    _client_for(client, hand_made)
    table = _csv(client, scope=f"org-{hand_made.pk}", involved="registered")
    assert table[("Sex", "Male")][-1] == "Dads Together; Men's Sheds UK"
    assert table[("Sex", "Female")][-1] == ""
    page = client.get(URL, {"scope": f"org-{hand_made.pk}"}).content.decode()
    assert "Dads Together" in page and "London Men&#x27;s Health" not in page and "Mums Network" not in page


def test_small_groups_are_hidden_and_a_second_group_protects_them(client, hand_made):
    """Ethnic group: Asian 3, Mixed 0, Other 0 are below 10; together 3, so the next smallest,
    Black (12), is hidden too. White 60 is shown."""
    _client_for(client, hand_made)
    table = _csv(client, scope=f"org-{hand_made.pk}", involved="registered")
    ethnic = {group: row[0] for (name, group), row in table.items() if name == "Ethnic group"}
    assert ethnic["Asian, Asian British or Asian Welsh"] == "fewer than 10"
    assert ethnic["Mixed or Multiple ethnic groups"] == "fewer than 10"
    assert (
        ethnic["Black, Black British, Black Welsh, Caribbean or African"] == "hidden to protect a small group"
    )
    assert ethnic["White"] == "60"
    page = client.get(URL, {"scope": f"org-{hand_made.pk}"}).content.decode()
    assert "fewer than 10" in page and ">3<" not in page and ">12<" not in page


def _published(value: str) -> range | None:
    """What a shown figure tells an attacker: the true count lies within 2 of it."""
    return None if not value[:1].isdigit() else range(int(value) - 2, int(value) + 3)


def test_an_attacker_cannot_back_out_a_hidden_count_from_totals_and_other_views(client, northbridge):
    """Three Asian people in Northbridge (North West). The attacker, a national admin, reads every
    view that holds them: the organisation, the region and the whole country, and the totals, and
    works out every value the hidden count could have. More than one value must remain possible,
    and never only values of 10 or more."""
    other = create_organisation("Riverside", region=Region.NORTH_WEST)
    with time_machine.travel(TODAY.isoformat() + " 09:00 +00:00", tick=False):
        add_people(northbridge, 3, age=40, sex="female", ethnic="asian_pakistani", disability="no")
        add_people(northbridge, 31, age=40, sex="female", ethnic="white_british", disability="no")
        add_people(other, 23, age=60, sex="male", ethnic="white_british", disability="no")
        add_people(other, 11, age=60, sex="male", ethnic="asian_indian", disability="no")
        refresh_counts(TODAY)
    national = create_organisation("National team")
    _client_for(client, national, Role.NATIONAL_ADMIN)
    views = {
        scope: _csv(client, scope=scope)
        for scope in (f"org-{northbridge.pk}", f"org-{other.pk}", "region-North West", "national")
    }
    asian = ("Ethnic group", "Asian, Asian British or Asian Welsh")
    answered = ("Ethnic group", "People who answered (the base for the shares)")
    assert views[f"org-{northbridge.pk}"][asian][0] == "fewer than 10"
    possible = set(range(0, 10))  # the page says "fewer than 10"
    # The region's Asian count less the other organisation's gives Northbridge's (people live in one place).
    region_asian, other_asian = (
        _published(views["region-North West"][asian][0]),
        _published(views[f"org-{other.pk}"][asian][0]),
    )
    if region_asian and other_asian:
        possible &= {r - o for r in region_asian for o in other_asian}
    # Northbridge's people who answered, less its other groups: shown ones (within 2), hidden ones
    # (0 to 9 when "fewer than 10", 0 or more when hidden to protect another).
    others = [row[0] for (name, group), row in views[f"org-{northbridge.pk}"].items()
              if name == "Ethnic group" and group in GROUPS and group != asian[1]]  # fmt: skip
    answered_range = _published(views[f"org-{northbridge.pk}"][answered][0])
    if answered_range:
        most = sum(
            max(_published(v)) if _published(v) else 9 if v == "fewer than 10" else 10**6 for v in others
        )
        least = sum(min(_published(v)) if _published(v) else 0 for v in others)
        possible &= set(range(min(answered_range) - most, max(answered_range) - least + 1))
    assert 3 in possible  # the attacker's reasoning is sound...
    assert len(possible) >= 3  # ...but cannot pin the count down


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        (Role.RESEARCHER, 403),
        (Role.FINANCE, 403),
        (Role.INVOLVEMENT_STAFF, 200),
        (Role.ORG_ADMIN, 200),
    ],
)
def test_only_roles_that_may_see_equality_data_open_it(client, hand_made, role, outcome):
    _client_for(client, hand_made, role)
    assert client.get(URL).status_code == outcome
    assert client.get(URL, {"download": "csv"}).status_code == outcome


def test_staff_see_only_their_own_organisation_and_the_country_is_for_national_admins(client, hand_made):
    elsewhere = create_organisation("Elsewhere", region=Region.LONDON)
    _client_for(client, elsewhere)
    for scope in (f"org-{hand_made.pk}", "national", "region-North West"):
        response = client.get(URL, {"scope": scope})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert "Share of the population" not in response.content.decode()


def test_the_page_names_the_census_release_it_compares_with(client, hand_made):
    _client_for(client, hand_made)
    page = client.get(URL).content.decode()
    assert "Census 2021 (England, Wales and Northern Ireland) with Scotland&#x27;s Census 2022" in page
    assert "North West" in page


def test_the_excel_download_has_a_sheet_per_table(client, hand_made):
    from openpyxl import load_workbook

    _client_for(client, hand_made)
    response = client.get(URL, {"download": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About", "Age", "Sex", "Ethnic group", "Disability"]
    rows = {row[0]: row for row in book["Sex"].iter_rows(values_only=True)}
    assert rows["Male"][1] == 25


def test_the_query_count_does_not_grow_with_the_number_of_people(client, northbridge):
    national = create_organisation("National team")
    _client_for(client, national, Role.NATIONAL_ADMIN)
    counts = []
    for extra in (12, 40):
        with time_machine.travel(TODAY.isoformat() + " 09:00 +00:00", tick=False):
            add_people(northbridge, extra, age=40, sex="female", ethnic="white_british", disability="no")
            add_people(northbridge, extra, age=70, sex="male", ethnic="black_caribbean", disability="yes")
            # More organisations to choose from and more partners beside the gaps: no more queries.
            for n in range(extra // 4):
                create_organisation(f"Trust {extra}-{n}", region=Region.NORTH_WEST)
                _partner(f"Group {extra}-{n}", "Older men and women", [Region.NORTH_WEST])
            refresh_counts(TODAY)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"scope": "national"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] < 30


def test_without_counts_yet_the_page_says_when_they_will_come(client):
    organisation = Organisation.objects.create(name="New", slug="new", type="research")
    _client_for(client, organisation)
    assert "have not been worked out yet" in client.get(URL).content.decode()
