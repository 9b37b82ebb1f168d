"""Services for community partners. Each change runs in one transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from alongside.accounts.models import Organisation
from alongside.people.models import CommunityChampion, CommunityPartner, PartnerContact


@transaction.atomic
def save_partner(form, *, partner: CommunityPartner | None = None) -> CommunityPartner:
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if partner is None:
                organisation = Organisation.objects.create(
                    name=data["name"], slug=_free_slug(data["name"]), type=data["type"]
                )
            else:
                organisation = partner.organisation
                organisation.name, organisation.type = data["name"], data["type"]
                organisation.save(update_fields=["name", "type"])
    except IntegrityError as exc:
        raise ValueError("name taken") from exc
    partner = form.save(commit=False)
    partner.organisation = organisation
    partner.areas = data["areas"]
    partner.languages = data["languages"]
    partner.partnership = data["partnership"]
    partner.save()
    return partner


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "partner"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def add_contact(partner: CommunityPartner, data: dict) -> PartnerContact:
    return PartnerContact.objects.create(partner=partner, **data)


@transaction.atomic
def add_champion(partner: CommunityPartner, data: dict, *, contributor=None) -> CommunityChampion:
    return CommunityChampion.objects.create(partner=partner, contributor=contributor, **data)
