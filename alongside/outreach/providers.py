"""Providers that carry text messages and letters.

``OutboxProvider`` keeps everything in a local table (development and tests:
nothing ever reaches a real person). ``NotifyProvider`` uses GOV.UK Notify's
official client. Both recognise a repeated client reference, so a retry after a
timeout never sends twice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from io import BytesIO

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from alongside.outreach.models import OutboxMessage
from alongside.people.choices import Channel


class TemporaryFailure(Exception):
    """Worth trying again later: the provider was busy, down or slow."""


class PermanentFailure(Exception):
    """Trying again will not help: for example the number or address is refused."""


class Provider(ABC):
    """What every text and letter provider offers; see OutboxProvider and NotifyProvider."""

    @abstractmethod
    def send_text(self, *, to: str, body: str, reference: str, retry: bool = False) -> str:
        """Send a text message; returns the provider's id for it."""

    @abstractmethod
    def send_letter(self, *, address: list[str], pdf: bytes, reference: str, retry: bool = False) -> str:
        """Send a letter; returns the provider's id for it."""

    @abstractmethod
    def status(self, provider_id: str) -> str:
        """One of 'sent', 'delivered' or 'failed'."""


class OutboxProvider(Provider):
    def _store(self, channel: str, reference: str, **fields) -> str:
        existing = OutboxMessage.objects.filter(reference=reference).values_list("pk", flat=True).first()
        if existing is not None:
            return str(existing)
        try:
            with transaction.atomic():
                return str(OutboxMessage.objects.create(channel=channel, reference=reference, **fields).pk)
        except IntegrityError:
            # Another worker stored the same reference first: that is the one message.
            return str(OutboxMessage.objects.get(reference=reference).pk)

    def send_text(self, *, to, body, reference, retry=False):
        return self._store(Channel.TEXT, reference, to=to, body=body)

    def send_letter(self, *, address, pdf, reference, retry=False):
        return self._store(Channel.LETTER, reference, to="\n".join(address), pdf=pdf)

    def status(self, provider_id):
        return "delivered" if OutboxMessage.objects.filter(pk=provider_id).exists() else "failed"


class NotifyProvider(Provider):
    """GOV.UK Notify. Needs NOTIFY_API_KEY and a text template whose whole content is ((body))."""

    def __init__(self, client=None):
        if client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            client = NotificationsAPIClient(settings.NOTIFY_API_KEY, timeout=settings.NOTIFY_TIMEOUT)
        self.client = client

    def _call(self, method, *args, **kwargs) -> dict:
        from notifications_python_client.errors import APIError

        try:
            return method(*args, **kwargs)
        except APIError as exc:
            if isinstance(exc.__cause__, (requests.Timeout, requests.ConnectionError)):
                raise TemporaryFailure(f"Notify did not answer in time: {exc}") from exc
            if exc.status_code == 429 or exc.status_code >= 500:
                raise TemporaryFailure(f"Notify is busy or down ({exc.status_code})") from exc
            raise PermanentFailure(f"Notify refused the message: {exc}") from exc

    def _already_sent(self, reference: str) -> str | None:
        # After an ambiguous failure Notify may hold the message already: look before sending again.
        found = self._call(self.client.get_all_notifications, reference=reference)
        notifications = (found or {}).get("notifications") or []
        return notifications[0]["id"] if notifications else None

    def send_text(self, *, to, body, reference, retry=False):
        if retry and (existing := self._already_sent(reference)):
            return existing
        response = self._call(
            self.client.send_sms_notification,
            phone_number=to,
            template_id=settings.NOTIFY_TEXT_TEMPLATE_ID,
            personalisation={"body": body},
            reference=reference,
        )
        return response["id"]

    def send_letter(self, *, address, pdf, reference, retry=False):
        if retry and (existing := self._already_sent(reference)):
            return existing
        response = self._call(self.client.send_precompiled_letter_notification, reference, BytesIO(pdf))
        return response["id"]

    def status(self, provider_id):
        found = self._call(self.client.get_notification_by_id, provider_id)
        state = found.get("status", "")
        if state in {"delivered", "received", "accepted"}:
            return "delivered"
        if "failure" in state or state in {"cancelled", "validation-failed", "virus-scan-failed"}:
            return "failed"
        return "sent"


def get_provider() -> Provider:
    return import_string(settings.OUTREACH_PROVIDER)()
