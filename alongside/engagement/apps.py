from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "alongside.engagement"
    label = "engagement"
    verbose_name = "Engagement"
