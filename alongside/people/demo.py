"""The demo's people: about 200 public contributors and the community partners around Northbridge.

Most live in the North West, where Northbridge Teaching Hospitals is; some in North Wales, several
with Welsh as their first language; a few further away. About half joined online (with a sign-in,
in the national pool); the rest were added by Northbridge or Riverside staff from a phone call, a
paper form, a conversation or an old spreadsheet (no sign-in). Everyone has consent records, and
most answered the equality questions. Named people (``CAST``) carry the story the later layers
tell: applications, sessions, claims and payments.

Everything is made through ``people.services`` and ``people.partners`` on the day it happened.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from alongside.accounts.demo import staff_user
from alongside.accounts.models import Organisation, Region
from alongside.core.demodata import Story, chance
from alongside.people import imports, partners, services
from alongside.people.choices import AccessNeed, ConsentPurpose, HowGiven, Status
from alongside.people.demo_cast import CAST, LLYR_EMAIL, PURPOSES, SAM_EMAIL, STAFF_OF, Person
from alongside.people.demo_words import (
    BACKGROUNDS,
    LIVERPOOL_LANDLINE,
    POSTCODE_LETTERS,
    REGIONS,
    STREETS,
    WELSH_STREETS,
)
from alongside.people.forms import PartnerForm
from alongside.people.models import CommunityPartner, Contributor, ImportBatch, LivedExperience, Topic

CROWD = 182  # everyone else, to make about 200


def cast(key: str) -> Contributor:
    """A named person of the story, for the later layers' demos."""
    person = next(p for p in CAST if p.key == key)
    return Contributor.objects.get(first_name=person.first_name, last_name=person.last_name)


def cast_is_here() -> bool:
    """True once this story's people are in the database: the later layers add to the story only then
    (a database where Sam joined by hand keeps what it has)."""
    return Contributor.objects.filter(email=LLYR_EMAIL, created_via=HowGiven.ONLINE).exists()


def load_demo() -> None:
    if Contributor.objects.filter(email=SAM_EMAIL).exists():
        return  # the story is already there (or Sam joined by hand: nothing is added around them)
    story, rng = Story(), chance("people")
    load = _Load(
        story,
        wordings={purpose: services.current_wording(purpose) for purpose in PURPOSES},
        officers={slug: staff_user(email) for slug, email in STAFF_OF.items()},
    )
    people = sorted(CAST + crowd(rng, story, CROWD), key=lambda p: -p.joined)
    made = _imported(load, [p for p in people if p.how == HowGiven.IMPORT])
    made |= {p.key: _add(load, p) for p in people if p.how != HowGiven.IMPORT}
    for person in people:
        _later(load, person, made[person.key])
    _partners(story)
    _invitations(story, rng)
    asked = next(made[p.key] for p in people if p.org == "northbridge" and p.how == HowGiven.PHONE)
    with story.at(-9, 11):
        services.request_erasure(asked, requested_by=load.officers["northbridge"], how=HowGiven.PHONE)


@dataclass
class _Load:
    story: Story
    wordings: dict  # consent purpose -> the wording in force
    officers: dict  # organisation slug -> its involvement officer, who adds and updates records


# --- Making each person --------------------------------------------------------------------------


def _add(load: _Load, person: Person) -> Contributor:
    fields = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        **person.fields,
        "interests": list(Topic.objects.filter(name__in=person.interests)),
        "lived_experience": list(LivedExperience.objects.filter(name__in=person.experience)),
    }
    with load.story.at(-person.joined, 9 + person.joined % 9, person.joined % 60):
        if person.org is None:
            contributor = services.join(consents=person.consents, how=HowGiven.ONLINE, **fields)
        else:
            contributor = _added_by_staff(load, person, fields)
        if person.equality and contributor.consent_equality:
            recorder = contributor.user or load.officers[person.org]
            services.save_equality(contributor, person.equality, recorded_by=recorder)
    return contributor


def _added_by_staff(load: _Load, person: Person, fields: dict) -> Contributor:
    staff = load.officers[person.org]
    contributor = services.create_contributor(
        organisation=Organisation.objects.get(slug=person.org), created_by=staff, how=person.how, **fields
    )
    for purpose, given in person.consents.items():
        services.record_consent(
            contributor,
            purpose,
            given=given,
            how=person.how,
            recorded_by=staff,
            wording=load.wordings[purpose],
        )
    return contributor


