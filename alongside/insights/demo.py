"""The insights part of the demo: who signed up at Northbridge's open days, then the counts.

Over the last two years Northbridge Teaching Hospitals signed people up on paper at health open days
in Greater Manchester. Most who came were older White British women, many disabled; few young
people, men or people from Asian and Black communities. In the last two quarters Northbridge worked
with the Moss Side Carers' Network, and more people from Black and South Asian communities joined.
So the representation view shows gaps in age, sex and ethnic group in the North West, with small
groups hidden, and the trends show the outreach beginning to work.

People are added through ``people.services`` on the day they signed up; the counts are worked out
as the nightly job would (``services.refresh_counts``).
"""

from __future__ import annotations

from alongside.accounts.demo import staff_user
from alongside.accounts.models import Organisation
from alongside.core.demodata import Story, chance
from alongside.insights import services
from alongside.insights.models import CountRefresh
from alongside.people import services as people
from alongside.people.choices import ConsentPurpose, HowGiven
from alongside.people.demo import cast_is_here
from alongside.people.demo_words import BACKGROUNDS
from alongside.people.models import Contributor

OPEN_DAYS = 170
OUTREACH_FROM = 180  # days ago: the Moss Side partnership began
FIRST_EMAIL = "margaret.openday@example.org"
TOWNS = [("M20 2", "Manchester"), ("SK4 3", "Stockport"), ("BL3 5", "Bolton"), ("WN5 8", "Wigan"),
         ("OL1 3", "Oldham"), ("M13 9", "Manchester")]  # fmt: skip
BEFORE = {"english": 90, "irish": 5, "east_european": 4, "black": 1}
DURING = {"english": 70, "black": 18, "south_asian": 5, "irish": 7}
# Who signed up on a paper form at an open day said "White British" far more often than the
# joining-online mix of the same background: the groups each background's people chose from.
ETHNIC_GROUPS = {
    "english": ["white_british"] * 14 + ["white_other", "mixed_white_black_caribbean"],
    "irish": ["white_irish"],
    "east_european": ["white_other"],
    "black": ["black_african", "black_caribbean", "black_african", "mixed_white_black_african"],
    "south_asian": ["asian_pakistani", "asian_indian", "asian_bangladeshi"],
}
AGES = {(18, 24): 2, (25, 34): 6, (35, 49): 14, (50, 64): 30, (65, 79): 36, (80, 92): 12}


def load_demo() -> None:
    added = cast_is_here() and not Contributor.objects.filter(email=FIRST_EMAIL).exists()
    if added:
        _open_days(Story(), chance("insights"))
    if added or not CountRefresh.objects.exists():
        services.refresh_counts()


def _open_days(story: Story, rng) -> None:
    northbridge = Organisation.objects.get(slug="northbridge")
    officer = staff_user("involvement@northbridge.example")
    wordings = {p: people.current_wording(p) for p in (ConsentPurpose.CONTACT, ConsentPurpose.EQUALITY)}
    for index in range(OPEN_DAYS):
        days_ago = 700 - index * 4  # one every few days, oldest first
        backgrounds = DURING if days_ago < OUTREACH_FROM else BEFORE
        background = _weighted(rng, backgrounds)
        with story.at(story.workday(-days_ago), 11, index % 60):
            _sign_up(rng, story, index, background, northbridge, officer, wordings)


def _sign_up(rng, story, index, background, northbridge, officer, wordings) -> None:
    women, men, surnames, _groups, _languages = BACKGROUNDS[background]
    female = rng.random() < 0.64
    postcode, town = rng.choice(TOWNS)
    contributor = people.create_contributor(
        organisation=northbridge,
        created_by=officer,
        how=HowGiven.PAPER,
        first_name=rng.choice(women if female else men),
        last_name=rng.choice(surnames),
        email=FIRST_EMAIL if index == 0 else "",
        landline=f"+44161496{index:04d}",
        address_line_1=f"{rng.randint(1, 90)} Park Road",
        town=town,
        postcode=f"{postcode}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}",
        preferred_channels=rng.choice([["phone"], ["letter"], ["phone", "letter"], ["letter", "phone"]]),
    )
    for purpose, wording in wordings.items():
        people.record_consent(contributor, purpose, given=True, how=HowGiven.PAPER, recorded_by=officer,
                              wording=wording)  # fmt: skip
    low, high = _weighted(rng, AGES)
    people.save_equality(
        contributor,
        {
            "year_of_birth": story.today.year - rng.randint(low, high),
            "sex": "female" if female else "male",
            "gender_same_as_sex": "yes",
            "ethnic_group": rng.choice(ETHNIC_GROUPS[background]),
            "disability": _weighted(rng, {"yes": 32, "no": 62, "prefer_not": 6}),
        },
        recorded_by=officer,
    )


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]
