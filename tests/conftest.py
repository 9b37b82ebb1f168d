import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated(settings):
    # Tasks run at once in tests, email goes to the test outbox, and limits start fresh.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A deliberately slow password hash is the point in production and only a cost in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Off by default so tests that travel in time stay signed in; test_idle_timeout.py turns it on.
    settings.SESSION_IDLE_TIMEOUT = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _db_access(db):
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

    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
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
