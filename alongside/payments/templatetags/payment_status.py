"""Template filters for what a claim's status means to a person (see ``payments.arrival``)."""

from __future__ import annotations

from django import template

from alongside.payments import arrival

register = template.Library()


@register.filter
def payment_status(claim) -> str:
    """ "Sent to the bank, expected by 13 November 2026" until the bank confirms; never "paid" early."""
    return arrival.status_text(claim)


@register.filter
def payment_expected(claim):
    """The day the money should arrive (a date), for a claim approved or sent to the bank."""
    return arrival.expected_by(claim)


@register.filter
def payment_on_its_way(claim) -> bool:
    return arrival.on_its_way(claim)
