"""At 320 px wide (400 % zoom on a laptop) the page never scrolls sideways (review D15).

Wide tables may scroll inside their own box; the page itself must not. The pages are the two the
review found: a payment run with its SHA-256 hashes, and a staff opportunity with its sessions.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.opportunities.models import Activity
from alongside.payments import runs
from tests.builders import create_staff, sign_in_browser
from tests.opportunities.helpers import published
from tests.payments.helpers import Team, approved_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Elements wider than the window, to say what pushed the page out when the test fails.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !e.closest('.table-wrap') || e.classList.contains('table-wrap'))
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def _sideways(page) -> tuple[int, int]:
    return page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def _assert_no_sideways_scroll(page, url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    scroll_width, client_width = _sideways(page)
    assert scroll_width <= client_width, f"{url} scrolls sideways: {page.evaluate(WIDEST)}"


@pytest.fixture
def team(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Team(totp=True)


def test_a_payment_run_with_its_file_hashes_fits_320_px(browser_page, live_server, team):
    for _ in range(2):
        approved_claim(team)
    run = runs.start_run(team.organisation, by=team.finance)
    runs.approve_run(run, by=team.finance2)
    runs.process_run(run.pk)
    run.refresh_from_db()
    assert len(run.csv_sha256) == 64
    sign_in_browser(browser_page, live_server.url, team.finance)
    _assert_no_sideways_scroll(browser_page, live_server.url + reverse("payments:run", args=[run.pk]))


def test_a_staff_opportunity_with_its_sessions_fits_320_px(browser_page, live_server, team):
    opportunity = published(team.organisation, title="Help us plan a study about sleep and shift work")
    start = timezone.now().replace(microsecond=0)
    for days, title in ((-7, "Online workshop about shift work"), (14, "Second workshop in the library")):
        Activity.objects.create(
            opportunity=opportunity,
            title=title,
            activity_type="workshop",
            starts_at=start + datetime.timedelta(days=days),
            duration_minutes=120,
        )
    staff = create_staff(team.organisation, Role.INVOLVEMENT_STAFF, totp=True)
    sign_in_browser(browser_page, live_server.url, staff)
    url = live_server.url + reverse("opportunities:staff_detail", args=[opportunity.pk])
    _assert_no_sideways_scroll(browser_page, url)
