import pytest
from django.core.cache import cache, caches


def isolated_settings(media_root) -> dict:
    """Settings every test runs under; also for data loaded once per module (tests/test_navigation.py)."""
    from django.conf import settings

    return {
        # Tasks run at once in tests, email goes to the test outbox, and limits start fresh.
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        # Texts and letters land in the local outbox table, print packs in a throwaway folder: every
        # app's notices now go through outreach, and no test may reach a real person or fill data/.
        "OUTREACH_PROVIDER": "alongside.outreach.providers.OutboxProvider",
        "MEDIA_ROOT": media_root,
        "CACHES": {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
        },
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # A deliberately slow password hash is the point in production and only a cost in tests.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Off by default so tests that travel in time stay signed in; test_idle_timeout.py turns it on.
        "SESSION_IDLE_TIMEOUT": 0,
    }


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    for name, value in isolated_settings(tmp_path / "media").items():
        setattr(settings, name, value)
    from alongside.core import page_cache

    cache.clear()
    caches["pages"].clear()
    page_cache.forget_known_versions()
    yield
    cache.clear()
    caches["pages"].clear()
    page_cache.forget_known_versions()


# Tests that use a live server (or transaction=True) empty every table when they finish,
# including rows that migrations create (consent wordings, topics...). Other tests in the
# same worker need those rows, so they are copied once and put back after such a test.
_migration_rows = {"snapshot": None, "emptied": False}
# Recreated by Django itself after a flush, with new ids.
_RECREATED_AFTER_FLUSH = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def _empties_tables(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    marked = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    return marked or {"live_server", "transactional_db"} & set(request.fixturenames) != set()


def _snapshot_rows() -> str:
    from django.apps import apps
    from django.core import serializers

    def rows():
        for model in apps.get_models():
            if model._meta.label_lower not in _RECREATED_AFTER_FLUSH and model._meta.managed:
                yield from model._default_manager.order_by("pk").iterator()

    return serializers.serialize("json", rows())


def _restore_rows(snapshot: str) -> None:
    from django.apps import apps
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import connection

    for item in serializers.deserialize("json", snapshot):
        item.save()
    # Restored rows keep their ids; move each table's id sequence past them (PostgreSQL).
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


def put_back_migration_rows() -> None:
    """Copy the migrations' rows once, and put them back if a test emptied the tables.

    Data loaded for a whole module (tests/test_navigation.py) calls this first, so the copy
    never includes that data.
    """
    from django.db import connection

    if _migration_rows["snapshot"] is None:
        _migration_rows["snapshot"] = _snapshot_rows()
    if _migration_rows["emptied"]:
        _restore_rows(_migration_rows["snapshot"])
        # Inside a test's transaction the restore is undone with it: do it again next time.
        _migration_rows["emptied"] = connection.in_atomic_block


def tables_emptied() -> None:
    """Data loaded for a whole module and committed was flushed: the next test puts the rows back."""
    _migration_rows["emptied"] = True


@pytest.fixture
def _rows_from_migrations(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        put_back_migration_rows()
    yield
    if _empties_tables(request):
        _migration_rows["emptied"] = True


@pytest.fixture(autouse=True)
def _db_access(_rows_from_migrations, db):
    """Every test may use the database; each runs in a transaction that is rolled back."""


@pytest.fixture(scope="module")
def chromium_browser():
    """Debian's Chromium driven by Playwright, shared by one test module.

    Playwright's synchronous API keeps an event loop running in this thread, which makes
    Django refuse database calls as if they came from async code. The browser therefore
    lives only as long as the module that uses it, with that check relaxed meanwhile.
    """
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium_browser, live_server):
    """A fresh browser tab (own cookies) pointed at the live test server."""
    context = chromium_browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()
