"""Who applied, in aggregate, and the features used for representative selection.

Equality answers are used only where the person has consented (``consent_equality``);
figures follow the registry's disclosure rule (``people.disclosure``).
"""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from functools import cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Region
from alongside.opportunities import sortition
from alongside.people import disclosure
from alongside.people.choices import Disability, EthnicGroupHigh

CENSUS_FILE = Path(__file__).resolve().parent.parent / "core" / "data" / "census" / "population.csv"
AGE_BANDS = [(18, 24), (25, 34), (35, 49), (50, 64), (65, 79), (80, 200)]
FEATURES = {
    "region": gettext_lazy("Region"),
    "age_band": gettext_lazy("Age band"),
    "ethnic_group": gettext_lazy("Ethnic group"),
}


def age_band(year_of_birth: int | None, on: datetime.date | None = None) -> str:
    if not year_of_birth:
        return ""
    age = (on or timezone.localdate()).year - year_of_birth
    if age < 18:
        return "under 18"
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}-{high}" if high < 200 else f"{low}+"
    return ""


def _equality(contributor):
    if not contributor.consent_equality:
        return None
    return getattr(contributor, "equality", None)


def features_of(contributor) -> dict[str, str]:
    equality = _equality(contributor)
    values = {"region": contributor.region or ""}
    if equality is not None:
        values["age_band"] = "" if equality.age_prefer_not else age_band(equality.year_of_birth)
        group = equality.ethnic_group_high
        values["ethnic_group"] = "" if group == EthnicGroupHigh.PREFER_NOT else group
        values["disability"] = equality.disability
    return values


def applicant_features(applications) -> dict[int, dict[str, str]]:
    return {a.pk: features_of(a.contributor) for a in applications}


def published_applicants(applications) -> list:
    """The applicants the mix is worked out from: the earliest, in whole groups of 10. Whoever sees
    the list of applicants by name could otherwise compare the mix before and after one person
    applied and read that person's answers; a group of 10 arriving at once hides each of them."""
    applications = list(applications)
    return applications[: len(applications) - len(applications) % disclosure.THRESHOLD]


def _published(members: dict[str, set[int]], prefix: str) -> list[tuple[str, str]]:
    rows = []
    for label, people in members.items():
        figure = disclosure.publish_ids(people, f"{prefix}:{label}")
        if figure is not None:
            rows.append((label, figure))
    rows.sort(key=lambda row: (-row[1], row[0]))
    return [(label, disclosure.shown(figure)) for label, figure in rows]


def mix_summary(applications) -> dict[str, list[tuple[str, str]]]:
    """Who applied, by region, age band, ethnic group, disability and lived experience, published
    by the registry's rule (``people.disclosure``): figures rounded with a secret offset per group
    of people, groups under 10 left out, and only from whole groups of 10 applicants."""
    members: dict[str, dict[str, set[int]]] = {
        key: defaultdict(set) for key in ("region", "age_band", "ethnic_group", "disability", "lived")
    }
    ethnic_labels = dict(EthnicGroupHigh.choices)
    disability_labels = dict(Disability.choices)
    not_given = _("Not given")
    for application in published_applicants(applications):
        contributor = application.contributor
        values = features_of(contributor)
        person = contributor.pk
        members["region"][values.get("region") or not_given].add(person)
        members["age_band"][values.get("age_band") or not_given].add(person)
        members["ethnic_group"][str(ethnic_labels.get(values.get("ethnic_group"), not_given))].add(person)
        members["disability"][str(disability_labels.get(values.get("disability"), not_given))].add(person)
        for experience in contributor.lived_experience.all():
            members["lived"][experience.name].add(person)
    return {key: _published(groups, key) for key, groups in members.items()}


@cache
def _census_rows() -> list[dict[str, str]]:
    with CENSUS_FILE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def census_shares(feature: str) -> dict[str, float]:
    """Population shares from the census figures (ONS Census 2021, NRS 2022, NISRA 2021)."""
    rows = _census_rows()
    if feature == "region":
        regions = set(Region.values)
        return {
            r["area_name"]: float(r["count"])
            for r in rows
            if r["dimension"] == "population"
            and r["category"] == "All usual residents"
            and r["area_name"] in regions
        }
    if feature == "age_band":
        return {
            r["category"]: float(r["count"])
            for r in rows
            if r["area_code"] == "E92000001"
            and r["dimension"] == "age_18plus"
            and r["category"] != "All aged 18+"
        }
    if feature == "ethnic_group":
        by_label = {str(label): value for value, label in EthnicGroupHigh.choices}
        return {
            by_label[r["category"]]: float(r["count"])
            for r in rows
            if r["area_code"] == "E92000001"
            and r["dimension"] == "ethnic_group"
            and r["category"] in by_label
        }
    raise ValueError(f"No census figures for {feature!r}")


def census_quotas(features: list[str], places: int, pool: dict[int, dict[str, str]]) -> list[sortition.Quota]:
    """Quotas in proportion to the census, limited to the values someone in the pool has."""
    quotas = []
    for feature in features:
        present = {values.get(feature) for values in pool.values()} - {""}
        shares = {value: share for value, share in census_shares(feature).items() if value in present}
        quotas.extend(sortition.proportional_quotas(feature, shares, places))
    return quotas


def parse_quotas(text: str) -> list[sortition.Quota]:
    """Quotas typed one a line: ``feature, value, minimum, maximum``."""
    quotas = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 4 or not parts[2].isdigit() or not parts[3].isdigit():
            raise ValueError(
                _("Line %(n)s: write feature, value, minimum, maximum – for example “region, London, 1, 2”.")
                % {"n": number}
            )
        low, high = int(parts[2]), int(parts[3])
        if low > high:
            raise ValueError(_("Line %(n)s: the minimum is more than the maximum.") % {"n": number})
        quotas.append(sortition.Quota(parts[0], parts[1], low, high))
    return quotas


def targets_compared(targets: list[sortition.Quota], applications) -> list[dict]:
    """Each target beside a published figure of applicants with that value (the mix's rule)."""
    people = [(a.contributor.pk, features_of(a.contributor)) for a in published_applicants(applications)]
    rows = []
    for target in targets:
        holders = {pk for pk, values in people if values.get(target.feature) == target.value}
        figure = disclosure.publish_ids(holders, f"target:{target.feature}:{target.value}")
        enough = _enough(figure, target.minimum)
        rows.append({**target.as_dict(), "applicants": disclosure.shown(figure), "enough": enough})
    return rows


def _enough(figure: int | None, minimum: int) -> bool | None:
    """Whether a target looks met. Fewer than 10 (not shown) is certainly short of a minimum of 10
    or more; below that it cannot be told without showing a small number, so it is None."""
    if figure is None:
        return False if minimum >= disclosure.THRESHOLD else None
    return figure >= minimum
