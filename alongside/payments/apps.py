from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "alongside.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        from alongside.payments import signals  # noqa: F401 - connects the erasure receiver
