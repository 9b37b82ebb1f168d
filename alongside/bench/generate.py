"""Seeded synthetic national data at four scales, written with bulk inserts.

Each step draws whole columns with numpy (one random generator, so a seed gives
the same data every time) and writes them through ``tables.write``. Relationships
follow the real shape: contributors by census region, a few people doing most of
the contributing (Zipf), opportunities spread over the year, contributions only
in activities that have happened.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from alongside.accounts.models import Membership, Organisation, Role, User
from alongside.bench import vocabulary as words
from alongside.bench.bulk import BulkWriter
from alongside.bench.census import ADULT_BANDS, region_profiles
from alongside.bench.models import GeneratedRange
from alongside.bench.tables import DAY, day_number, days, stamps, write
from alongside.opportunities.models import Activity, Application, Contribution, Opportunity, Project
from alongside.people import searchcodes
from alongside.people.choices import AccessNeed, EthnicGroup, EthnicGroupHigh, Weekday
from alongside.people.models import (
    CommunityPartner,
    ConsentEvent,
    ConsentWording,
    Contributor,
    EqualityMonitoring,
    LivedExperience,
    SearchEntry,
    StatusChange,
    Topic,
)
from alongside.people.regions import area_regions


@dataclass(frozen=True)
class Scale:
    name: str
    contributors: int
    organisations: int
    opportunities: int
    contributions: int
    applications: int
    claims: int
    messages: int


SCALES = {
    s.name: s
    for s in (
        Scale("tiny", 100, 6, 20, 400, 150, 40, 200),
        Scale("small", 10_000, 40, 1_000, 50_000, 15_000, 1_000, 20_000),
        Scale("medium", 100_000, 200, 10_000, 500_000, 150_000, 10_000, 200_000),
        Scale("large", 1_000_000, 1_000, 50_000, 5_000_000, 1_500_000, 100_000, 2_000_000),
    )
}
WEEKDAYS = list(Weekday.values)
NEEDS = list(AccessNeed.values)
STAFF_ROLES = (Role.RESEARCHER, Role.INVOLVEMENT_STAFF, Role.FINANCE, Role.ORG_ADMIN)


class Generator:
    def __init__(self, scale: Scale, seed: int = 1, log=print):
        self.scale = scale
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.writer = BulkWriter(scale.name, seed)
        self.log = log
        self.today = day_number(timezone.localdate())
        self.now = int(time.time())

    # ---- the whole run -------------------------------------------------------------------------
    def run(self) -> dict[str, float]:
        timings: dict[str, float] = {}
        steps = [
            ("reference data", self.reference_data),
            ("organisations and staff", self.organisations),
            ("contributors", self.contributors),
            ("consent and equality", self.consent_and_equality),
            ("interests and lived experience", self.interests),
            ("researcher search index", self.search_entries),
            ("community partners", self.community_partners),
            ("projects and opportunities", self.opportunities),
            ("activities", self.activities),
            ("contributions", self.contributions),
            ("applications", self.applications),
            *self.extension_steps(),
        ]
        with _fast_inserts(), transaction.atomic():
            for label, step in steps:
                started = time.perf_counter()
                step()
                timings[label] = time.perf_counter() - started
                self.log(f"  {label:<34} {timings[label]:7.1f} s")
            self.writer.finish(_generated_models())
        return timings

    def extension_steps(self) -> list:
        """Steps for capabilities that land later (community partners, claims, messages)."""
        from alongside.bench import extensions

        return extensions.steps(self)

    # ---- helpers ---------------------------------------------------------------------------------
    def pick(self, options, size, p=None):
        index = self.rng.choice(len(options), size=size, p=p)
        return [options[i] for i in index.tolist()]

    def chance(self, probability: float, size: int) -> np.ndarray:
        return self.rng.random(size) < probability

    def seconds_between(self, start_day: int, end_day: int, size: int) -> np.ndarray:
        return self.rng.integers(start_day * DAY, end_day * DAY, size=size)

    # ---- steps -------------------------------------------------------------------------------------
    def reference_data(self) -> None:
        # The people app seeds these lists in a migration; make our own only if they are empty.
        if not Topic.objects.exists():
            Topic.objects.bulk_create(Topic(name=n, slug=slugify(n)) for n in words.TOPIC_NAMES)
        if not LivedExperience.objects.exists():
            LivedExperience.objects.bulk_create(
                LivedExperience(name=n, slug=slugify(n), kind=k) for k, n in words.EXPERIENCES
            )
        self.topic_ids = np.array(list(Topic.objects.filter(active=True).values_list("pk", flat=True)))
        self.topic_names = dict(Topic.objects.values_list("pk", "name"))
        self.experience_ids = np.array(list(LivedExperience.objects.values_list("pk", flat=True)))
        self.wordings = {
            purpose: ConsentWording.objects.filter(purpose=purpose).order_by("-version").first().pk
            for purpose in ("contact", "findable", "equality", "newsletter")
        }
        self.profiles = region_profiles()
        population = np.array([p.population for p in self.profiles], dtype=float)
        self.region_share = population / population.sum()
        self.areas_by_region = {p.name: [] for p in self.profiles}
        for area, region in area_regions().items():
            if region in self.areas_by_region:
                self.areas_by_region[region].append(area)
        self.area_names = _area_names()

    def organisations(self) -> None:
        n = self.scale.organisations
        kinds = self.rng.integers(0, len(words.ORG_KINDS), n)
        kinds[: len(words.ORG_KINDS)] = np.arange(min(n, len(words.ORG_KINDS)))  # every kind at least once
        regions = self.rng.choice(len(self.profiles), n, p=self.region_share)
        names = []
        for i in range(n):
            place = words.PLACES[i % len(words.PLACES)]
            name = words.ORG_KINDS[kinds[i]][1].format(place=place)
            names.append(name if i < len(words.PLACES) else f"{name} ({i // len(words.PLACES) + 1})")
        first = write(
            self.writer,
            Organisation,
            n,
            lambda a, b: {
                "name": names[a:b],
                "slug": [f"gen-{slugify(x)}"[:80] for x in names[a:b]],
                "type": [words.ORG_KINDS[k][0] for k in kinds[a:b].tolist()],
                "region": [self.profiles[r].name for r in regions[a:b].tolist()],
            },
        )
        self.org_ids = np.arange(first, first + n)
        self.org_regions = regions
        # A few organisations hold most of the work, as in real life.
        weights = 1.0 / np.arange(1, n + 1) ** 0.8
        self.org_weights = weights[self.rng.permutation(n)] / weights.sum()
        self._staff()

    def _staff(self) -> None:
        n_orgs = self.scale.organisations
        n = n_orgs * len(STAFF_ROLES)
        org_index = np.repeat(np.arange(n_orgs), len(STAFF_ROLES))
        roles = [r.value for r in STAFF_ROLES] * n_orgs
        first_names = self.pick(words.FEMALE_NAMES + words.MALE_NAMES, n)
        last_names = self.pick(words.LAST_NAMES, n)
        first_user = self.writer.next_id(User)
        write(
            self.writer,
            User,
            n,
            lambda a, b: {
                "email": [f"staff{first_user + i}@gen.example.org" for i in range(a, b)],
                "full_name": [
                    f"{f} {surname}" for f, surname in zip(first_names[a:b], last_names[a:b], strict=True)
                ],
                "password": "!unusable",
            },
        )
        self.staff_ids = np.arange(first_user, first_user + n)
        self.researcher_by_org = self.staff_ids[0 :: len(STAFF_ROLES)]
        self.staff_by_org = self.staff_ids[1 :: len(STAFF_ROLES)]
        write(
            self.writer,
            Membership,
            n,
            lambda a, b: {
                "user_id": self.staff_ids[a:b],
                "organisation_id": self.org_ids[org_index[a:b]],
                "role": roles[a:b],
            },
        )

    def contributors(self) -> None:
        n = self.scale.contributors
        rng = self.rng
        self.c_region = rng.choice(len(self.profiles), n, p=self.region_share)
        female = np.array([p.female for p in self.profiles])[self.c_region]
        self.c_female = rng.random(n) < female
        self.c_org = self._home_organisations(n)
        has_email = self.chance(0.85, n)
        self.c_has_email = has_email
        has_mobile = self.chance(0.7, n)
        self.c_status = np.array(["active", "paused", "left"])[rng.choice(3, n, p=[0.92, 0.05, 0.03])]
        self.c_consent = {
            "contact": self.chance(0.92, n),
            "findable": self.chance(0.45, n),
            "equality": self.chance(0.65, n),
            "newsletter": self.chance(0.5, n),
        }
        self.c_created = self.seconds_between(self.today - 7 * 365, self.today, n)
        self.c_how = np.where(
            has_email, "online", np.array(["paper", "phone", "import"])[rng.integers(0, 3, n)]
        )
        self._ways_and_needs(n)
        first_id = self.writer.next_id(Contributor)
        self.c_ids = np.arange(first_id, first_id + n)
        self._contributor_users(has_email)
        write(
            self.writer, Contributor, n, lambda a, b: self._contributor_columns(a, b, has_email, has_mobile)
        )
        self._status_history()

    def _ways_and_needs(self, n: int) -> None:
        """How and when people take part, and the support they need, as arrays (the search uses them)."""
        self.c_online = self.chance(0.75, n)
        self.c_phone = self.chance(0.4, n)
        self.c_in_person = self.chance(0.5, n)
        self.c_travel = np.where(self.c_in_person, self.rng.choice([5, 10, 15, 20, 30, 50], n), 0)
        self.c_days = self.rng.integers(1, 128, n)  # a bit per weekday, Monday first
        wants = self.chance(0.15, n)
        first, second = self.rng.integers(0, len(NEEDS), n), self.rng.integers(0, len(NEEDS), n)
        self.c_needs = np.where(wants, (1 << first) | (1 << second), 0)

    def _home_organisations(self, n: int) -> np.ndarray:
        """Contributors mostly belong to an organisation in their own region."""
        by_region = {r: np.flatnonzero(self.org_regions == r) for r in range(len(self.profiles))}
        orgs = self.rng.choice(len(self.org_ids), n, p=self.org_weights)
        local = self.rng.random(n) < 0.8
        for region, members in by_region.items():
            if len(members) == 0:
                continue
            mask = local & (self.c_region == region)
            orgs[mask] = members[self.rng.integers(0, len(members), mask.sum())]
        return self.org_ids[orgs]

    def _contributor_users(self, has_email: np.ndarray) -> None:
        """A quarter of contributors sign in online; the rest are kept by staff."""
        with_login = np.flatnonzero(has_email & self.chance(0.3, len(has_email)))
        first = self.writer.next_id(User)
        write(
            self.writer,
            User,
            len(with_login),
            lambda a, b: {
                "email": [f"contributor{self.c_ids[i]}@gen.example.org" for i in with_login[a:b].tolist()],
                "password": "!unusable",
                "date_joined": stamps(self.writer, self.c_created[with_login[a:b]]),
            },
        )
        self.c_user = np.full(len(has_email), -1)
        self.c_user[with_login] = np.arange(first, first + len(with_login))

    def _contributor_columns(self, a: int, b: int, has_email, has_mobile) -> dict:
        n = b - a
        rng = self.rng
        female = self.c_female[a:b]
        firsts = np.where(
            female,
            np.array(words.FEMALE_NAMES)[rng.integers(0, len(words.FEMALE_NAMES), n)],
            np.array(words.MALE_NAMES)[rng.integers(0, len(words.MALE_NAMES), n)],
        ).tolist()
        lasts = self.pick(words.LAST_NAMES, n)
        ids = self.c_ids[a:b].tolist()
        regions = [self.profiles[r].name for r in self.c_region[a:b].tolist()]
        areas = [
            self.areas_by_region[r][i % len(self.areas_by_region[r])]
            for r, i in zip(regions, rng.integers(0, 1000, n).tolist(), strict=True)
        ]
        postcodes = self._postcodes(areas)
        emails = [
            f"{f}.{surname}{i}@example.com".lower().replace("'", "") if e else ""
            for f, surname, i, e in zip(firsts, lasts, ids, has_email[a:b].tolist(), strict=True)
        ]
        mobiles = [
            f"07{m:03d} {r:06d}" if h else ""
            for m, r, h in zip(
                rng.integers(700, 999, n).tolist(),
                rng.integers(0, 999_999, n).tolist(),
                has_mobile[a:b].tolist(),
                strict=True,
            )
        ]
        channels = [
            json.dumps(["email", "text"] if e else ["letter", "phone"]) for e in has_email[a:b].tolist()
        ]
        needs = [_bits_json(m, NEEDS) for m in self.c_needs[a:b].tolist()]
        users = self.c_user[a:b].tolist()
        return {
            "user_id": [u if u > 0 else None for u in users],
            "organisation_id": self.c_org[a:b],
            "reference": [f"GN{i:08d}" for i in ids],
            "first_name": firsts,
            "last_name": lasts,
            "email": emails,
            "mobile": mobiles,
            "address_line_1": [
                f"{k} {s} {t}"
                for k, s, t in zip(
                    rng.integers(1, 200, n).tolist(),
                    self.pick(words.STREETS, n),
                    self.pick(words.STREET_KINDS, n),
                    strict=True,
                )
            ],
            "town": [self.area_names.get(area, area) for area in areas],
            "postcode": postcodes,
            "postcode_area": areas,
            "region": regions,
            "preferred_channels": channels,
            "access_needs": needs,
            "device": self.pick(["smartphone", "computer", "tablet", "none"], n, p=[0.45, 0.35, 0.12, 0.08]),
            "internet": self.pick(["good", "limited", "none"], n, p=[0.8, 0.13, 0.07]),
            "digital_confidence": self.pick(["very", "some", "not"], n, p=[0.5, 0.35, 0.15]),
            "online": self.c_online[a:b],
            "by_phone": self.c_phone[a:b],
            "in_person": self.c_in_person[a:b],
            "travel_miles": [t if t else None for t in self.c_travel[a:b].tolist()],
            "available_days": [_bits_json(d, WEEKDAYS) for d in self.c_days[a:b].tolist()],
            "status": self.c_status[a:b],
            **{f"consent_{k}": v[a:b] for k, v in self.c_consent.items()},
            "created_via": self.c_how[a:b],
            "created_at": stamps(self.writer, self.c_created[a:b]),
        }

    def _postcodes(self, areas: list[str]) -> list[str]:
        n = len(areas)
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        district = self.rng.integers(1, 30, n).tolist()
        sector = self.rng.integers(0, 10, n).tolist()
        unit = self.rng.integers(0, len(letters), (n, 2)).tolist()
        return [
            f"{a}{d} {s}{letters[u[0]]}{letters[u[1]]}"
            for a, d, s, u in zip(areas, district, sector, unit, strict=True)
        ]

    def _status_history(self) -> None:
        n = self.scale.contributors
        write(
            self.writer,
            StatusChange,
            n,
            lambda a, b: {
                "contributor_id": self.c_ids[a:b],
                "to_status": "active",
                "reason": "Joined",
                "at": stamps(self.writer, self.c_created[a:b]),
            },
        )

    def consent_and_equality(self) -> None:
        """One consent event per purpose asked: contact is always asked, others when answered."""
        n = self.scale.contributors
        asked = {
            "contact": np.ones(n, bool),
            "findable": self.c_consent["findable"] | self.chance(0.3, n),
            "equality": self.c_consent["equality"] | self.chance(0.2, n),
            "newsletter": self.c_consent["newsletter"] | self.chance(0.2, n),
        }
        for purpose, mask in asked.items():
            who = np.flatnonzero(mask)
            write(
                self.writer,
                ConsentEvent,
                len(who),
                lambda a, b, who=who, purpose=purpose: {
                    "contributor_id": self.c_ids[who[a:b]],
                    "purpose": purpose,
                    "given": self.c_consent[purpose][who[a:b]],
                    "wording_id": self.wordings[purpose],
                    "how": self.c_how[who[a:b]],
                    "at": stamps(self.writer, self.c_created[who[a:b]] + 60),
                },
            )
        self._equality(np.flatnonzero(self.c_consent["equality"]))

    def _equality(self, who: np.ndarray) -> None:
        n = len(who)
        regions = self.c_region[who]
        birth_years = np.zeros(n, dtype=int)
        ethnic = np.empty(n, dtype=object)
        disabled = np.zeros(n, dtype=bool)
        this_year = timezone.localdate().year
        for index, profile in enumerate(self.profiles):
            mask = regions == index
            k = int(mask.sum())
            bands = list(profile.age_bands)
            band = self.rng.choice(len(bands), k, p=list(profile.age_bands.values()))
            low = np.array([ADULT_BANDS[b][0] for b in bands])[band]
            high = np.array([ADULT_BANDS[b][1] for b in bands])[band]
            birth_years[mask] = this_year - self.rng.integers(low, high + 1)
            ethnic[mask] = self._ethnic_groups(profile, k)
            disabled[mask] = self.rng.random(k) < profile.disabled
        prefer_not = self.chance(0.03, n)
        female = self.c_female[who]
        disability = np.where(prefer_not, "prefer_not", np.where(disabled, "yes", "no"))
        high = np.array([EthnicGroup.high_level(e) for e in ethnic.tolist()], dtype=object)
        # What the search may filter on, for people who gave the equality consent.
        size = self.scale.contributors
        self.c_ethnic_code = np.zeros(size, dtype=np.int64)
        self.c_disability_code = np.zeros(size, dtype=np.int64)
        self.c_birth_year = np.zeros(size, dtype=np.int64)
        self.c_ethnic_code[who] = [searchcodes.ETHNIC.get(h, 0) for h in high.tolist()]
        self.c_disability_code[who] = [searchcodes.DISABILITY.get(d, 0) for d in disability.tolist()]
        self.c_birth_year[who] = np.where(prefer_not, 0, birth_years)
        write(
            self.writer,
            EqualityMonitoring,
            n,
            lambda a, b: {
                "contributor_id": self.c_ids[who[a:b]],
                "year_of_birth": [
                    None if p else y
                    for p, y in zip(prefer_not[a:b].tolist(), birth_years[a:b].tolist(), strict=True)
                ],
                "age_prefer_not": prefer_not[a:b],
                "sex": np.where(female[a:b], "female", "male"),
                "gender_same_as_sex": "yes",
                "ethnic_group": ethnic[a:b].tolist(),
                "ethnic_group_high": high[a:b].tolist(),
                "disability": disability[a:b],
            },
        )

    def _ethnic_groups(self, profile, k: int) -> np.ndarray:
        groups = list(profile.ethnic_groups)
        high = np.array(groups)[self.rng.choice(len(groups), k, p=list(profile.ethnic_groups.values()))]
        detailed = np.empty(k, dtype=object)
        by_high = {h: [e.value for e in EthnicGroup if e.value.startswith(f"{h}_")] for h in groups}
        for group in groups:
            mask = high == group
            options = by_high[group]
            if group == EthnicGroupHigh.WHITE:
                other = [o for o in options if o != "white_british"]
                british = self.rng.random(mask.sum()) < profile.white_british_share_of_white
                detailed[mask] = np.where(
                    british,
                    "white_british",
                    np.array(other)[self.rng.choice(len(other), mask.sum(), p=[0.2, 0.02, 0.03, 0.75])],
                )
            else:
                detailed[mask] = np.array(options)[self.rng.integers(0, len(options), mask.sum())]
        return detailed

    def interests(self) -> None:
        n = self.scale.contributors
        self.c_interests = self._many_to_many(
            Contributor.interests.through,
            "contributor_id",
            "topic_id",
            self.c_ids,
            self.rng.integers(1, 4, n),
            self.topic_ids,
        )
        experiences = np.minimum(self.rng.poisson(0.9, n), 3)
        self.c_experiences = self._many_to_many(
            Contributor.lived_experience.through,
            "contributor_id",
            "livedexperience_id",
            self.c_ids,
            experiences,
            self.experience_ids,
        )

    def _many_to_many(
        self, through, left, right, left_ids, counts, right_ids
    ) -> tuple[np.ndarray, np.ndarray]:
        """Distinct right-hand choices per left row, ``counts[i]`` of them. Returns (row index, right id)."""
        owners = np.repeat(np.arange(len(left_ids)), counts)
        picks = self.rng.integers(0, len(right_ids), len(owners))
        pairs = np.unique(owners.astype(np.int64) * len(right_ids) + picks)
        owners, picks = pairs // len(right_ids), pairs % len(right_ids)
        write(
            self.writer,
            through,
            len(pairs),
            lambda a, b: {left: left_ids[owners[a:b]], right: right_ids[picks[a:b]]},
        )
        return owners, right_ids[picks]

    def search_entries(self) -> None:
        """The people app's denormalised search rows, for findable active people (see people.search_index)."""
        searchable = self.c_consent["findable"] & (self.c_status == "active")
        everyone = np.flatnonzero(searchable)
        exp_owner, exp_id = self.c_experiences
        topic_owner, topic_id = self.c_interests
        keep_exp, keep_topic = searchable[exp_owner], searchable[topic_owner]
        owner = np.concatenate([everyone, exp_owner[keep_exp], topic_owner[keep_topic]])
        tag = np.concatenate(
            [
                np.full(len(everyone), SearchEntry.EVERYONE),
                SearchEntry.EXPERIENCE_BASE + exp_id[keep_exp],
                SearchEntry.TOPIC_BASE + topic_id[keep_topic],
            ]
        )
        order = np.lexsort((tag, owner))
        owner, tag = owner[order], tag[order]
        region_code = np.array([searchcodes.REGION[p.name] for p in self.profiles])[self.c_region]
        modes = (
            (self.c_online * searchcodes.ONLINE)
            | (self.c_phone * searchcodes.PHONE)
            | (self.c_in_person * searchcodes.IN_PERSON)
        )
        write(
            self.writer,
            SearchEntry,
            len(owner),
            lambda a, b: {
                "contributor_id": self.c_ids[owner[a:b]],
                "organisation_id_copy": self.c_org[owner[a:b]],
                "tag": tag[a:b],
                "region": region_code[owner[a:b]],
                "modes": modes[owner[a:b]],
                "days": self.c_days[owner[a:b]],
                "needs": self.c_needs[owner[a:b]],
                "travel_miles": self.c_travel[owner[a:b]],
                "ethnic": self.c_ethnic_code[owner[a:b]],
                "disability": self.c_disability_code[owner[a:b]],
                "birth_year": self.c_birth_year[owner[a:b]],
            },
        )

    def community_partners(self) -> None:
        """Community groups and charities among the organisations are partners."""
        kinds = Organisation.objects.filter(pk__in=self.org_ids.tolist(), type__in=["community", "charity"])
        partner_orgs = np.array(sorted(kinds.values_list("pk", flat=True)), dtype=np.int64)
        communities = self.pick(words.COMMUNITIES, len(partner_orgs))
        write(
            self.writer,
            CommunityPartner,
            len(partner_orgs),
            lambda a, b: {
                "organisation_id": partner_orgs[a:b],
                "description": "A local group that helps researchers reach and work with people.",
                "communities_served": communities[a:b],
                "areas": [
                    json.dumps([self.profiles[r].name])
                    for r in self.org_regions[np.searchsorted(self.org_ids, partner_orgs[a:b])].tolist()
                ],
                "partnership": json.dumps(["recruitment", "co_design"]),
                "created_at": stamps(self.writer, self.seconds_between(self.today - 900, self.today, b - a)),
            },
        )

    def opportunities(self) -> None:
        n = self.scale.opportunities
        n_orgs = self.scale.organisations
        projects_per_org = max(1, n // n_orgs // 8)
        n_projects = n_orgs * projects_per_org
        project_orgs = np.repeat(np.arange(n_orgs), projects_per_org)
        first_project = write(
            self.writer,
            Project,
            n_projects,
            lambda a, b: {
                "organisation_id": self.org_ids[project_orgs[a:b]],
                "title": [
                    f"{words.TOPIC_NAMES[i % len(words.TOPIC_NAMES)]} research programme {i + 1}"
                    for i in range(a, b)
                ],
                "lead_id": self.researcher_by_org[project_orgs[a:b]],
                "stage": self.pick(["idea", "applying", "funded", "finished"], b - a, p=[0.2, 0.2, 0.5, 0.1]),
                "created_at": stamps(
                    self.writer, self.seconds_between(self.today - 3 * 365, self.today - 30, b - a)
                ),
            },
        )
        org = self.rng.choice(n_orgs, n, p=self.org_weights)
        project = first_project + org * projects_per_org + self.rng.integers(0, projects_per_org, n)
        opens = self.rng.integers(self.today - 330, self.today + 35, n)
        closes = opens + self.rng.integers(14, 91, n)
        status = np.where(closes < self.today, "closed", "published")
        pending = (status == "published") & self.chance(0.12, n)
        status[pending] = np.array(["draft", "in_review", "changes"])[self.rng.integers(0, 3, pending.sum())]
        topic = self.rng.integers(0, len(self.topic_ids), n)
        self.o_first = self.writer.next_id(Opportunity)
        self.o_ids = np.arange(self.o_first, self.o_first + n)
        self.o_org, self.o_opens, self.o_closes, self.o_status = self.org_ids[org], opens, closes, status
        self.o_topic = topic
        write(self.writer, Opportunity, n, lambda a, b: self._opportunity_columns(a, b, org, project))
        counts = self.rng.integers(0, 3, n)
        through = Opportunity.topics.through
        extra_owner = np.repeat(np.arange(n), counts)
        extra_topic = self.rng.integers(0, len(self.topic_ids), len(extra_owner))
        pairs = np.unique(
            np.concatenate(
                [np.arange(n) * len(self.topic_ids) + topic, extra_owner * len(self.topic_ids) + extra_topic]
            )
        )
        write(
            self.writer,
            through,
            len(pairs),
            lambda a, b: {
                "opportunity_id": self.o_ids[pairs[a:b] // len(self.topic_ids)],
                "topic_id": self.topic_ids[pairs[a:b] % len(self.topic_ids)],
            },
        )

    def _opportunity_columns(self, a: int, b: int, org, project) -> dict:
        n = b - a
        topics = [
            self.topic_names[t].lower() if self.topic_names[t] not in ("HIV",) else "HIV"
            for t in self.topic_ids[self.o_topic[a:b]].tolist()
        ]
        openings = self.pick(words.OPPORTUNITY_OPENINGS, n)
        subjects = self.pick(words.OPPORTUNITY_SUBJECTS, n)
        titles = [f"{o} {s.format(topic=t)}" for o, s, t in zip(openings, subjects, topics, strict=True)]
        ids = self.o_ids[a:b].tolist()
        sentences = self.rng.integers(0, len(words.SUMMARY_SENTENCES), (n, 3)).tolist()
        formats = self.pick(
            ["online", "phone", "in_person", "hybrid", "post"], n, p=[0.45, 0.1, 0.2, 0.2, 0.05]
        )
        regions = [self.profiles[self.org_regions[o]].name for o in org[a:b].tolist()]
        national = self.chance(0.25, n).tolist()
        published = (self.o_status[a:b] != "draft") & (self.o_status[a:b] != "in_review")
        return {
            "organisation_id": self.o_org[a:b],
            "project_id": project[a:b],
            "title": titles,
            "slug": [f"{slugify(t)[:150]}-{i}" for t, i in zip(titles, ids, strict=True)],
            "summary": [
                " ".join(words.SUMMARY_SENTENCES[k].format(topic=t) for k in dict.fromkeys(s))
                for s, t in zip(sentences, topics, strict=True)
            ],
            "what_you_would_do": "Come to a few meetings, read short documents and tell us what you think.",
            "who_we_want": "Anyone with experience of the topic, and their carers and families.",
            "format": formats,
            "location": [
                "" if f in ("online", "phone", "post") else r for f, r in zip(formats, regions, strict=True)
            ],
            "region": ["" if nat else r for nat, r in zip(national, regions, strict=True)],
            "time_needed_hours": [f"{h}.0" for h in self.rng.integers(1, 30, n).tolist()],
            "time_needed": "A few hours a month",
            "paid": self.chance(0.85, n),
            "payment_offered": "£25 an hour, and your travel and care costs",
            "support_offered": json.dumps(["travel costs", "carer costs", "help getting online"]),
            "places": self.rng.integers(4, 25, n),
            "opens_on": days(self.o_opens[a:b]),
            "closes_on": days(self.o_closes[a:b]),
            "contact_name": "Involvement team",
            "contact_email": "involvement@gen.example.org",
            "status": self.o_status[a:b],
            "created_by_id": self.researcher_by_org[np.searchsorted(self.org_ids, self.o_org[a:b])],
            "created_at": stamps(self.writer, (self.o_opens[a:b] - 10) * DAY),
            "published_at": [
                stamp if p else None
                for stamp, p in zip(
                    stamps(self.writer, self.o_opens[a:b] * DAY), published.tolist(), strict=True
                )
            ],
        }

    def activities(self) -> None:
        n_opp = self.scale.opportunities
        counts = self.rng.integers(1, 6, n_opp)
        owner = np.repeat(np.arange(n_opp), counts)
        n = len(owner)
        kind = self.rng.integers(0, len(words.ACTIVITY_KINDS), n)
        # Sessions run from when the opportunity closes to a few months after.
        start_day = self.o_closes[owner] + self.rng.integers(7, 120, n)
        starts = start_day * DAY + self.rng.integers(9, 18, n) * 3600
        durations = self.rng.choice([60, 90, 120, 180], n)
        self.a_first = write(
            self.writer,
            Activity,
            n,
            lambda a, b: {
                "opportunity_id": self.o_ids[owner[a:b]],
                "title": [words.ACTIVITY_KINDS[k][1] for k in kind[a:b].tolist()],
                "activity_type": [words.ACTIVITY_KINDS[k][0] for k in kind[a:b].tolist()],
                "starts_at": stamps(self.writer, starts[a:b]),
                "duration_minutes": durations[a:b],
            },
        )
        self.a_owner, self.a_start, self.a_minutes = owner, starts, durations

    def contributions(self) -> None:
        done = np.flatnonzero(self.a_start < self.now)
        if len(done) == 0:
            self.k_contributor = self.k_activity = np.array([], dtype=np.int64)
            return
        target = self.scale.contributions
        cap = max(2, min(400, len(done) // 2))
        per_person = np.minimum(self.rng.zipf(1.7, self.scale.contributors), cap)
        order = self.rng.permutation(self.scale.contributors)
        running = np.cumsum(per_person[order])
        active = order[: int(np.searchsorted(running, target)) + 1]
        contributors = np.repeat(active, per_person[active])
        chosen = done[self.rng.integers(0, len(done), len(contributors))]
        pairs = np.unique(contributors.astype(np.int64) * len(self.a_owner) + chosen)[: target * 2]
        pairs = self.rng.permutation(pairs)[:target]
        pairs.sort()
        self.k_contributor, self.k_activity = pairs // len(self.a_owner), pairs % len(self.a_owner)
        opportunity = self.a_owner[self.k_activity]
        self.k_first = write(
            self.writer,
            Contribution,
            len(pairs),
            lambda a, b: {
                "contributor_id": self.c_ids[self.k_contributor[a:b]],
                "activity_id": self.a_first + self.k_activity[a:b],
                "opportunity_id": self.o_ids[opportunity[a:b]],
                "organisation_id": self.o_org[opportunity[a:b]],
                "date": days(self.a_start[self.k_activity[a:b]] // DAY),
                "minutes": self.a_minutes[self.k_activity[a:b]],
                "role": self.pick(words.CONTRIBUTION_ROLES, b - a),
                "recorded_by_id": self.staff_by_org[
                    np.searchsorted(self.org_ids, self.o_org[opportunity[a:b]])
                ],
                "created_at": stamps(self.writer, self.a_start[self.k_activity[a:b]] + 3 * DAY),
            },
        )

    def applications(self) -> None:
        """Everyone who took part was selected; others applied and were not, or are waiting."""
        n_opp = self.scale.opportunities
        took_part = np.unique(self.k_contributor * n_opp + self.a_owner[self.k_activity])
        target = max(self.scale.applications, len(took_part) // 2)
        selected = self.rng.permutation(took_part)[: int(target * 0.6)]
        others = self.rng.integers(0, self.scale.contributors, target).astype(
            np.int64
        ) * n_opp + self.rng.integers(0, n_opp, target)
        others = np.setdiff1d(np.unique(others), took_part)[: target - len(selected)]
        keys = np.concatenate([selected, others])
        status = np.concatenate(
            [
                np.full(len(selected), "selected", dtype=object),
                np.array(["received", "shortlisted", "not_selected", "withdrawn"], dtype=object)[
                    self.rng.choice(4, len(others), p=[0.45, 0.1, 0.33, 0.12])
                ],
            ]
        )
        who, opp = keys // n_opp, keys % n_opp
        status[(status == "received") & (self.o_closes[opp] < self.today)] = "not_selected"
        reasons = self.rng.integers(0, len(words.WHY_INTERESTED), len(keys))
        write(
            self.writer,
            Application,
            len(keys),
            lambda a, b: {
                "opportunity_id": self.o_ids[opp[a:b]],
                "contributor_id": self.c_ids[who[a:b]],
                "why_interested": [
                    words.WHY_INTERESTED[r].format(
                        experience="a long-term condition",
                        years=(i % 20) + 1,
                        topic=self.topic_names[t].lower(),
                    )
                    for r, i, t in zip(
                        reasons[a:b].tolist(),
                        range(a, b),
                        self.topic_ids[self.o_topic[opp[a:b]]].tolist(),
                        strict=True,
                    )
                ],
                "status": status[a:b].tolist(),
                "how": self.c_how[who[a:b]],
                "created_at": stamps(self.writer, np.minimum(self.o_opens[opp[a:b]] + 3, self.today) * DAY),
            },
        )


def _bits_json(mask: int, values: list[str]) -> str:
    return json.dumps([value for index, value in enumerate(values) if mask >> index & 1])


def _area_names() -> dict[str, str]:
    import csv

    from django.conf import settings

    with open(settings.CENSUS_DIR / "postcode_areas.csv", encoding="utf-8") as handle:
        return {row["postcode_area"]: row["name"] for row in csv.DictReader(handle)}


def _generated_models() -> list:
    from django.apps import apps

    tables = set(GeneratedRange.objects.values_list("table", flat=True))
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in tables:
            found.append(model)
    return found


class _fast_inserts:
    """SQLite: skip fsync while bulk loading (outside any transaction only).

    PostgreSQL: more memory for rebuilding indexes, and no waiting for the commit to reach disk.
    """

    def __enter__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                cursor.execute("SET synchronous_commit = off")
        self.active = connection.vendor == "sqlite" and not connection.in_atomic_block
        if self.active:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA cache_size=-200000")
        return self

    def __exit__(self, *exc):
        if self.active:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
        return False


def has_generated_data() -> bool:
    return GeneratedRange.objects.exists()


def generated_scale() -> str | None:
    block = GeneratedRange.objects.order_by("pk").first()
    return block.scale if block else None


def generate(scale_name: str, seed: int = 1, log=print) -> dict[str, float]:
    return Generator(SCALES[scale_name], seed, log).run()
