"""Helpers for the browser tests: waiting for pages properly, and axe-core.

A click on a link or a submit button starts a navigation that Playwright does not wait
for. Reading the page, running axe or reloading before the new page has loaded races the
navigation and fails now and then on a busy machine, so every click that leaves the page
goes through ``follow``.
"""

from __future__ import annotations

import os
import shutil

# Where `make test` (scripts/ensure-browser) puts a Chromium, in the order it looks.
SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# No background calls home: on a closed network each one is refused and slows the start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The Chromium to drive: CHROMIUM_PATH, the system's, or None for Playwright's own build."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return next((path for path in SYSTEM_CHROMIUM if shutil.which(path)), None)


def follow(page, locator) -> None:
    """Click ``locator`` and wait until the page it leads to has loaded."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


def axe_violations(page, impacts: tuple[str, ...] | None = None) -> list[str]:
    """axe-core's violations on the loaded page, optionally only those of the given impacts."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if impacts is None or v["impact"] in impacts
    ]


def serious_axe_violations(page) -> list[str]:
    return axe_violations(page, impacts=("serious", "critical"))
