from django.db import migrations
from django.utils.text import slugify


def seed(apps, schema_editor):
    from alongside.people.taxonomy import EXPERIENCE, TOPICS

    LivedExperience = apps.get_model("people", "LivedExperience")
    Topic = apps.get_model("people", "Topic")
    for kind, names in EXPERIENCE.items():
        for name in names:
            LivedExperience.objects.get_or_create(slug=slugify(f"{kind}-{name}"), defaults={"name": name, "kind": kind})
    for kind, names in TOPICS.items():
        for name in names:
            Topic.objects.get_or_create(name=name, defaults={"slug": slugify(name), "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("people", "0003_search_invitations_imports_partners_tokens")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
