"""Every change to the national database goes through these functions, in a transaction."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from alongside.people.choices import ConsentPurpose, HowGiven, Status
from alongside.people.models import (
    ConsentEvent,
    ConsentWording,
    Contributor,
    EqualityMonitoring,
    StatusChange,
)
from alongside.people.regions import normalise_postcode, postcode_area, region_for_postcode

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read over the phone


def new_reference() -> str:
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def apply_postcode(contributor: Contributor, postcode: str) -> None:
    contributor.postcode = normalise_postcode(postcode)
    contributor.postcode_area = postcode_area(postcode)
    contributor.region = region_for_postcode(postcode)


@transaction.atomic
def create_contributor(
    *,
    organisation,
    created_by=None,
    how: str = HowGiven.ONLINE,
    user=None,
    interests=(),
    lived_experience=(),
    **fields,
) -> Contributor:
    postcode = fields.pop("postcode", "")
    contributor = Contributor(
        organisation=organisation,
        user=user,
        created_by=created_by,
        created_via=how,
        reference=new_reference(),
        **fields,
    )
    apply_postcode(contributor, postcode)
    contributor.save()
    contributor.interests.set(interests)
    contributor.lived_experience.set(lived_experience)
    StatusChange.objects.create(
        contributor=contributor, to_status=contributor.status, changed_by=created_by, reason="Joined"
    )
    return contributor


def current_wording(purpose: str) -> ConsentWording:
    wording = ConsentWording.objects.filter(purpose=purpose).order_by("-version").first()
    if wording is None:
        raise ConsentWording.DoesNotExist(f"No wording has been written for consent purpose {purpose!r}.")
    return wording


@transaction.atomic
def record_consent(
    contributor: Contributor,
    purpose: str,
    *,
    given: bool,
    how: str,
    recorded_by=None,
    wording: ConsentWording | None = None,
) -> ConsentEvent:
    """Append a consent event and update the contributor's current answer for that purpose."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"Unknown consent purpose {purpose!r}")
    wording = wording or current_wording(purpose)
    event = ConsentEvent.objects.create(
        contributor=contributor,
        purpose=purpose,
        given=given,
        wording=wording,
        how=how,
        recorded_by=recorded_by,
    )
    Contributor.objects.filter(pk=contributor.pk).update(**{f"consent_{purpose}": given})
    setattr(contributor, f"consent_{purpose}", given)
    if purpose == ConsentPurpose.EQUALITY and not given:
        # Special-category answers are held only while the consent stands.
        EqualityMonitoring.objects.filter(contributor=contributor).delete()
    return event


@transaction.atomic
def change_status(contributor: Contributor, to_status: str, *, changed_by=None, reason: str = "") -> None:
    if to_status not in Status.values or to_status == contributor.status:
        return
    StatusChange.objects.create(
        contributor=contributor,
        from_status=contributor.status,
        to_status=to_status,
        changed_by=changed_by,
        reason=reason,
        at=timezone.now(),
    )
    contributor.status = to_status
    contributor.save(update_fields=["status", "updated_at"])
