import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Staff accounts are made in nearly every payments test; hashing strength is tested elsewhere.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _consent_wording(db):
    # Transactional tests (concurrency, browser) empty every table afterwards, including the
    # consent wording a data migration seeds; put it back so that tests after them still work.
    import importlib

    from django.apps import apps

    seed = importlib.import_module("alongside.people.migrations.0002_consent_wording")
    seed.add_wording(apps, None)
