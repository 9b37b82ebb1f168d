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


@pytest.fixture
def on_the_test_day():
    """Time frozen at ``helpers.TODAY`` (Tuesday 10 November 2026, London), as these tests' dates assume."""
    import time_machine

    from .helpers import TODAY

    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team():
    """An organisation with its policy and Bacs details, an officer and two finance staff (with TOTP)."""
    from .helpers import Team

    return Team(totp=True)