SIGN_UP_LIST = "breathing-classes-sign-up-list.csv"
# A row of the old list with a mistyped email address: the import reports it and skips it.
MISTYPED = {
    "first_name": "Brenda",
    "last_name": "Hollins",
    "email": "brenda.hollins@example",
    "address_line_1": "4 Mill Lane",
    "town": "Stockport",
    "postcode": "SK4 2QT",
    "consent_contact": "yes",
}


def _imported(load: _Load, people: list[Person]) -> dict[str, Contributor]:
    """Northbridge's old sign-up list from the breathing classes: checked, the good rows imported,
    then each person phoned to complete their profile."""
    story, tom = load.story, load.officers["northbridge"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=imports.COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows([*(_list_row(story, p) for p in people), MISTYPED])
    rows = imports.parse_file(io.BytesIO(out.getvalue().encode()), SIGN_UP_LIST)
    with story.at(-420, 11):
        # The upload page makes the batch from the file; there is no service for that step (raw write).
        batch = ImportBatch.objects.create(
            organisation=Organisation.objects.get(slug="northbridge"),
            created_by=tom,
            filename=SIGN_UP_LIST,
            rows=rows,
            total_rows=len(rows),
        )
        imports.check_batch(batch)
        imports.run_batch(batch, ImportBatch.Mode.GOOD_ROWS)
    made = {}
    for number, person in enumerate(people):
        contributor = Contributor.objects.get(
            first_name=person.first_name, last_name=person.last_name, created_via=HowGiven.IMPORT
        )
        with story.at(-415 + number // 4, 10 + number % 4):
            _completed_by_phone(load, contributor, person)
        made[person.key] = contributor
    return made


def _list_row(story: Story, person: Person) -> dict:
    consents = {purpose: "yes" if person.consents.get(purpose) else "no" for purpose in PURPOSES}
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        **person.fields,
        "date_joined": story.day(-person.joined).isoformat(),
        "consent_contact": consents[ConsentPurpose.CONTACT],
        "consent_newsletter": consents[ConsentPurpose.NEWSLETTER],
    }


def _completed_by_phone(load: _Load, contributor: Contributor, person: Person) -> None:
    tom = load.officers["northbridge"]
    services.update_profile(
        contributor,
        changed_by=tom,
        how=HowGiven.PHONE,
        note="Completed by phone after the import",
        interests=Topic.objects.filter(name__in=person.interests),
        lived_experience=LivedExperience.objects.filter(name__in=person.experience),
        **person.fields,
    )
    for purpose in (ConsentPurpose.FINDABLE, ConsentPurpose.EQUALITY):
        given = person.consents.get(purpose, False)
        services.record_consent(
            contributor,
            purpose,
            given=given,
            how=HowGiven.PHONE,
            recorded_by=tom,
            wording=load.wordings[purpose],
        )
    if person.equality and contributor.consent_equality:
        services.save_equality(contributor, person.equality, recorded_by=tom)


def _later(load: _Load, person: Person, contributor: Contributor) -> None:
    """What changed after joining: consent withdrawn, a pause, someone leaving."""
    story = load.story
    recorder = None if person.org is None else load.officers[person.org]
    how = HowGiven.ONLINE if person.org is None else HowGiven.PHONE
    for purpose, days_ago in person.withdraw.items():
        with story.at(-days_ago, 14):
            services.record_consent(
                contributor,
                purpose,
                given=False,
                how=how,
                recorded_by=recorder,
                wording=load.wordings[purpose],
            )
    if person.status:
        status, days_ago, reason = person.status
        with story.at(-days_ago, 15):
            services.change_status(contributor, status, changed_by=recorder, reason=reason)


# --- The crowd ------------------------------------------------------------------------------------


def crowd(rng, story: Story, count: int) -> list[Person]:
    """Everyone else: a seeded mix of places, backgrounds, ages, channels and needs."""
    taken = {(p.first_name, p.last_name) for p in CAST}
    numbers = iter(range(200, 1000))
    people = []
    for index in range(count):
        region = _weighted(rng, {name: spec[0] for name, spec in REGIONS.items()})
        people.append(_crowd_person(rng, story, index, region, taken, numbers))
    return people


def _crowd_person(rng, story: Story, index: int, region: str, taken: set, numbers) -> Person:
    _, areas, backgrounds, landline = REGIONS[region]
    area, district, town = rng.choice(areas)
    background = _weighted(rng, backgrounds)
    women, men, surnames, ethnic_groups, languages = BACKGROUNDS[background]
    female = rng.random() < 0.56
    first, last = _name(rng, women if female else men, surnames, taken)
    org = _holder(rng, region)
    age = _age(rng)
    details = _contact(
        rng, org, first, last, index, next(numbers), landline if area != "L" else LIVERPOOL_LANDLINE
    )
    street = rng.choice(WELSH_STREETS if background == "welsh" else STREETS)
    details |= {
        "address_line_1": f"{rng.randint(1, 120)} {street}",
        "town": town,
        "postcode": f"{area}{district} {rng.randint(1, 9)}{''.join(rng.choices(POSTCODE_LETTERS, k=2))}",
    }
    if org is not None and rng.random() < 0.05:
        details["address_line_1"] = ""  # a phone-only contact: no letters
    needs = _needs(rng, age)
    fields = {
        **details,
        "preferred_channels": _channels(rng, details, age),
        "access_needs": needs,
        "languages": _languages(rng, background, languages, needs),
        **_digital(rng, age),
        **_availability(rng, age),
    }
    consents = _consents(rng)
    how = HowGiven.ONLINE if org is None else _weighted(rng, _STAFF_ROUTES)
    if how == HowGiven.IMPORT and org != "northbridge":
        how = HowGiven.PAPER  # only Northbridge had an old list to import
    return Person(
        key=f"crowd-{index}",
        first_name=first,
        last_name=last,
        org=org,
        how=how,
        joined=rng.randint(430, 1100) if how == HowGiven.IMPORT else rng.randint(100, 720),
        fields=fields,
        interests=rng.sample(_TOPICS, rng.randint(1, 4)),
        experience=rng.sample(_EXPERIENCE, rng.choice([0, 1, 1, 2, 3])),
        consents=consents,
        withdraw=_withdrawals(rng, consents),
        equality=_equality(rng, story, age, female, ethnic_groups),
        status=_status(rng),
    )


_STAFF_ROUTES = {HowGiven.PHONE: 35, HowGiven.PAPER: 35, HowGiven.IN_PERSON: 18, HowGiven.IMPORT: 12}
_TOPICS = [
    "Ageing well", "Cancer care", "Children and young people's health", "Dementia care", "Digital health",
    "Heart and circulation", "Long-term conditions", "Maternity", "Medicines", "Mental health",
    "Public health", "Social care", "Reaching people who are seldom heard", "Fair payment and support",
]  # fmt: skip
_EXPERIENCE = [
    "Arthritis or joint pain", "Asthma or COPD", "Cancer", "Chronic pain", "Dementia", "Diabetes",
    "Hearing loss", "Heart disease", "Long COVID", "Mental health condition", "Sight loss", "Stroke",
    "Caring for an older relative", "Caring for someone with dementia", "Young carer",
    "Hospital stays", "Maternity services", "GP and community services",
]  # fmt: skip


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng, given: list[str], family: list[str], taken: set) -> tuple[str, str]:
    while True:
        name = (rng.choice(given), rng.choice(family))
        if name not in taken:
            taken.add(name)
            return name


