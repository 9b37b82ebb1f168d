from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PeopleConfig(AppConfig):
    name = "alongside.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        from alongside.people.seed import ensure_seed_data

        post_migrate.connect(ensure_seed_data, sender=self)
