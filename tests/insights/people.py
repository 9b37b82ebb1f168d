"""Builders for the insights tests: people with equality answers, made through people.services."""

from __future__ import annotations

import datetime
import itertools

from alongside.people import services
from alongside.people.choices import EthnicGroup
from alongside.people.models import Contributor, EqualityMonitoring
from tests.builders import create_contributor

_numbers = itertools.count(1)

TODAY = datetime.date(2026, 11, 20)


def answers(age: int | None, sex: str, ethnic: str, disability: str) -> dict:
    return {
        "year_of_birth": TODAY.year - age if age is not None else None,
        "age_prefer_not": age is None,
        "sex": sex,
        "ethnic_group": ethnic,
        "disability": disability,
    }


def add_people(organisation, how_many: int, *, postcode: str = "M1 1AA", **answer):
    """``how_many`` people held by ``organisation`` who consented to equality monitoring.

    Written in bulk (hundreds of people per test): the rows are the ones ``people.services``
    writes for a person who joined, consented and answered, and the first of each batch is made
    through the services themselves, so the two cannot drift apart unnoticed.
    """
    first = create_contributor(organisation, consents=("contact", "equality"), postcode=postcode)
    services.save_equality(first, answers(**answer))
    model = EqualityMonitoring(contributor=first, **answers(**answer))
    model.ethnic_group_high = EthnicGroup.high_level(model.ethnic_group)
    rest = Contributor.objects.bulk_create(
        Contributor(
            organisation=organisation,
            reference=f"T{next(_numbers):08d}",
            first_name="Person",
            postcode=first.postcode,
            postcode_area=first.postcode_area,
            region=first.region,
            consent_contact=True,
            consent_equality=True,
        )
        for _ in range(how_many - 1)
    )
    EqualityMonitoring.objects.bulk_create(
        EqualityMonitoring(
            contributor=person,
            **answers(**answer),
            ethnic_group_high=model.ethnic_group_high,
        )
        for person in rest
    )
    return [first, *rest]


def hand_made_north_west(organisation) -> None:
    """80 people in Manchester (North West), the dataset the hand calculations use.

    ethnic group: White 60, Black 12, Asian 3, not said 5
    age: 50-64 40, 65-79 20, 25-34 12, 18-24 3, not said 5
    sex: female 52, male 23, not said 5
    disability: yes 20, no 55, not said 5
    """
    add_people(organisation, 40, age=55, sex="female", ethnic="white_british", disability="no")
    add_people(organisation, 20, age=70, sex="male", ethnic="white_irish", disability="yes")
    add_people(organisation, 12, age=30, sex="female", ethnic="black_african", disability="no")
    add_people(organisation, 3, age=20, sex="male", ethnic="asian_indian", disability="no")
    add_people(organisation, 5, age=None, sex="prefer_not", ethnic="prefer_not", disability="prefer_not")
