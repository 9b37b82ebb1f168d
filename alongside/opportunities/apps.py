from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "alongside.opportunities"
    label = "opportunities"
    verbose_name = "Opportunities"
