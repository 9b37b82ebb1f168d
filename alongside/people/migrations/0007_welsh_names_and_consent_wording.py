from django.db import migrations, models

# The Welsh of each consent's first wording (0002). A new wording version is written in both
# languages: the version number covers the words shown in either.
WELSH_WORDING = {
    "contact": "Hoffem gysylltu â chi am gyfleoedd i gymryd rhan mewn ymchwil iechyd a gofal, yn y ffordd "
    "rydych chi wedi gofyn i ni wneud. Gallwch ofyn i ni stopio unrhyw bryd.",
    "findable": "Gall ymchwilwyr mewn sefydliadau eraill chwilio am bobl fel chi. Ni fyddan nhw'n gweld eich "
    "enw na'ch manylion cyswllt. Os byddan nhw'n eich gwahodd, byddwn ni'n anfon y gwahoddiad ymlaen atoch, a "
    "chi sy'n penderfynu a ydych am rannu eich manylion.",
    "equality": "Rydyn ni'n gofyn am eich oed, eich rhyw, eich rhywedd, eich grŵp ethnig ac anabledd er mwyn "
    "gwirio bod ymchwil yn clywed gan bawb. Dim ond staff sydd angen eu gweld fydd yn gweld eich atebion, ac nid "
    "yw adroddiadau byth yn dangos niferoedd bach. Mae pob cwestiwn yn ddewisol a gallwch dynnu'n ôl unrhyw bryd.",
    "newsletter": "Hoffem anfon ein cylchlythyr am gyfranogiad y cyhoedd mewn ymchwil atoch. Gallwch ei atal "
    "unrhyw bryd.",
}


def add_welsh(apps, schema_editor):
    from alongside.people.taxonomy import WELSH_NAMES

    for model in ("Topic", "LivedExperience"):
        for english, welsh in WELSH_NAMES.items():
            apps.get_model("people", model).objects.filter(name=english, name_cy="").update(name_cy=welsh)
    ConsentWording = apps.get_model("people", "ConsentWording")
    for purpose, welsh in WELSH_WORDING.items():
        ConsentWording.objects.filter(purpose=purpose, version=1, text_cy="").update(text_cy=welsh)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0006_search_record'),
    ]

    operations = [
        migrations.AddField(
            model_name='consentwording',
            name='text_cy',
            field=models.TextField(blank=True, verbose_name='text in Welsh'),
        ),
        migrations.AddField(
            model_name='livedexperience',
            name='name_cy',
            field=models.CharField(blank=True, max_length=120, verbose_name='name in Welsh'),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_cy',
            field=models.CharField(blank=True, max_length=120, verbose_name='name in Welsh'),
        ),
        migrations.RunPython(add_welsh, migrations.RunPython.noop),
    ]
