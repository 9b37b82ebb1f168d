"""Every object-level permission decision in one place.

Views, the API and services ask these functions; none of them filter by
organisation on their own. Records of another organisation are answered with
404, so nobody can learn that a record exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import Membership, Organisation, Role
from alongside.core.routes import view_for

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


def may_administer(user, organisation: Organisation | int | None) -> bool:
    """Manage an organisation's team: its organisation admins, and national admins for every one."""
    return organisation is not None and (
        is_national_admin(user) or has_role(user, organisation, {Role.ORG_ADMIN})
    )


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


@dataclass(frozen=True)
class Access:
    """Who may use a staff page: the one rule for the page itself and for every link to it."""

    roles: frozenset[str]
    # National admins read every organisation's records, so most staff pages open for them
    # without a role there. Pages that act for an organisation (sending its messages, approving
    # its payments) set this to False.
    national_admin: bool = True

    def admits(self, user, organisation: Organisation | int | None = None) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        held = (
            has_role(user, organisation, self.roles)
            if organisation is not None
            else bool(organisation_ids(user, self.roles))
        )
        return held or (self.national_admin and is_national_admin(user))


def staff_required(*roles: str, national_admin: bool = True):
    """View decorator: signed in, with one of ``roles`` in some organisation.

    National admins are let in too unless ``national_admin`` is False. The rule is kept on
    the view as ``access``, where ``may`` reads it for links and buttons.
    """
    access = Access(frozenset(roles or ALL_ROLES), national_admin)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not access.admits(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access = access  # type: ignore[attr-defined]
        return wrapper

    return decorator


def access_to(url_name: str) -> Access | None:
    """The rule of the page named ``url_name``; None for pages with no role rule (public, own pages)."""
    return getattr(view_for(url_name), "access", None)


def may(user, url_name: str, organisation: Organisation | int | None = None) -> bool:
    """Whether ``user`` may use the page: for showing a link or button only when it would work.

    Pages with no role rule are open to whoever reaches them. With ``organisation``, the role
    must be held there (or the national admin's reading of every organisation must apply).
    """
    access = access_to(url_name)
    return access is None or access.admits(user, organisation)
