"""Synthetic contributors for the benchmark: ``load_synthetic(n)`` then time ``search_contributors``.

Rows are written in chunks with explicit primary keys, so the loader never reads back what it
wrote; the search rows are built in the same pass with the same code the services use.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max

from alongside.accounts.models import Organisation, Region
from alongside.people.choices import AccessNeed, Weekday
from alongside.people.models import Contributor, LivedExperience, SearchEntry, Topic
from alongside.people.queries import SearchFilters
from alongside.people.search_index import entries_for, is_searchable

CHUNK = 10_000
_VARYING = {
    "id",
    "reference",
    "last_name",
    "region",
    "online",
    "by_phone",
    "in_person",
    "travel_miles",
    "available_days",
    "access_needs",
    "consent_findable",
    "status",
}


def load_synthetic(n: int, *, seed: int = 7, findable_share: float = 0.6) -> Organisation:
    """Add ``n`` synthetic contributors (with experiences, interests and search rows)."""
    rng = random.Random(seed)
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-synthetic", defaults={"name": "Synthetic trust (benchmark)", "type": "nhs_trust"}
    )
    experiences = list(LivedExperience.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    next_pk = (Contributor.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    through_exp = Contributor.lived_experience.through
    through_topic = Contributor.interests.through
    contributor_rows = _RawRows(Contributor, varying=_VARYING)
    entry_rows = _RawRows(SearchEntry)
    for start in range(0, n, CHUNK):
        people, exp_rows, topic_rows, entries = [], [], [], []
        for offset in range(min(CHUNK, n - start)):
            pk = next_pk + start + offset
            person = _person(rng, organisation, pk, findable_share)
            chosen_exp = rng.sample(experiences, rng.randint(1, 3))
            chosen_topics = rng.sample(topics, rng.randint(1, 3))
            people.append(person)
            exp_rows += [(pk, e) for e in chosen_exp]
            topic_rows += [(pk, t) for t in chosen_topics]
            if is_searchable(person):
                entries += entries_for(person, chosen_exp, chosen_topics, None)
        with transaction.atomic():
            contributor_rows.insert(people)
            _insert_pairs(through_exp, "contributor_id", "livedexperience_id", exp_rows)
            _insert_pairs(through_topic, "contributor_id", "topic_id", topic_rows)
            entry_rows.insert(entries)
    return organisation


class _RawRows:
    """Inserts unsaved instances with executemany: the ORM's per-value work made the loader,
    not the database, the bottleneck. Fields listed in ``varying`` are read from each instance;
    all others are prepared once from the first instance."""

    def __init__(self, model, varying: set[str] | None = None):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not (f.primary_key and model is SearchEntry)]
        self.varying = varying
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = connection.ops.quote_name(model._meta.db_table)
        # Table and column names come from the model, never from input.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608

    def insert(self, instances) -> None:
        if not instances:
            return
        first = instances[0]
        constant = {
            f.attname: f.get_db_prep_save(f.pre_save(first, True), connection)
            for f in self.fields
            if self.varying is not None and f.attname not in self.varying
        }
        plan = []
        for f in self.fields:
            if f.attname in constant:
                plan.append((0, f.attname, constant[f.attname]))
            elif f.get_internal_type() == "JSONField":
                plan.append((2, f.attname, f))
            else:
                plan.append((1, f.attname, None))
        rows = []
        for obj in instances:
            row = []
            for kind, attname, extra in plan:
                if kind == 0:
                    row.append(extra)
                elif kind == 1:
                    row.append(getattr(obj, attname))
                else:
                    row.append(extra.get_db_prep_save(getattr(obj, attname), connection))
            rows.append(row)
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)


def _insert_pairs(model, left: str, right: str, pairs) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({left}, {right}) VALUES (%s, %s)", pairs)  # noqa: S608


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
    count: int  # the published figure (0 for "fewer than 10")
    cpu_ms: float = 0.0  # this process only: includes SQLite's work, not a PostgreSQL server's


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
        samples, cpu = [], []
        result = None
        for _ in range(runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            result = search_contributors(user, filters)
            samples.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        samples.sort()
        cpu.sort()
        timings.append(Timing(label, samples[len(samples) // 2], result.published or 0, cpu[len(cpu) // 2]))
    return timings


def load_synthetic_sql(n: int) -> Organisation:
    """The same kind of data as ``load_synthetic`` built inside the database in a few statements,
    for a million rows in well under a minute. Values come from the row number by fixed
    arithmetic, so runs are repeatable. Search rows use the same codes as ``searchcodes``."""
    from alongside.people import searchcodes as codes

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-synthetic", defaults={"name": "Synthetic trust (benchmark)", "type": "nhs_trust"}
    )
    experiences = list(LivedExperience.objects.order_by("pk").values_list("pk", flat=True))
    topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
    start = (Contributor.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    regions = list(codes.REGION.items())
    with transaction.atomic(), connection.cursor() as cursor:
        _fill_sequence(cursor, start, n)
        region_case = " ".join(f"WHEN {i} THEN '{name}'" for i, (name, _) in enumerate(regions))
        # A few fixed patterns so the JSON lists on the profile and the search masks agree.
        day_sets = [Weekday.values[i : i + 1 + i % 3] for i in range(7)]
        days_json = " ".join(f"WHEN {i} THEN '{json.dumps(d)}'" for i, d in enumerate(day_sets))
        days_mask = " ".join(f"WHEN {i} THEN {codes.mask(d, codes.DAY_BIT)}" for i, d in enumerate(day_sets))
        needs = AccessNeed.values
        needs_json = " ".join(f"WHEN {i} THEN '[\"{v}\"]'" for i, v in enumerate(needs))
        needs_mask = " ".join(f"WHEN {i} THEN {codes.NEED_BIT[v]}" for i, v in enumerate(needs))
        now = "'2026-01-01 00:00:00+00:00'"
        cast = "::jsonb" if connection.vendor == "postgresql" else ""
        cursor.execute(
            f"""INSERT INTO people_contributor (id, organisation_id, reference, first_name, last_name,
            known_as, email, mobile, landline, address_line_1, address_line_2, town, postcode,
            postcode_area, region,
            preferred_channels, times_not_to_call, access_needs, access_needs_other, languages, device,
            internet, digital_confidence, wants_digital_buddy, lived_experience_other, available_days,
            available_times, online, by_phone, in_person, travel_miles, status, consent_contact,
            consent_findable, consent_equality, consent_newsletter, created_via, created_at, updated_at)
            SELECT id, {organisation.pk}, 'B' || id, 'Synthetic', '' || id, '', '', '', '', '', '', '', '',
            '', CASE (id * 7) % 12 {region_case} END, '[]', '',
            (CASE WHEN id % 10 < 3 THEN CASE id % {len(needs)} {needs_json} END ELSE '[]' END){cast},
            '', '[]', '', '', '', FALSE, '', (CASE id % 7 {days_json} END){cast}, '[]',
            (id * 3) % 10 < 6, (id * 5) % 10 < 5, (id * 9) % 10 < 5, id % 51,
            CASE WHEN (id * 7) % 10 = 0 THEN 'paused' ELSE 'active' END, TRUE, (id * 13) % 10 < 6, FALSE,
            FALSE, 'import', {now}, {now} FROM bench_seq"""  # noqa: S608 - numbers and model names only
        )
        for table, column, ids, mult in (
            ("people_contributor_lived_experience", "livedexperience_id", experiences, (31, 17)),
            ("people_contributor_interests", "topic_id", topics, (23, 11)),
        ):
            case = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(ids))
            for k, m in enumerate(mult):
                extra = (
                    "" if k == 0 else f"WHERE (id * {m} + 5) % {len(ids)} <> (id * {mult[0]}) % {len(ids)}"
                )
                cursor.execute(
                    f"INSERT INTO {table} (contributor_id, {column}) SELECT id, "  # noqa: S608
                    f"CASE (id * {m} + {5 * k}) % {len(ids)} {case} END FROM bench_seq {extra}"
                )
        region_code = " ".join(f"WHEN '{name}' THEN {code}" for name, code in regions)
        base = f"""SELECT c.id, {organisation.pk}, {{tag}}, CASE c.region {region_code} ELSE 0 END,
            (CASE WHEN c.online THEN 1 ELSE 0 END) + (CASE WHEN c.by_phone THEN 2 ELSE 0 END)
            + (CASE WHEN c.in_person THEN 4 ELSE 0 END), CASE c.id % 7 {days_mask} END,
            CASE WHEN c.id % 10 < 3 THEN CASE c.id % {len(needs)} {needs_mask} END ELSE 0 END,
            COALESCE(c.travel_miles, 0), 0, 0, 0
            FROM people_contributor c {{join}} WHERE c.id >= {start} AND c.consent_findable
            AND c.status = 'active'"""  # noqa: S608 - numbers and model names only
        insert = (
            "INSERT INTO people_searchentry (contributor_id, organisation_id_copy, tag, region, modes, days,"
            " needs, travel_miles, ethnic, disability, birth_year) "
        )
        cursor.execute(insert + base.format(tag=0, join=""))
        cursor.execute(
            insert
            + base.format(
                tag=f"{SearchEntry.EXPERIENCE_BASE} + t.livedexperience_id",
                join="JOIN people_contributor_lived_experience t ON t.contributor_id = c.id",
            )
        )
        cursor.execute(
            insert
            + base.format(
                tag=f"{SearchEntry.TOPIC_BASE} + t.topic_id",
                join="JOIN people_contributor_interests t ON t.contributor_id = c.id",
            )
        )
        cursor.execute("DROP TABLE bench_seq")
    return organisation


def _fill_sequence(cursor, start: int, n: int) -> None:
    cursor.execute("CREATE TEMPORARY TABLE bench_seq (id bigint PRIMARY KEY)")
    if connection.vendor == "postgresql":
        cursor.execute("INSERT INTO bench_seq SELECT generate_series(%s, %s)", [start, start + n - 1])
    else:
        cursor.execute(
            "WITH RECURSIVE s(id) AS (SELECT %s UNION ALL SELECT id + 1 FROM s WHERE id < %s) "
            "INSERT INTO bench_seq SELECT id FROM s",
            [start, start + n - 1],
        )
