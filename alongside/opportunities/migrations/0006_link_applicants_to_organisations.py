"""Applications made before organisation links existed: link each applicant to the organisation
whose opportunity they applied to, so its staff see their record (people.OrganisationLink)."""

from django.db import migrations
from django.db.models import F


def link_applicants(apps, schema_editor):
    Application = apps.get_model("opportunities", "Application")
    Link = apps.get_model("people", "OrganisationLink")
    applications = (
        Application.objects.exclude(opportunity__organisation_id=F("contributor__organisation_id"))
        .values_list("contributor_id", "opportunity__organisation_id", "created_at")
        .order_by("pk")
    )
    Link.objects.bulk_create(
        (
            Link(contributor_id=person, organisation_id=org, reason="applied", at=at)
            for person, org, at in applications.iterator()
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0005_opportunity_targets"),
        ("people", "0005_organisation_links"),
    ]

    operations = [migrations.RunPython(link_applicants, migrations.RunPython.noop)]
