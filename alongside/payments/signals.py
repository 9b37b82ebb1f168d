"""Payments' part in a person's erasure: see ``payments.retention``."""

from __future__ import annotations

from django.dispatch import receiver

from alongside.people.signals import contributor_erased


@receiver(contributor_erased)
def keep_payee_record(sender, contributor, **kwargs):
    from alongside.payments import retention

    retention.on_erasure(contributor)
