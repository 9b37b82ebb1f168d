"""Who applied, in aggregate, the features used for representative selection, and the draw itself.

Equality answers are used only where the person has consented (``consent_equality``);
figures follow the registry's disclosure rule (``people.disclosure``).

A draw from a pool of ``BACKGROUND_FROM`` applicants or more is saved as waiting and worked out
by a background task (``queue_draw`` then ``complete_draw``); smaller pools are drawn at once by
``services.run_draw``. The lottery itself is in ``sortition``.
"""

from __future__ import annotations

import csv
import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.db.models import Case, CharField, Count, F, Min, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Region
from alongside.core import services as progress
from alongside.opportunities import queries, sortition
from alongside.opportunities.models import Application, Opportunity, SelectionDraw
from alongside.people import disclosure
from alongside.people.choices import Disability, EthnicGroupHigh
from alongside.people.models import Contributor

# Applicants; from this pool size the draw runs in the background. Measured (docs/opportunities.md),
# three census features, the whole request: under 1 s up to 1,000 on a quiet machine but 2-3 s on
# a busy one; 2.5 s at 10,000 on a quiet one, 10 s or more on a busy one.
BACKGROUND_FROM = 1_000
CENSUS_FILE = Path(__file__).resolve().parent.parent / "core" / "data" / "census" / "population.csv"
AGE_BANDS = [(18, 24), (25, 34), (35, 49), (50, 64), (65, 79), (80, 200)]
FEATURES = {
    "region": gettext_lazy("Region"),
    "age_band": gettext_lazy("Age band"),
    "ethnic_group": gettext_lazy("Ethnic group"),
}
_FEATURE_NAMES = {**FEATURES, "disability": gettext_lazy("Disability")}
_VALUE_NAMES = {"ethnic_group": EthnicGroupHigh, "disability": Disability}


def quota_words(quota: dict) -> dict:
    """A quota as staff read it: "Ethnic group", "Asian, Asian British or Asian Welsh" rather than the
    stored "ethnic_group", "asian". Values typed by staff (a region, an age band) are shown as typed."""
    feature, value = quota["feature"], quota["value"]
    names = dict(_VALUE_NAMES[feature].choices) if feature in _VALUE_NAMES else {}
    shown = {"feature": str(_FEATURE_NAMES.get(feature, feature)), "value": str(names.get(value, value))}
    return {**quota, **shown}


def age_band(year_of_birth: int | None, on: datetime.date | None = None) -> str:
    if not year_of_birth:
        return ""
    age = (on or timezone.localdate()).year - year_of_birth
    if age < 18:
        return "under 18"
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return _band_label(low, high)
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


def published_queryset(applications: QuerySet[Application]) -> QuerySet[Application]:
    """The applicants the mix is worked out from: the earliest, in whole groups of 10. Whoever sees
    the list of applicants by name could otherwise compare the mix before and after one person
    applied and read that person's answers; a group of 10 arriving at once hides each of them.
    Chosen by the database: a count, then the last published applicant (read from the index on
    opportunity and time), and everyone up to it by a range on that index, so the grouping reads
    the applications once rather than looking each up again by id."""
    ordered = applications.order_by("created_at", "pk")
    total = ordered.count()
    shown = total - total % disclosure.THRESHOLD
    if not shown:
        return Application.objects.none()
    at, pk = ordered.values_list("created_at", "pk")[shown - 1]
    return applications.order_by().filter(Q(created_at__lt=at) | Q(created_at=at, pk__lte=pk))


def _band_label(low: int, high: int) -> str:
    return f"{low}-{high}" if high < 200 else f"{low}+"


def _feature_expressions(on: datetime.date) -> dict:
    """``features_of`` as SQL: each applicant's region, age band, ethnic group and disability, null
    where the person gave no equality answers or did not consent to their use ("" where they
    preferred not to say). Grouped by these, the published applicants are a few hundred rows."""
    equality = "contributor__equality__"
    # age_prefer_not is never null in an equality record: null means the person has none.
    answered = Q(contributor__consent_equality=True, **{f"{equality}age_prefer_not__isnull": False})
    year = equality + "year_of_birth"
    bands = [When(**{f"{year}__gt": on.year - 18}, then=Value("under 18"))]
    bands += [
        When(**{f"{year}__gte": on.year - high}, then=Value(_band_label(low, high)))
        for low, high in AGE_BANDS
    ]
    text = CharField()
    return {
        "region": F("contributor__region"),
        "age_band": Case(
            When(answered & Q(**{f"{equality}age_prefer_not": True}), then=Value("")),
            When(answered, then=Case(*bands, default=Value(""), output_field=text)),
            default=None,
            output_field=text,
        ),
        "ethnic_group": Case(
            When(
                answered & Q(**{f"{equality}ethnic_group_high": EthnicGroupHigh.PREFER_NOT}), then=Value("")
            ),
            When(answered, then=F(equality + "ethnic_group_high")),
            default=None,
            output_field=text,
        ),
        "disability": Case(When(answered, then=F(equality + "disability")), default=None, output_field=text),
    }


