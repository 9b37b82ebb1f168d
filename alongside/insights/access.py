"""Who may see insights, and which scopes each person may choose.

Insights are worked out from equality monitoring answers, so only the roles that may see
equality data (``people.queries.EQUALITY_FILTER_ROLES``: involvement staff, organisation admins
and national admins) may open them. National admins see the whole country, each region and each
organisation; the others see the organisations they hold one of those roles in.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation, Region, Role
from alongside.accounts.permissions import is_national_admin, organisations_where
from alongside.insights.queries import Scope

EQUALITY_ROLES = (Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)


def scope_choices(user) -> list[tuple[str, str]]:
    """(key, words) for each scope the user may look at, the widest first."""
    # Names only: a national admin's list holds every organisation (1,000 or more).
    if is_national_admin(user):
        organisations = Organisation.objects.exclude(partner__isnull=False).order_by("name")
        return [
            ("national", _("The whole country")),
            *((f"region-{value}", label) for value, label in Region.choices),
            *((f"org-{pk}", name) for pk, name in organisations.values_list("pk", "name")),
        ]
    mine = organisations_where(user, EQUALITY_ROLES).order_by("name")
    return [(f"org-{pk}", name) for pk, name in mine.values_list("pk", "name")]


def scope_for(key: str) -> Scope:
    """The scope named by a key from ``scope_choices`` (already checked against them)."""
    if key.startswith("org-"):
        return Scope(organisation=Organisation.objects.get(pk=int(key[4:])))
    if key.startswith("region-"):
        return Scope(region=key[7:])
    return Scope()