def _holder(rng, region: str) -> str | None:
    """Who holds the record: the national pool (joined online) or the team who added them."""
    if region == Region.LONDON:
        return "riverside" if rng.random() < 0.75 else None
    return None if rng.random() < 0.47 else "northbridge"


def _age(rng) -> int:
    low, high = _weighted(
        rng, {(18, 24): 6, (25, 34): 12, (35, 49): 20, (50, 64): 27, (65, 79): 27, (80, 92): 8}
    )
    return rng.randint(low, high)


def _contact(rng, org, first: str, last: str, index: int, number: int, landline: str) -> dict:
    online = org is None
    details = {}
    if online or rng.random() < 0.35:
        domain = rng.choice(["example.org", "example.com", "example.net"])
        details["email"] = f"{_ascii(first)}.{_ascii(last)}{index}@{domain}"
    if rng.random() < (0.7 if online else 0.55):
        details["mobile"] = f"+447700900{number:03d}"
    if rng.random() < (0.25 if online else 0.75) or not details:
        details["landline"] = f"{landline}{number:03d}"
    return details


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _channels(rng, details: dict, age: int) -> list[str]:
    usable = {
        "email": bool(details.get("email")),
        "text": bool(details.get("mobile")),
        "letter": bool(details.get("address_line_1")),
        "phone": bool(details.get("mobile") or details.get("landline")),
    }
    older = age >= 70
    weights = {
        "email": 30 if older else 40,
        "text": 36,
        "letter": 34 if older else 20,
        "phone": 30 if older else 18,
    }
    choices = {c: w for c, w in weights.items() if usable[c]}
    chosen = []
    for _ in range(rng.choice([1, 2, 2, 3])):
        if not choices:
            break
        pick = _weighted(rng, choices)
        chosen.append(pick)
        del choices[pick]
    return chosen


