"""Population shares from the census figures shipped with Alongside (see the census README).

Only the proportions are used: how many contributors live in each region, and the
age, sex, ethnic group and disability mix of each region. Where a nation lacks a
table (Northern Ireland has no adult age bands or disability table here) the
England and Wales figures stand in.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from alongside.accounts.models import Region
from alongside.people.choices import EthnicGroupHigh

FALLBACK_AREA = "England and Wales"
ADULT_BANDS = {"18-24": (18, 24), "25-34": (25, 34), "35-49": (35, 49), "50-64": (50, 64), "65-79": (65, 79)}
ADULT_BANDS["80+"] = (80, 95)


@dataclass(frozen=True)
class RegionProfile:
    name: str
    population: int
    age_bands: dict[str, float]
    female: float
    ethnic_groups: dict[str, float]  # EthnicGroupHigh value -> share
    white_british_share_of_white: float
    disabled: float


def _shares(pairs: dict[str, float]) -> dict[str, float]:
    total = sum(pairs.values())
    return {key: value / total for key, value in pairs.items()}


@lru_cache(maxsize=1)
def _rows() -> dict[str, dict[str, dict[str, int]]]:
    """area name -> dimension -> category -> count."""
    table: dict[str, dict[str, dict[str, int]]] = {}
    with open(settings.CENSUS_DIR / "population.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            area = table.setdefault(row["area_name"], {})
            area.setdefault(row["dimension"], {})[row["category"]] = int(row["count"])
    return table


def _dimension(area: str, dimension: str) -> dict[str, int]:
    rows = _rows()
    return rows.get(area, {}).get(dimension) or rows[FALLBACK_AREA][dimension]


@lru_cache(maxsize=1)
def region_profiles() -> tuple[RegionProfile, ...]:
    labels = {
        str(choice.label): choice.value for choice in EthnicGroupHigh if choice != EthnicGroupHigh.PREFER_NOT
    }
    profiles = []
    for region in Region.values:
        ages = {
            band: count for band, count in _dimension(region, "age_18plus").items() if band in ADULT_BANDS
        }
        sex = _dimension(region, "sex")
        ethnic = {labels[label]: count for label, count in _dimension(region, "ethnic_group").items()}
        detail = _dimension(region, "ethnic_group_detail")
        white_british = sum(count for label, count in detail.items() if "British" in label)
        disability = _dimension(region, "disability")
        profiles.append(
            RegionProfile(
                name=region,
                population=_dimension(region, "population")["All usual residents"],
                age_bands=_shares(ages),
                female=sex["Female"] / (sex["Female"] + sex["Male"]),
                ethnic_groups=_shares(ethnic),
                white_british_share_of_white=white_british / sum(detail.values()),
                disabled=disability["Disabled"] / (disability["Disabled"] + disability["Not disabled"]),
            )
        )
    return tuple(profiles)
