"""Region from postcode, using the census postcode-area table shipped with Alongside."""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from django.conf import settings

from alongside.accounts.models import Region

_POSTCODE = re.compile(r"^([A-Z]{1,2})[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$")
_OUTWARD = re.compile(r"^([A-Z]{1,2})[0-9][A-Z0-9]?$")


@lru_cache(maxsize=1)
def area_regions() -> dict[str, str]:
    with open(settings.CENSUS_DIR / "postcode_areas.csv", encoding="utf-8") as handle:
        return {row["postcode_area"]: row["region"] for row in csv.DictReader(handle)}


def normalise_postcode(raw: str) -> str:
    """Upper case with one space before the inward code: 'm13 9pl' -> 'M13 9PL'."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if len(compact) > 3 and _POSTCODE.match(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return (raw or "").strip().upper()


def is_valid_postcode(raw: str) -> bool:
    return bool(_POSTCODE.match(re.sub(r"\s+", "", raw or "").upper()))


def postcode_area(raw: str) -> str:
    compact = re.sub(r"\s+", "", raw or "").upper()
    match = _POSTCODE.match(compact) or _OUTWARD.match(compact)
    return match.group(1) if match else ""


def region_for_postcode(raw: str) -> str:
    """The region for a full postcode or outward code; '' when unknown (kept, with a warning).

    Crown Dependencies (GY, JE, IM) have postcodes but no census benchmark, so no region.
    """
    region = area_regions().get(postcode_area(raw), "")
    return region if region in Region.values else ""
