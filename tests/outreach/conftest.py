import pytest


@pytest.fixture(autouse=True)
def _outreach_settings(settings, tmp_path):
    settings.OUTREACH_PROVIDER = "alongside.outreach.providers.OutboxProvider"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BASE_URL = "https://alongside.example"
