"""What erasure removes from the people app's own records, beyond the profile itself.

``services.erase_contributor`` blanks the profile and then sends ``contributor_erased`` with a
``FormerDetails``; each app removes its own copies (outreach: message copies and print packs;
opportunities: application answers; payments: bank details, and claims unless they must be kept).
What is kept, and for how long, is in docs/people.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from alongside.accounts import access_log
from alongside.people.models import Contributor, ImportBatch, Invitation, StatusChange

ERASED = "Erased"


@dataclass(frozen=True)
class FormerDetails:
    """The names and contact details a person had just before erasure."""

    pk: int
    organisation_id: int
    names: tuple[str, ...]
    email: str
    phones: tuple[str, ...]
    address: tuple[str, ...]
    postcode: str

    @classmethod
    def of(cls, person: Contributor) -> FormerDetails:
        full = " ".join(p for p in (person.first_name, person.last_name) if p)
        names = (full, person.display_name, person.known_as)
        return cls(
            pk=person.pk,
            organisation_id=person.organisation_id,
            names=tuple(dict.fromkeys(n for n in names if n)),
            email=person.email,
            phones=tuple(p for p in (person.mobile, person.landline) if p),
            address=tuple(a for a in (person.address_line_1, person.address_line_2, person.town) if a),
            postcode=person.postcode,
        )

    @property
    def contacts(self) -> tuple[str, ...]:
        """Details that point at this one person: email and phone numbers."""
        return tuple(c for c in (self.email, *self.phones) if c)


def remove_copies(former: FormerDetails) -> None:
    """Remove the people app's copies of the person's details outside their profile."""
    # A researcher's invitation is addressed to the person and often names them.
    Invitation.objects.filter(contributor_id=former.pk).delete()
    # Reasons are typed by staff and may say anything about the person; the changes stay.
    StatusChange.objects.filter(contributor_id=former.pk).exclude(reason="").update(reason=ERASED)
    _scrub_imports(former)
    _scrub_logs(former)


def _scrub_imports(former: FormerDetails) -> None:
    """Imports keep parsed rows until they are run or cancelled: take this person's rows out."""
    for batch in ImportBatch.objects.filter(organisation_id=former.organisation_id).exclude(
        rows=[], errors=[], warnings=[]
    ):
        rows = {row.get("_row") for row in batch.rows if _is_them(row, former)}
        rows |= {e.get("row") for e in [*batch.errors, *batch.warnings] if _mentions(e, former)}
        if not rows:
            continue
        batch.rows = [r for r in batch.rows if r.get("_row") not in rows]
        batch.errors = [e for e in batch.errors if e.get("row") not in rows]
        batch.warnings = [w for w in batch.warnings if w.get("row") not in rows]
        batch.save(update_fields=["rows", "errors", "warnings"])


def _is_them(row: dict, former: FormerDetails) -> bool:
    values = {str(v).strip().lower() for v in row.values() if v}
    if any(c.lower() in values for c in former.contacts):
        return True
    name = f"{row.get('first_name', '')} {row.get('last_name', '')}".strip().lower()
    return bool(name) and name in {n.lower() for n in former.names} and (
        not former.postcode or row.get("postcode", "").replace(" ", "").lower()
        == former.postcode.replace(" ", "").lower()
    )


def _mentions(entry: dict, former: FormerDetails) -> bool:
    text = " ".join(str(v) for v in entry.values()).lower()
    return any(c.lower() in text for c in former.contacts)


def _scrub_logs(former: FormerDetails) -> None:
    """Audit trails keep who did what and when; the labels that named the person go."""
    this_person = Q(subject_type=Contributor._meta.label_lower, subject_id=str(former.pk))
    access_log.redact_labels(_naming("subject_label", former) | this_person, label=ERASED)
    contributor_type = ContentType.objects.get_for_model(Contributor)
    named = _naming("object_repr", former) | Q(content_type=contributor_type, object_id=str(former.pk))
    LogEntry.objects.filter(named).update(object_repr=ERASED)


def _naming(field: str, former: FormerDetails) -> Q:
    """Labels that name the person: their full name anywhere in it, or exactly one of their names
    (a short name such as "Sam" is matched only as the whole label, not inside other names)."""
    query = Q(**{f"{field}__in": former.names})
    for name in former.names:
        if " " in name:
            query |= Q(**{f"{field}__contains": name})
    return query