def _needs(rng, age: int) -> list[str]:
    older = age >= 70
    chances = {
        AccessNeed.LARGE_PRINT: 0.22 if older else 0.05,
        AccessNeed.EASY_READ: 0.06,
        AccessNeed.BSL: 0.03,
        AccessNeed.HEARING_LOOP: 0.15 if older else 0.03,
        AccessNeed.STEP_FREE: 0.14 if older else 0.06,
        AccessNeed.SUPPORTER: 0.06,
        AccessNeed.BREAKS: 0.1,
    }
    return [need for need, p in chances.items() if rng.random() < p]


def _languages(rng, background: str, spoken: list[str], needs: list[str]) -> list[str]:
    if AccessNeed.BSL in needs:
        return ["British Sign Language", "English"]
    if not spoken or rng.random() > (0.75 if background == "welsh" else 0.5):
        return ["English"]
    other = rng.choice(spoken)
    if rng.random() < 0.15:
        needs.append(AccessNeed.INTERPRETER)
        return [other]
    return [other, "English"] if background == "welsh" else ["English", other]


def _digital(rng, age: int) -> dict:
    if age >= 75 and rng.random() < 0.5:
        return {
            "device": "none",
            "internet": "none",
            "digital_confidence": "not",
            "wants_digital_buddy": rng.random() < 0.4,
        }
    return {
        "device": _weighted(rng, {"smartphone": 45, "computer": 30, "tablet": 15, "none": 4}),
        "internet": _weighted(rng, {"good": 75, "limited": 20, "none": 5}),
        "digital_confidence": _weighted(rng, {"very": 45, "some": 40, "not": 15}),
    }


def _availability(rng, age: int) -> dict:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    chosen = rng.sample(days, rng.randint(1, 5))
    return {
        "available_days": [d for d in days if d in chosen],
        "available_times": rng.sample(["morning", "afternoon", "evening"], rng.randint(1, 3)),
        "online": age < 80 and rng.random() < 0.7,
        "by_phone": rng.random() < 0.5,
        "in_person": rng.random() < 0.7,
        "travel_miles": rng.choice([2, 5, 10, 15, 25, None]),
    }


def _consents(rng) -> dict:
    return {
        ConsentPurpose.CONTACT: rng.random() < 0.96,
        ConsentPurpose.FINDABLE: rng.random() < 0.6,
        ConsentPurpose.EQUALITY: rng.random() < 0.82,
        ConsentPurpose.NEWSLETTER: rng.random() < 0.55,
    }


def _withdrawals(rng, consents: dict) -> dict:
    odds = {ConsentPurpose.EQUALITY: 0.06, ConsentPurpose.NEWSLETTER: 0.08, ConsentPurpose.FINDABLE: 0.05}
    return {
        purpose: rng.randint(5, 90) for purpose, p in odds.items() if consents[purpose] and rng.random() < p
    }


def _equality(rng, story: Story, age: int, female: bool, groups: list[str]) -> dict:
    same = _weighted(rng, {"yes": 95, "no": 2, "prefer_not": 3})
    return {
        "year_of_birth": story.today.year - age,
        "age_prefer_not": rng.random() < 0.03,
        "sex": "prefer_not" if rng.random() < 0.03 else ("female" if female else "male"),
        "gender_same_as_sex": same,
        "gender_identity": "Non-binary" if same == "no" else "",
        "ethnic_group": rng.choice(groups),
        "disability": _weighted(rng, {"yes": 28, "no": 65, "prefer_not": 7}),
    }


def _status(rng) -> tuple[str, int, str] | None:
    roll = rng.random()
    if roll < 0.04:
        return (Status.PAUSED, rng.randint(10, 60), "Asked for a break while caring for a relative")
    if roll < 0.06:
        return (Status.LEFT, rng.randint(10, 60), "Moved away and asked to stop")
    return None


# --- Partners and invitations --------------------------------------------------------------------

