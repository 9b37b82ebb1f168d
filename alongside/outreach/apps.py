from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "alongside.outreach"
    label = "outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        from alongside.outreach import staff_email  # noqa: F401 - sends staff email asked for by accounts
