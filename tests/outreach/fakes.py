"""Simulated providers and mail servers: nothing in the tests reaches a real person."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend

from alongside.outreach.providers import OutboxProvider, TemporaryFailure


class FlakyProvider(OutboxProvider):
    """Fails the first ``failures`` calls in turn with a timeout, a 429 and a 500, then works.

    A timeout is ambiguous: this one stores the message before it "times out", as a real
    provider may accept a message and then fail to answer.
    """

    failures = 0
    calls = 0

    @classmethod
    def reset(cls, failures: int) -> None:
        cls.failures, cls.calls = failures, 0

    def send_text(self, *, to, body, reference, retry=False):
        FlakyProvider.calls += 1
        if FlakyProvider.calls <= FlakyProvider.failures:
            mode = FlakyProvider.calls % 3
            if mode == 0:
                super().send_text(to=to, body=body, reference=reference, retry=retry)
                raise TemporaryFailure("Timed out waiting for the provider")
            raise TemporaryFailure("429 Too Many Requests" if mode == 1 else "500 Internal Server Error")
        return super().send_text(to=to, body=body, reference=reference, retry=retry)


class RefusingEmailBackend(EmailBackend):
    """Refuses addresses at bounce.example, as a mail server refuses an unknown mailbox."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.endswith("@bounce.example") for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


class DownEmailBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