@dataclass
class _Group:
    """People sharing a value: how many, and the smallest member key (the set's fingerprint)."""

    count: int = 0
    key: int | None = None

    def add(self, count: int, key: int | None) -> None:
        self.count += count
        if key is not None and (self.key is None or key < self.key):
            self.key = key

    def published(self, label: str) -> int | None:
        return disclosure.publish(self.count, self.key, label)


@dataclass
class ApplicantSummary:
    """The mix of published applicants and each target beside it, worked out in the database."""

    mix: dict[str, list[tuple[str, str]]]
    targets: list[dict]


def applicant_summary(
    applications: QuerySet[Application], targets: list[sortition.Quota]
) -> ApplicantSummary:
    """Who applied (``mix_summary``) and the targets compared (``targets_compared``) in three queries
    whatever the number of applicants: the published set's size, its features grouped (count and
    smallest member key per group), and its lived experience grouped."""
    published = published_queryset(applications)
    on = timezone.localdate()
    by_value: dict[tuple[str, str | None], _Group] = defaultdict(_Group)
    by_label: dict[str, dict[str, _Group]] = {
        key: defaultdict(_Group) for key in ("region", "age_band", "ethnic_group", "disability", "lived")
    }
    # Labels made text once (not once per group: each lazy label costs a translation lookup).
    ethnic_labels = {value: str(label) for value, label in EthnicGroupHigh.choices}
    disability_labels = {value: str(label) for value, label in Disability.choices}
    not_given = _("Not given")
    rows = (
        published.order_by()
        .values(**_feature_expressions(on))
        .annotate(n=Count("pk"), key=Min(disclosure.member_key_expression("contributor_id")))
        .values_list("region", "age_band", "ethnic_group", "disability", "n", "key")
    )
    for region, band, ethnic, disability, n, key in rows:
        region = region or ""
        for feature, value in (
            ("region", region),
            ("age_band", band),
            ("ethnic_group", ethnic),
            ("disability", disability),
        ):
            by_value[(feature, value)].add(n, key)
        by_label["region"][region or not_given].add(n, key)
        by_label["age_band"][band or not_given].add(n, key)
        by_label["ethnic_group"][ethnic_labels.get(ethnic, not_given)].add(n, key)
        by_label["disability"][disability_labels.get(disability, not_given)].add(n, key)
    if published.query.is_empty():
        lived = []
    else:
        lived = (
            Contributor.lived_experience.through.objects.filter(
                contributor_id__in=published.values("contributor_id")
            )
            .values(name=F("livedexperience__name"))
            .annotate(n=Count("contributor_id"), key=Min(disclosure.member_key_expression("contributor_id")))
            .order_by()
        )
    for row in lived:
        by_label["lived"][row["name"]].add(row["n"], row["key"])
    mix = {key: _published_groups(groups, key) for key, groups in by_label.items()}
    compared = []
    for target in targets:
        figure = by_value.get((target.feature, target.value), _Group()).published(
            f"target:{target.feature}:{target.value}"
        )
        enough = _enough(figure, target.minimum)
        compared.append({**target.as_dict(), "applicants": disclosure.shown(figure), "enough": enough})
    return ApplicantSummary(mix=mix, targets=compared)


def _published_groups(groups: dict[str, _Group], prefix: str) -> list[tuple[str, str]]:
    rows = []
    for label, group in groups.items():
        figure = group.published(f"{prefix}:{label}")
        if figure is not None:
            rows.append((label, figure))
    rows.sort(key=lambda row: (-row[1], row[0]))
    return [(label, disclosure.shown(figure)) for label, figure in rows]


def mix_summary(applications: QuerySet[Application]) -> dict[str, list[tuple[str, str]]]:
    """Who applied, by region, age band, ethnic group, disability and lived experience, published
    by the registry's rule (``people.disclosure``): figures rounded with a secret offset per group
    of people, groups under 10 left out, and only from whole groups of 10 applicants."""
    return applicant_summary(applications, []).mix


def targets_compared(targets: list[sortition.Quota], applications: QuerySet[Application]) -> list[dict]:
    """Each target beside a published figure of applicants with that value (the mix's rule)."""
    return applicant_summary(applications, targets).targets


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


