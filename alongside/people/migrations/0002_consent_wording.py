from django.db import migrations

WORDING = {
    "contact": "We would like to contact you about opportunities to get involved in health and care "
               "research, in the way you have asked us to. You can ask us to stop at any time.",
    "findable": "Researchers in other organisations may search for people like you. They will not see "
                "your name or contact details. If they invite you, we pass the invitation on and you decide "
                "whether to share your details.",
    "equality": "We ask about your age, sex, gender, ethnic group and disability to check that research "
                "hears from everyone. Only staff who need to will see your answers, and reports never show "
                "small numbers. Every question is optional and you can withdraw at any time.",
    "newsletter": "We would like to send you our newsletter about public involvement in research. You can "
                  "stop it at any time.",
}


def add_wording(apps, schema_editor):
    ConsentWording = apps.get_model("people", "ConsentWording")
    for purpose, text in WORDING.items():
        if not ConsentWording.objects.filter(purpose=purpose, version=1).exists():
            ConsentWording.objects.create(purpose=purpose, version=1, text=text)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add_wording, migrations.RunPython.noop)]
