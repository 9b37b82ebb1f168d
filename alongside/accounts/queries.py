from __future__ import annotations

from django.db.models import QuerySet

from alongside.accounts.models import Membership


def memberships_for_display(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, ended_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def team_members(user) -> QuerySet[Membership]:
    """Live memberships of the organisations the user administers."""
    from alongside.accounts.models import Role
    from alongside.accounts.permissions import scope

    return (
        scope(
            user,
            Membership.objects.filter(ended_at__isnull=True),
            roles={Role.ORG_ADMIN},
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__email")
    )