def draw_quotas(
    typed: list[sortition.Quota], census: list[str], places: int, pool: dict[int, dict[str, str]]
) -> list[sortition.Quota]:
    """The typed targets, then census quotas for every value the typed targets do not already set."""
    own = {(q.feature, q.value) for q in typed}
    return typed + [q for q in census_quotas(census, places, pool) if (q.feature, q.value) not in own]


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


def _enough(figure: int | None, minimum: int) -> bool | None:
    """Whether a target looks met. Fewer than 10 (not shown) is certainly short of a minimum of 10
    or more; below that it cannot be told without showing a small number, so it is None."""
    if figure is None:
        return False if minimum >= disclosure.THRESHOLD else None
    return figure >= minimum


# --- The draw ----------------------------------------------------------------------------------


def drawn(result: sortition.Draw) -> dict:
    """What a finished draw records: each applicant's chance, the panel, the quotas met."""
    return {
        "probabilities": {str(k): v for k, v in result.distribution.probabilities.items()},
        "selected": list(result.panel),
        "quotas_met": result.quotas_met,
        "exact": result.distribution.exact,
        "status": SelectionDraw.Status.DONE,
    }


@transaction.atomic
def queue_draw(
    opportunity: Opportunity,
    pool: list[int],
    *,
    places: int,
    typed: list[sortition.Quota],
    census: list[str],
    seed: int | None,
    by,
) -> SelectionDraw:
    """Save a draw from a large pool (application ids) as waiting and start the task that works it out."""
    from alongside.opportunities.tasks import complete_draw  # tasks import this module

    tracker = progress.start_progress(by, (_("Representative draw: %s") % opportunity.title)[:200])
    draw = SelectionDraw.objects.create(
        opportunity=opportunity,
        places=places,
        seed=seed if seed is not None else secrets.randbelow(2**31),
        quotas=[q.as_dict() for q in typed],
        census_features=census,
        pool=pool,
        status=SelectionDraw.Status.WAITING,
        progress=tracker,
        created_by=by,
    )
    transaction.on_commit(lambda: complete_draw.enqueue(draw.pk))
    return draw


def complete_draw(draw_id: int) -> SelectionDraw | None:
    """Work out a waiting draw. Safe to run twice: the answer depends only on what was saved (the
    seed included), and it is written only while the draw is still waiting."""
    draw = SelectionDraw.objects.filter(pk=draw_id, status=SelectionDraw.Status.WAITING).first()
    if draw is None:
        return None
    # Anyone who withdrew or was decided on while the draw waited is left out. Filtered here rather
    # than in SQL: a pool of tens of thousands of ids is more than SQLite takes as parameters.
    asked = set(draw.pool)
    applications = [a for a in queries.draw_pool(draw.opportunity_id) if a.pk in asked]
    features = applicant_features(applications)
    typed = [sortition.Quota.from_dict(q) for q in draw.quotas]
    quotas = draw_quotas(typed, draw.census_features, draw.places, features)
    try:
        result = sortition.draw(features, draw.places, quotas, draw.seed, progress=_reporter(draw))
    except sortition.InfeasibleQuotas as exc:
        return _failed(draw, f"{exc} {_('Loosen the targets or choose fewer places.')}")
    except sortition.DrawFailed:
        _failed(draw, _("The draw could not be worked out. Try again, and tell support if it fails again."))
        raise
    finished = SelectionDraw.objects.filter(pk=draw.pk, status=SelectionDraw.Status.WAITING).update(
        quotas=[q.as_dict() for q in quotas], **drawn(result)
    )
    if finished and draw.progress_id:
        url = reverse("opportunities:staff_draw_result", args=[draw.pk])
        progress.finish(draw.progress_id, message=_("The panel has been drawn."), result_url=url)
    return SelectionDraw.objects.get(pk=draw.pk)


def _reporter(draw: SelectionDraw) -> sortition.Progress | None:
    """Progress as groups of applicants whose chance is settled, out of all the groups."""
    if draw.progress_id is None:
        return None
    reported = {"fixed": 0}

    def report(fixed: int, total: int) -> None:
        if not reported["fixed"]:
            progress.mark_running(draw.progress_id, total=total)
        progress.advance(draw.progress_id, fixed - reported["fixed"])
        reported["fixed"] = fixed

    return report


def _failed(draw: SelectionDraw, message: str) -> SelectionDraw:
    SelectionDraw.objects.filter(pk=draw.pk, status=SelectionDraw.Status.WAITING).update(
        status=SelectionDraw.Status.FAILED, failure=message
    )
    if draw.progress_id:
        progress.fail(draw.progress_id, message)
    return SelectionDraw.objects.get(pk=draw.pk)
