"""Builders and page readers for registry search tests."""

from __future__ import annotations

import itertools
import re

from alongside.people.models import Contributor, LivedExperience
from alongside.people.search_index import rebuild_search_index

_serial = itertools.count(1)


def findable_crowd(
    organisation, n: int, *, experience: str | None = None, interest=None, **fields
) -> list[Contributor]:
    """``n`` people who agreed to be found and contacted, written in bulk and indexed for search.
    ``fields`` may hold a callable, called with the person's number in the crowd."""
    defaults = {"region": "North West", "online": True, "consent_findable": True, "consent_contact": True}
    people = []
    for k in range(n):
        i = next(_serial)
        values = {**defaults, "first_name": f"Crowd{i}", "email": f"crowd{i}@example.org", **fields}
        values = {name: value(k) if callable(value) else value for name, value in values.items()}
        people.append(Contributor(organisation=organisation, reference=f"CRWD{i:06d}", **values))
    people = Contributor.objects.bulk_create(people)
    if experience:
        lived = LivedExperience.objects.get(name=experience)
        through = Contributor.lived_experience.through
        through.objects.bulk_create([through(contributor=p, livedexperience=lived) for p in people])
    if interest is not None:
        through = Contributor.interests.through
        through.objects.bulk_create([through(contributor=p, topic=interest) for p in people])
    rebuild_search_index(Contributor.objects.filter(pk__in=[p.pk for p in people]))
    return people


def results_section(response) -> str:
    """The part of the search page below the form: what the search showed."""
    body = response.content.decode()
    status = body.find('role="status"')
    assert status != -1, "the page shows no search result"
    return body[body.rfind("<", 0, status) : body.index("</main>")]


def search_token(client, params) -> str:
    from django.urls import reverse

    body = client.get(reverse("people:search"), params).content.decode()
    return re.search(r'action="/staff/search/invite/([^/"]+)/"', body).group(1)


def figure(results: str) -> str:
    """The headline figure, e.g. "about 20" or "Fewer than 10"."""
    match = re.search(r"<h2[^>]*>\s*(about \d+|Fewer than 10) people found", results)
    assert match, results[:500]
    return match.group(1)