PARTNERS = [
    {
        "name": "Canal Street Community Voices",
        "type": Organisation.Type.COMMUNITY,
        "description": "A residents' group that runs coffee mornings, a food bank and health chats.",
        "communities_served": "Older residents and families on low incomes around Canal Street.",
        "areas": [Region.WEST_MIDLANDS],
        "areas_detail": "Ladywood and Edgbaston",
        "languages": "English, Punjabi, Urdu",
        "partnership": ["recruitment", "venues"],
        "contacts": [("Shabnam Rafiq", "Coordinator", "hello@canalstreet.example", "+441214960401")],
    },
    {
        "name": "Moss Side Carers' Network",
        "type": Organisation.Type.CHARITY,
        "description": "Peer support and advice for unpaid carers, with a weekly drop-in.",
        "communities_served": "Unpaid carers of all ages, many from Black and South Asian communities.",
        "areas": [Region.NORTH_WEST],
        "areas_detail": "Moss Side, Hulme, Longsight",
        "languages": "English, Somali, Urdu",
        "partnership": ["recruitment", "co_design", "advisory"],
        "website": "https://carers.example.org",
        "contacts": [
            ("Yvonne Campbell", "Manager", "yvonne@carers.example.org", "+441614960402"),
            ("Abdi Warsame", "Outreach worker", "abdi@carers.example.org", "+447700900902"),
        ],
    },
    {
        "name": "Cylch Gofalwyr Wrecsam – Wrexham Carers' Circle",
        "type": Organisation.Type.COMMUNITY,
        "description": "A bilingual group for people caring for someone with dementia.",
        "communities_served": "Carers in Wrexham and the surrounding villages, in Welsh and English.",
        "areas": [Region.WALES],
        "areas_detail": "Wrexham, Rhosllanerchrugog, Gresford",
        "languages": "Welsh, English",
        "partnership": ["recruitment", "translation", "venues"],
        "contacts": [("Bronwen Ellis", "Volunteer lead", "cylch@wrexham-carers.example", "+442920180403")],
    },
    {
        "name": "Deaf Community Hub North West",
        "type": Organisation.Type.CHARITY,
        "description": "A social and advice centre run by and for Deaf people.",
        "communities_served": "Deaf BSL users and their families.",
        "areas": [Region.NORTH_WEST],
        "areas_detail": "Greater Manchester and Lancashire",
        "languages": "British Sign Language, English",
        "partnership": ["translation", "training", "co_design"],
        "contacts": [("Kirsty Fraser", "Community worker", "kirsty@deafhub.example", "+447700900904")],
    },
]


def _partners(story: Story) -> None:
    with story.at(-330, 11):
        for entry in PARTNERS:
            _partner(dict(entry))
    with story.at(-120, 11):
        partner = CommunityPartner.objects.get(organisation__name="Moss Side Carers' Network")
        partners.add_champion(
            partner,
            {"name": "Amina Yusuf", "communities": "Somali families in south Manchester"},
            contributor=cast("amina"),
        )


def _partner(entry: dict) -> CommunityPartner:
    contacts = entry.pop("contacts")
    existing = Organisation.objects.filter(name=entry["name"]).first()
    # Canal Street is already an organisation in the demo: it becomes a partner, keeping its record.
    form = PartnerForm({**entry, "partnership": entry["partnership"]}, instance=_unsaved_partner(existing))
    if not form.is_valid():
        raise ValueError(f"Demo partner {entry['name']}: {form.errors.as_text()}")
    partner = partners.save_partner(form, partner=form.instance if existing else None)
    for name, role, email, phone in contacts:
        partners.add_contact(partner, {"name": name, "role": role, "email": email, "phone": phone})
    return partner


def _unsaved_partner(organisation: Organisation | None) -> CommunityPartner | None:
    return CommunityPartner(organisation=organisation) if organisation else None


INVITATION = (
    "We are planning a study about getting home safely after a stay in hospital, and would value your "
    "experience. It would mean two online meetings in the new year. Would you like to hear more?"
)


def _invitations(story: Story, rng) -> None:
    """Priya, a researcher, invites a few findable people; one accepts and one says no thanks."""
    priya = staff_user("researcher@northbridge.example")
    northbridge = Organisation.objects.get(slug="northbridge")
    findable = list(
        Contributor.objects.filter(consent_findable=True, status=Status.ACTIVE)
        .exclude(email="")
        .order_by("pk")
    )
    sent = []
    with story.at(-12, 10):
        for contributor in rng.sample(findable, 4):
            sent.append(
                services.send_invitation(
                    researcher=priya, organisation=northbridge, contributor=contributor, message=INVITATION
                )
            )
    with story.at(-10, 19):
        services.respond_to_invitation(sent[0], accept=True)
    with story.at(-9, 8):
        services.respond_to_invitation(sent[1], accept=False)
