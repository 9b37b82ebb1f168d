from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "alongside.payments"
    label = "payments"
    verbose_name = "Payments"
