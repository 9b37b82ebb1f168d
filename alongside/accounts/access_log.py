"""Recording and reading views of people's records by staff."""

from __future__ import annotations

from django.db.models import QuerySet

from alongside.accounts.models import AccessLog, Role
from alongside.accounts.permissions import is_national_admin, memberships, organisation_ids


def redact_labels(where, *, label: str) -> int:
    """Replace the label of the entries matching ``where`` (a Q), for erasure. The label is the only
    part of an entry that may change: who looked, at what, when and why stay as they were
    (the database allows nothing else on PostgreSQL; see migration 0003)."""
    return AccessLog.objects.filter(where).exclude(subject_label=label).update(subject_label=label)


def _client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy-corrected address (see TRUSTED_PROXY_COUNT in docs/operators.md).
    return request.META.get("REMOTE_ADDR") or None


def _role(user) -> str:
    return ", ".join(sorted({m.get_role_display() for m in memberships(user)}))[:40]


def _entry(
    request, subject, *, organisation, action: str, purpose: str, role: str | None = None
) -> AccessLog:
    return AccessLog(
        actor=request.user,
        organisation=organisation,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_label=str(subject)[:200],
        action=action,
        role=_role(request.user) if role is None else role,
        purpose=purpose[:200],
        path=request.path[:300],
        ip_address=_client_ip(request),
    )


def record_view(request, subject, *, organisation=None, action: str = "view", purpose: str = ""):
    """Write one access-log line for ``subject`` as seen by ``request.user``."""
    entry = _entry(request, subject, organisation=organisation, action=action, purpose=purpose)
    entry.save()
    return entry


def record_views(
    request, subjects, *, organisation=None, organisation_of=None, action: str = "view", purpose: str = ""
) -> None:
    """One access-log line for each of ``subjects`` (a page of a list), written in one statement.
    ``organisation_of(subject)``, when given, names each line's organisation (a list across several)."""
    subjects = list(subjects)
    if not subjects:
        return
    role = _role(request.user)  # worked out once for the page, not once a line
    AccessLog.objects.bulk_create(
        [
            _entry(
                request,
                s,
                organisation=organisation_of(s) if organisation_of else organisation,
                action=action,
                purpose=purpose,
                role=role,
            )
            for s in subjects
        ]
    )


def visible_entries(user) -> QuerySet[AccessLog]:
    """Organisation admins see entries for their organisations; national admins see all."""
    entries = AccessLog.objects.select_related("actor", "organisation")
    if is_national_admin(user):
        return entries
    return entries.filter(organisation_id__in=organisation_ids(user, {Role.ORG_ADMIN}))
