"""Builders for the opportunities tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from alongside.accounts.models import Role
from alongside.opportunities.models import Activity, Application, Opportunity
from alongside.people.models import Topic
from tests.builders import (
    create_contributor,
    create_opportunity,
    create_organisation,
    create_staff,
    create_user,
)


def future(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def valid_form_data(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "title": "Help us plan a study about sleep",
        "summary": "We want to hear from people who find it hard to sleep.",
        "what_you_would_do": "Join two online meetings and tell us what you think.",
        "who_we_want": "Adults who have trouble sleeping.",
        "format": "online",
        "region": "",
        "time_needed_hours": "4",
        "time_needed": "Two meetings of two hours",
        "paid": "on",
        "payment_offered": "£25 an hour",
        "places": "8",
        "opens_on": "",
        "closes_on": future(30).isoformat(),
        "contact_name": "Sam",
        "contact_email": "sam@example.org",
        "contact_phone": "",
        "easy_read": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def published(organisation=None, **fields) -> Opportunity:
    fields.setdefault("closes_on", future(30))
    fields.setdefault("published_at", timezone.now())
    return create_opportunity(organisation, **fields)


def session(opportunity, *, days: int = 40, minutes: int = 90, title: str = "First meeting") -> Activity:
    starts = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=days
    )
    return Activity.objects.create(
        opportunity=opportunity, title=title, starts_at=starts, duration_minutes=minutes
    )


def contributor_with_login(organisation, **fields):
    user = create_user()
    fields.setdefault("email", user.email)
    return create_contributor(organisation, user=user, **fields), user


def applied(opportunity, contributor=None, status=Application.Status.RECEIVED) -> Application:
    contributor = contributor or create_contributor(opportunity.organisation, email="someone@example.org")
    return Application.objects.create(
        opportunity=opportunity, contributor=contributor, why_interested="I care", status=status
    )


def topic(name="Sleep") -> Topic:
    return Topic.objects.get_or_create(name=name, slug=name.lower().replace(" ", "-"))[0]


__all__ = [
    "Role",
    "create_organisation",
    "create_staff",
    "create_contributor",
    "create_opportunity",
]
