from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "alongside.outreach"
    label = "outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        from alongside.outreach import signals  # noqa: F401 - connects the erasure receiver
