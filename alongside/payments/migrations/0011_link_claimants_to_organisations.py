"""Claims made before organisation links existed: link each claimant to the organisation that pays
the claim, so its staff and finance see their record (people.OrganisationLink)."""

from django.db import migrations
from django.db.models import F


def link_claimants(apps, schema_editor):
    Claim = apps.get_model("payments", "Claim")
    Link = apps.get_model("people", "OrganisationLink")
    claims = (
        Claim.objects.exclude(organisation_id=F("contributor__organisation_id"))
        .values_list("contributor_id", "organisation_id", "created_at")
        .order_by("pk")
    )
    Link.objects.bulk_create(
        (Link(contributor_id=person, organisation_id=org, reason="paid", at=at) for person, org, at in claims.iterator()),
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0010_run_write_path"),
        ("people", "0005_organisation_links"),
    ]

    operations = [migrations.RunPython(link_claimants, migrations.RunPython.noop)]
