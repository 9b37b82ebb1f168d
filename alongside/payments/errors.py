"""Errors a person can act on, shared by services, runs, holds and reconciliation."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ClaimError(ValidationError):
    """A problem the person can fix; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class IdempotencyConflict(ClaimError):
    pass


class RunError(Exception):
    """A payment run cannot be prepared, approved or cancelled; the message says why."""


class HoldError(ValueError):
    """A bank-details hold cannot be released; the message says why."""
