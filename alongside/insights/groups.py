"""The characteristics the representation view compares, and how each maps onto the census.

Each ``Dimension`` names the contributor's answer, the groups shown (in order), the census
dimension and category each group is compared with, and the words shown on the page. Answers
that fit no group (not given, "prefer not to say", under 18) count as ``UNKNOWN``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Region

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Group:
    key: str
    label: str | Promise
    census_category: str


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str | Promise
    census_dimension: str
    groups: tuple[Group, ...]

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)


AGE_BANDS = (("18-24", 18, 24), ("25-34", 25, 34), ("35-49", 35, 49), ("50-64", 50, 64), ("65-79", 65, 79))
AGE_BANDS += (("80+", 80, 150),)

AGE_LABELS = {
    "18-24": _("18 to 24"),
    "25-34": _("25 to 34"),
    "35-49": _("35 to 49"),
    "50-64": _("50 to 64"),
    "65-79": _("65 to 79"),
    "80+": _("80 and over"),
}
AGE = Dimension(
    "age",
    _("Age"),
    "age_18plus",  # adults only: involvement is for people aged 18 and over
    tuple(Group(band, AGE_LABELS[band], band) for band, _low, _high in AGE_BANDS),
)
SEX = Dimension(
    "sex",
    _("Sex"),
    "sex",
    (Group("female", _("Female"), "Female"), Group("male", _("Male"), "Male")),
)
ETHNIC_GROUP = Dimension(
    "ethnic",
    _("Ethnic group"),
    "ethnic_group",
    (
        Group("asian", _("Asian, Asian British or Asian Welsh"), "Asian, Asian British or Asian Welsh"),
        Group(
            "black",
            _("Black, Black British, Black Welsh, Caribbean or African"),
            "Black, Black British, Black Welsh, Caribbean or African",
        ),
        Group("mixed", _("Mixed or Multiple ethnic groups"), "Mixed or Multiple ethnic groups"),
        Group("white", _("White"), "White"),
        Group("other", _("Other ethnic group"), "Other ethnic group"),
    ),
)
DISABILITY = Dimension(
    "disability",
    _("Disability"),
    "disability",
    (Group("yes", _("Disabled"), "Disabled"), Group("no", _("Not disabled"), "Not disabled")),
)
REGION = Dimension(
    "region",
    _("Where people live"),
    "population",
    tuple(Group(value, label, value) for value, label in Region.choices),
)

DIMENSIONS = (AGE, SEX, ETHNIC_GROUP, DISABILITY, REGION)
BY_KEY = {d.key: d for d in DIMENSIONS}


def age_band(age: int | None) -> str:
    for band, low, high in AGE_BANDS:
        if age is not None and low <= age <= high:
            return band
    return UNKNOWN
