from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "alongside.outreach"
    label = "outreach"
    verbose_name = "Outreach"
