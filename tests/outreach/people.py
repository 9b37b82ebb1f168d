"""Builders for many contributors at once (bulk_create), with chosen channels and consents."""

from __future__ import annotations

import itertools

from alongside.people.models import Contributor
from tests.builders import create_organisation

_serial = itertools.count(1)


def person(organisation, **fields) -> Contributor:
    n = next(_serial)
    defaults = {
        "organisation": organisation,
        "reference": f"R{n:07d}",
        "first_name": f"Person{n}",
        "last_name": "Example",
        "email": f"person{n}@example.org",
        "mobile": f"07911 1{n % 100000:05d}",
        "landline": "0113 496 0000",
        "address_line_1": f"{n} High Street",
        "town": "Leeds",
        "postcode": "LS1 1AA",
        "region": "Yorkshire and The Humber",
        "preferred_channels": ["email"],
        "consent_contact": True,
    }
    defaults.update(fields)
    return Contributor(**defaults)


def bulk(organisation=None, specs=()) -> list[Contributor]:
    organisation = organisation or create_organisation()
    return Contributor.objects.bulk_create([person(organisation, **spec) for spec in specs])


def send_committed(*args, **kwargs):
    """``services.send`` called by a transaction that then commits: the deliveries go out."""
    from alongside.outreach import services
    from tests.builders import committed

    with committed():
        return services.send(*args, **kwargs)
