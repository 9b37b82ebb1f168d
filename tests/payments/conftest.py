import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Staff accounts are made in nearly every payments test; hashing strength is tested elsewhere.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
