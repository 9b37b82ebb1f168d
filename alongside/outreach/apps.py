from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "alongside.outreach"
    label = "outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        # Listens for the people app's news (invitations, replies) and writes the messages.
        from alongside.outreach import (
            people_notices,  # noqa: F401
            signals,  # noqa: F401 - connects the erasure receiver
            staff_email,  # noqa: F401 - sends staff email asked for by accounts
        )
