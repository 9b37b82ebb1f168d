"""The GOV.UK Notify provider, driven with a stand-in client: no request ever leaves the test."""

from __future__ import annotations

import pytest
import requests
from notifications_python_client.errors import HTTPError

from alongside.outreach.providers import NotifyProvider, PermanentFailure, TemporaryFailure


def _error(status: int | None, cause: Exception | None = None) -> HTTPError:
    response = None
    if status is not None:
        response = requests.Response()
        response.status_code = status
        response._content = b'{"errors": [{"message": "nope"}]}'
    error = HTTPError(response)
    error.__cause__ = cause
    return error


class StandInClient:
    def __init__(self, fail_with=None, existing=None):
        self.fail_with = fail_with
        self.existing = existing or []
        self.sent = []

    def send_sms_notification(self, **kwargs):
        if self.fail_with:
            raise self.fail_with
        self.sent.append(kwargs)
        return {"id": "notify-1"}

    def get_all_notifications(self, reference=None):
        return {"notifications": [n for n in self.existing if n["reference"] == reference]}


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (_error(429), TemporaryFailure),
        (_error(500), TemporaryFailure),
        (_error(None, requests.Timeout("read timed out")), TemporaryFailure),
        (_error(400), PermanentFailure),
    ],
)
def test_notify_errors_become_retries_or_permanent_failures(error, kind, settings):
    settings.NOTIFY_TEXT_TEMPLATE_ID = "template"
    provider = NotifyProvider(client=StandInClient(fail_with=error))
    with pytest.raises(kind):
        provider.send_text(to="+447911123456", body="Hi", reference="1-2-text")


def test_a_retry_finds_the_text_notify_already_has_and_does_not_send_again(settings):
    settings.NOTIFY_TEXT_TEMPLATE_ID = "template"
    client = StandInClient(existing=[{"id": "notify-earlier", "reference": "1-2-text"}])
    provider = NotifyProvider(client=client)

    assert (
        provider.send_text(to="+447911123456", body="Hi", reference="1-2-text", retry=True)
        == "notify-earlier"
    )
    assert client.sent == []
    assert provider.send_text(to="+447911123456", body="Hi", reference="1-3-text", retry=True) == "notify-1"
    assert client.sent[0]["reference"] == "1-3-text"
    assert client.sent[0]["personalisation"] == {"body": "Hi"}


def test_tests_never_use_notify(settings):
    assert settings.OUTREACH_PROVIDER.endswith("OutboxProvider")
