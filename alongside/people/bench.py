"""Synthetic contributors for the benchmark: ``load_synthetic(n)`` then time ``search_contributors``.

Rows are written in chunks with explicit primary keys, so the loader never reads back what it
wrote; the search rows are built in the same pass with the same code the services use.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from alongside.accounts.models import Organisation, Region
from alongside.people.choices import AccessNeed, Weekday
from alongside.people.models import Contributor, LivedExperience, SearchEntry, Topic
from alongside.people.queries import SearchFilters
from alongside.people.search_index import entries_for, is_searchable

CHUNK = 10_000


def load_synthetic(n: int, *, seed: int = 7, findable_share: float = 0.6) -> Organisation:
    rng = random.Random(seed)
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-synthetic", defaults={"name": "Synthetic trust (benchmark)", "type": "nhs_trust"}
    )
    experiences = list(LivedExperience.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    next_pk = (Contributor.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    through_exp = Contributor.lived_experience.through
    through_topic = Contributor.interests.through
    for start in range(0, n, CHUNK):
        people, exp_rows, topic_rows, entries = [], [], [], []
        for offset in range(min(CHUNK, n - start)):
            pk = next_pk + start + offset
            person = _person(rng, organisation, pk, findable_share)
            chosen_exp = rng.sample(experiences, rng.randint(1, 3))
            chosen_topics = rng.sample(topics, rng.randint(1, 3))
            people.append(person)
            exp_rows += [through_exp(contributor_id=pk, livedexperience_id=e) for e in chosen_exp]
            topic_rows += [through_topic(contributor_id=pk, topic_id=t) for t in chosen_topics]
            if is_searchable(person):
                entries += entries_for(person, chosen_exp, chosen_topics, None)
        with transaction.atomic():
            Contributor.objects.bulk_create(people, batch_size=2000)
            through_exp.objects.bulk_create(exp_rows, batch_size=5000)
            through_topic.objects.bulk_create(topic_rows, batch_size=5000)
            SearchEntry.objects.bulk_create(entries, batch_size=5000)
    return organisation


def _person(rng, organisation, pk: int, findable_share: float) -> Contributor:
    needs = [rng.choice(AccessNeed.values)] if rng.random() < 0.3 else []
    return Contributor(
        pk=pk,
        organisation=organisation,
        reference=f"B{pk:010d}",
        first_name="Synthetic",
        last_name=str(pk),
        region=rng.choice(Region.values),
        online=rng.random() < 0.6,
        by_phone=rng.random() < 0.5,
        in_person=rng.random() < 0.5,
        travel_miles=rng.randint(0, 50),
        available_days=rng.sample(Weekday.values, rng.randint(1, 5)),
        access_needs=needs,
        consent_findable=rng.random() < findable_share,
        consent_contact=True,
        status="active" if rng.random() < 0.9 else "paused",
    )


@dataclass
class Timing:
    label: str
    median_ms: float
    count: int


def three_filter_cases() -> list[tuple[str, SearchFilters]]:
    experiences = list(LivedExperience.objects.order_by("pk").values_list("pk", flat=True))
    topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
    return [
        (
            "experience + region + online",
            SearchFilters(experiences=(experiences[6],), regions=("North West",), modes=("online",)),
        ),
        (
            "interest + region + in person",
            SearchFilters(topics=(topics[3],), regions=("London",), modes=("in_person",)),
        ),
        ("region + online + weekday", SearchFilters(regions=("Wales",), modes=("online",), days=("tue",))),
        (
            "two experiences + support offered + travel",
            SearchFilters(
                experiences=tuple(experiences[:2]),
                support_offered=("step_free", "breaks"),
                min_travel_miles=10,
            ),
        ),
    ]


def time_search(user, runs: int = 21) -> list[Timing]:
    from alongside.people.queries import search_contributors

    timings = []
    for label, filters in three_filter_cases():
        samples = []
        result = None
        for _ in range(runs):
            began = time.perf_counter()
            result = search_contributors(user, filters)
            samples.append((time.perf_counter() - began) * 1000)
        samples.sort()
        timings.append(Timing(label, samples[len(samples) // 2], result.count))
    return timings
