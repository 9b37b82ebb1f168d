"""Community partners to reach out to first, beside each under-represented group.

A partner is listed for a group when it works in the area (its areas include the region, or it
names no area) and the words it uses for the people it serves mention the group. The words are
kept here, in one place, so they can be improved; a partner that serves a group but says so in
other words can add them to its "communities served".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alongside.people.models import CommunityPartner

# (dimension, group) -> words that show a partner serves the group (matched as whole words).
WORDS = {
    ("age", "18-24"): ["young", "youth", "students?", "teenagers?"],
    ("age", "25-34"): ["young adults?", "young parents?", "new parents?"],
    ("age", "35-49"): ["working age", "parents of (young )?children"],
    ("age", "65-79"): ["older", "elderly", "retired", "pensioners?"],
    ("age", "80+"): ["older", "elderly", "frail", "care homes?"],
    ("sex", "male"): ["men", "fathers", "dads?", "male"],
    ("sex", "female"): ["women", "mothers", "mums?", "female"],
    ("ethnic", "asian"): [
        "asian",
        "south asian",
        "bangladeshi",
        "indian",
        "pakistani",
        "chinese",
        "punjabi",
        "urdu",
    ],
    ("ethnic", "black"): ["black", "african", "caribbean", "somali", "nigerian", "ghanaian"],
    ("ethnic", "mixed"): ["mixed", "mixed heritage", "dual heritage"],
    ("ethnic", "other"): [
        "arab",
        "migrants?",
        "refugees?",
        "asylum",
        "ethnic minorit(y|ies)",
        "minority ethnic",
    ],
    ("ethnic", "white"): ["gypsy", "travellers?", "roma", "irish", "polish", "eastern european"],
    ("disability", "yes"): [
        "disab(led|ility|ilities)",
        "deaf",
        "blind",
        "sight loss",
        "wheelchair",
        "learning",
    ],
}


def _pattern(words: list[str]) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(words) + r")\b", re.IGNORECASE)


PATTERNS = {key: _pattern(words) for key, words in WORDS.items()}


@dataclass(frozen=True)
class Partner:
    """What the page needs of a community partner: plain values, not a model (there may be many)."""

    pk: int
    name: str
    areas: tuple[str, ...]
    words: str  # the communities it serves and its description, in its own words


def partners_in(region: str | None) -> list[Partner]:
    """The partners working in ``region`` (every partner for the whole country)."""
    rows = CommunityPartner.objects.order_by("organisation__name", "pk").values_list(
        "pk", "organisation__name", "areas", "communities_served", "description"
    )
    found = [
        Partner(pk, name, tuple(areas or ()), f"{served} {about}") for pk, name, areas, served, about in rows
    ]
    if region:
        found = [p for p in found if not p.areas or region in p.areas]
    return found


def serving(partners: list[Partner], dimension: str, group: str) -> list[Partner]:
    """The partners whose own words say they serve ``group``."""
    if dimension == "region":
        return [p for p in partners if group in p.areas]
    pattern = PATTERNS.get((dimension, group))
    if pattern is None:
        return []
    return [p for p in partners if pattern.search(p.words)]
