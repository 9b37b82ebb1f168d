from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "alongside.engagement"
    label = "engagement"
    verbose_name = "Engagement"

    def ready(self) -> None:
        # --- Events and breakout groups: forget what an erased person told us about their needs ---
        from alongside.engagement import events

        events.connect()
