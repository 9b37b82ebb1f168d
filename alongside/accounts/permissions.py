"""Every object-level permission decision in one place.

Views, the API and services ask these functions; none of them filter by
organisation on their own. Records of another organisation are answered with
404, so nobody can learn that a record exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import Membership, Organisation, Role

STAFF_ROLES = frozenset({Role.RESEARCHER, Role.INVOLVEMENT_STAFF, Role.FINANCE, Role.ORG_ADMIN})
PEOPLE_MANAGERS = frozenset({Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN})
ALL_ROLES = STAFF_ROLES | {Role.NATIONAL_ADMIN}


def memberships(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return user.active_memberships


def is_national_admin(user) -> bool:
    return any(m.role == Role.NATIONAL_ADMIN for m in memberships(user))


def organisation_ids(user, roles: Iterable[str] = STAFF_ROLES) -> set[int]:
    """The organisations in which the user holds one of ``roles``."""
    wanted = set(roles)
    return {m.organisation_id for m in memberships(user) if m.role in wanted}


def organisations_where(user, roles: Iterable[str]) -> QuerySet[Organisation]:
    """The organisations in which the user holds one of ``roles``, as a queryset."""
    return Organisation.objects.filter(pk__in=organisation_ids(user, roles))


def has_role(user, organisation: Organisation | int | None, roles: Iterable[str]) -> bool:
    if organisation is None:
        return False
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in organisation_ids(user, roles)


def require_role(user, organisation, roles: Iterable[str]) -> None:
    if not has_role(user, organisation, roles):
        raise PermissionDenied


def scope(
    user,
    queryset: QuerySet,
    *,
    org_field: str = "organisation",
    roles: Iterable[str] = STAFF_ROLES,
    shared_field: str | None = None,
    national_reads_all: bool = True,
) -> QuerySet:
    """Limit ``queryset`` to records of the user's organisations (and those shared with them)."""
    if national_reads_all and is_national_admin(user):
        return queryset
    org_ids = organisation_ids(user, roles)
    condition = Q(**{f"{org_field}__in": org_ids})
    if shared_field:
        condition |= Q(**{f"{shared_field}__in": org_ids})
    return queryset.filter(condition).distinct() if shared_field else queryset.filter(condition)


def get_scoped_or_404(user, queryset: QuerySet, **lookup) -> Model:
    options = {
        key: lookup.pop(key)
        for key in ("org_field", "roles", "shared_field", "national_reads_all")
        if key in lookup
    }
    try:
        return scope(user, queryset, **options).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def staff_required(*roles: str):
    """View decorator: signed in, with one of ``roles`` in some organisation."""
    wanted = set(roles) or set(ALL_ROLES)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = {m.role for m in memberships(request.user)}
            if not held & wanted and Role.NATIONAL_ADMIN not in held:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
