"""Whole public pages cached for anonymous visitors (alongside/core/page_cache.py)."""

from __future__ import annotations

import datetime
import io
import pickle
import re

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.opportunities import services
from alongside.opportunities.models import PathwayLevel
from tests.builders import create_organisation, create_staff, create_user, sign_in
from tests.opportunities.helpers import future, published, session, topic

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _warm(client: Client, url: str):
    """The first visit renders (and gives the CSRF cookie); the next one is what later visits get."""
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    return first


@pytest.fixture
def opportunity(db):
    return published(create_organisation("Sleep Research Unit"), title="Talk about sleep")


def test_an_anonymous_visitor_gets_the_cached_page_without_any_query(client, opportunity):
    url = opportunity.get_absolute_url()
    first = _warm(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200
    assert again["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())
    assert "Talk about sleep" in again.content.decode()


@pytest.mark.parametrize(
    "name", ["core:home", "core:help", "core:privacy", "core:accessibility", "opportunities:way_in"]
)
def test_other_public_pages_are_cached_too(client, db, name):
    _warm(client, reverse(name))
    assert client.get(reverse(name))["X-Page-Cache"] == "hit"


def test_search_results_are_cached_per_query(client, opportunity):
    sleep = topic("Sleep")
    opportunity.topics.add(sleep)
    url = reverse("opportunities:list")
    _warm(client, f"{url}?topic={sleep.slug}")
    other = client.get(f"{url}?topic=no-such-topic")
    assert other["X-Page-Cache"] == "miss"
    assert "Talk about sleep" not in other.content.decode()
    assert "Talk about sleep" in client.get(f"{url}?topic={sleep.slug}").content.decode()


def test_a_changed_opportunity_shows_at_once(client, opportunity):
    url = opportunity.get_absolute_url()
    _warm(client, url)
    opportunity.title = "Talk about sleep and tiredness"
    opportunity.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Talk about sleep and tiredness" in response.content.decode()


def test_a_closed_opportunity_leaves_the_search_and_its_page_says_so(client, opportunity):
    staff = create_staff(opportunity.organisation, "org_admin")
    listing = reverse("opportunities:list")
    _warm(client, listing)
    _warm(client, opportunity.get_absolute_url())
    services.close(opportunity, by=staff)
    assert "Talk about sleep" not in client.get(listing).content.decode()
    closed = client.get(opportunity.get_absolute_url())
    assert closed.status_code == 410 and "This opportunity has closed" in closed.content.decode()


def test_new_sessions_topics_and_levels_show_at_once(client, opportunity):
    url = opportunity.get_absolute_url()
    _warm(client, url)
    session(opportunity, title="Evening meeting")
    assert "Evening meeting" in client.get(url).content.decode()
    opportunity.topics.add(topic("Insomnia"))
    _warm(client, reverse("opportunities:list"))
    assert "Insomnia" in client.get(reverse("opportunities:list")).content.decode()
    _warm(client, reverse("opportunities:way_in"))
    PathwayLevel.objects.create(organisation=opportunity.organisation, name="Try a survey", position=1)
    assert "Try a survey" in client.get(reverse("opportunities:way_in")).content.decode()


def test_a_newly_published_opportunity_appears_in_the_search(client, opportunity):
    listing = reverse("opportunities:list")
    _warm(client, listing)
    published(opportunity.organisation, title="Share your views on diabetes care")
    assert "Share your views on diabetes care" in client.get(listing).content.decode()


def test_the_cache_is_kept_per_day_so_a_closing_date_is_honoured(client, db):
    org = create_organisation()
    published(org, title="Closes tomorrow", closes_on=future(1))
    listing = reverse("opportunities:list")
    _warm(client, listing)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        response = client.get(listing)
    assert response["X-Page-Cache"] == "miss"
    assert "Closes tomorrow" not in response.content.decode()


def test_a_signed_in_person_never_gets_the_anonymous_page(client, opportunity):
    url = opportunity.get_absolute_url()
    _warm(client, url)
    client.get(url)
    sign_in(client, create_user())
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "Sign out" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"


def test_a_page_rendered_for_a_signed_in_person_is_never_kept_for_others(client, opportunity):
    url = opportunity.get_absolute_url()
    sign_in(client, create_user())
    client.get(url)
    anonymous = Client()
    response = anonymous.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Sign out" not in response.content.decode()
    assert "Sign in" in response.content.decode()


def test_english_and_welsh_pages_are_kept_apart(db):
    english, welsh = Client(), Client()
    welsh.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    _warm(english, "/")
    _warm(welsh, "/")
    for _ in range(2):
        assert "Get involved in health and care research" in english.get("/").content.decode()
        assert "Cymryd rhan mewn ymchwil iechyd a gofal" in welsh.get("/").content.decode()
    by_header = Client(headers={"accept-language": "cy"})
    assert "Cymryd rhan mewn ymchwil iechyd a gofal" in by_header.get("/").content.decode()


def test_every_visitor_gets_their_own_csrf_token_and_cookie(db):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    _warm(first, "/")
    served = second.get("/")
    assert served["X-Page-Cache"] == "hit"
    assert settings.CSRF_COOKIE_NAME in served.cookies
    assert "Cookie" in served["Vary"] and "Accept-Language" in served["Vary"]
    assert served["Cache-Control"] == "private, max-age=0"
    token = TOKEN.search(served.content.decode()).group(1)
    assert token not in first.get("/").content.decode()
    # The token in the cached page works for the visitor it was served to.
    switched = second.post(
        reverse("set_language"), {"language": "cy", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def _only_entry():
    (blob,) = caches["pages"]._cache.values()
    return pickle.loads(blob)  # noqa: S301 - the test's own in-memory cache


def test_no_token_and_no_cookie_is_stored(db):
    Client().get("/")
    content_type, chunks, *_ = _only_entry()
    body = b"".join(chunks)
    assert content_type == "text/html; charset=utf-8"
    assert b'name="csrfmiddlewaretoken" value=""' in body
    assert not TOKEN.search(body.decode())


def test_a_visitor_with_messages_or_a_session_is_not_served_from_the_cache(client, opportunity):
    url = opportunity.get_absolute_url()
    _warm(client, url)
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get(url)
    del client.cookies["messages"]
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    assert "X-Page-Cache" not in client.get(url)


def test_the_cache_can_be_turned_off(client, opportunity, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = opportunity.get_absolute_url()
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_the_sign_in_page_is_cached_with_a_fresh_token_and_stays_out_of_browser_caches(db):
    url = reverse("account_login")
    _warm(Client(), url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page["X-Page-Cache"] == "hit"
    assert "no-store" in page["Cache-Control"]
    assert settings.CSRF_COOKIE_NAME in page.cookies
    token = TOKEN.search(page.content.decode()).group(1)
    user = create_user()
    response = visitor.post(url, {"login": user.email, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_the_sign_in_page_keeps_where_to_go_next(client, db):
    url = reverse("account_login")
    _warm(client, url)
    response = client.get(f"{url}?next=/account/")
    assert response["X-Page-Cache"] == "miss"
    assert 'value="/account/"' in response.content.decode()
    assert 'value="/account/"' not in client.get(url).content.decode()


def test_a_change_made_by_another_process_is_seen_once_the_version_is_read_again(
    client, opportunity, settings
):
    from alongside.core import page_cache

    url = opportunity.get_absolute_url()
    _warm(client, url)
    # Another app server (or the task worker) wrote a new version into the shared cache.
    caches["default"].set(page_cache.VERSION_KEY, "from-elsewhere", timeout=None)
    assert client.get(url)["X-Page-Cache"] == "hit"  # within PAGE_CACHE_CHECK_SECONDS
    settings.PAGE_CACHE_CHECK_SECONDS = 0
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_content_is_saved_even_when_the_shared_cache_is_down(client, opportunity, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["default"], "set", broken)
    opportunity.title = "Talk about sleep, again"
    opportunity.save()
    assert "Talk about sleep, again" in client.get(opportunity.get_absolute_url()).content.decode()


def test_operators_can_forget_every_cached_page(client, opportunity, settings):
    from django.core.management import call_command

    url = opportunity.get_absolute_url()
    _warm(client, url)
    call_command("clear_page_cache", stdout=io.StringIO())
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_visitors_arriving_together_at_a_missing_page_wait_for_one_render(rf, db):
    """When a page is missing, threads asking for it at once share one render (no stampede)."""
    import threading
    import time

    from django.http import HttpResponse

    from alongside.core.page_cache import anonymous_page

    renders = []

    @anonymous_page
    def slow_page(request):
        renders.append(1)
        time.sleep(0.2)  # long enough for every other thread to arrive while it renders
        return HttpResponse("<p>the same for everyone</p>")

    results = []

    def visit():
        results.append(slow_page(rf.get("/a-page-nobody-has-seen/")))

    visitors = [threading.Thread(target=visit) for _ in range(6)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    assert len(renders) == 1
    assert sorted(r["X-Page-Cache"] for r in results) == ["hit"] * 5 + ["miss"]
    assert {r.content for r in results} == {b"<p>the same for everyone</p>"}


# --- Only what a change shows on is forgotten ---------------------------------------------------


def _hit(client: Client, url: str) -> bool:
    return client.get(url)["X-Page-Cache"] == "hit"


def test_saving_a_draft_keeps_the_search_and_every_page(client, opportunity):
    from alongside.opportunities.models import Opportunity

    sleep, staff = topic("Sleep"), create_staff(opportunity.organisation, "researcher")
    listing, page = reverse("opportunities:list"), opportunity.get_absolute_url()
    _warm(client, listing)
    _warm(client, page)
    draft = published(opportunity.organisation, title="Not ready yet", status=Opportunity.Status.DRAFT)
    draft.summary = "Still writing this"
    services.save_opportunity(draft, by=staff)
    session(draft, title="A session nobody can see yet")
    draft.topics.add(sleep)
    assert _hit(client, listing)
    assert _hit(client, page)


def test_editing_a_public_opportunity_forgets_its_page_and_the_search_only(client, opportunity):
    other = published(opportunity.organisation, title="Talk about diet")
    staff = create_staff(opportunity.organisation, "researcher")
    listing, page, other_page = (
        reverse("opportunities:list"),
        opportunity.get_absolute_url(),
        other.get_absolute_url(),
    )
    for url in (listing, page, other_page, reverse("core:help")):
        _warm(client, url)
    opportunity.title = "Talk about sleep and dreams"
    services.save_opportunity(opportunity, by=staff)
    fresh = client.get(page)
    assert fresh["X-Page-Cache"] == "miss" and "Talk about sleep and dreams" in fresh.content.decode()
    fresh = client.get(listing)
    assert fresh["X-Page-Cache"] == "miss" and "Talk about sleep and dreams" in fresh.content.decode()
    assert _hit(client, other_page)
    assert _hit(client, reverse("core:help"))


def test_a_new_session_forgets_its_opportunity_page_but_keeps_the_search(client, opportunity):
    listing, page = reverse("opportunities:list"), opportunity.get_absolute_url()
    _warm(client, listing)
    _warm(client, page)
    session(opportunity, title="Saturday meeting")
    assert "Saturday meeting" in client.get(page).content.decode()
    assert _hit(client, listing)


def test_publishing_a_draft_shows_it_in_the_search_and_at_its_address(client, opportunity):
    from alongside.opportunities.models import Opportunity

    draft = published(opportunity.organisation, title="Coming soon", status=Opportunity.Status.DRAFT)
    listing = reverse("opportunities:list")
    _warm(client, listing)
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.status = Opportunity.Status.PUBLISHED
    draft.save()
    assert "Coming soon" in client.get(listing).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_draft_taken_off_the_public_pages_leaves_them_at_once(client, opportunity):
    from alongside.opportunities.models import Opportunity

    listing, page = reverse("opportunities:list"), opportunity.get_absolute_url()
    _warm(client, listing)
    _warm(client, page)
    opportunity.status = Opportunity.Status.DRAFT
    opportunity.save()
    assert "Talk about sleep" not in client.get(listing).content.decode()
    assert client.get(page).status_code == 404


def test_an_organisation_renamed_shows_on_every_page(client, opportunity):
    listing, page = reverse("opportunities:list"), opportunity.get_absolute_url()
    _warm(client, listing)
    _warm(client, page)
    opportunity.organisation.name = "Sleep and Dreams Unit"
    opportunity.organisation.save()
    assert "Sleep and Dreams Unit" in client.get(page).content.decode()
    assert "Sleep and Dreams Unit" in client.get(listing).content.decode()


def test_a_closed_opportunity_page_is_kept_and_follows_the_listing(client, opportunity):
    staff, sleep = create_staff(opportunity.organisation, "org_admin"), topic("Sleep")
    opportunity.topics.add(sleep)
    services.close(opportunity, by=staff)
    url = opportunity.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    again = client.get(url)
    assert again.status_code == 410 and again["X-Page-Cache"] == "hit"
    similar = published(opportunity.organisation, title="Talk about naps")
    similar.topics.add(sleep)
    fresh = client.get(url)
    assert fresh.status_code == 410 and fresh["X-Page-Cache"] == "miss"
    assert "Talk about naps" in fresh.content.decode()


def test_an_opportunity_changed_by_another_process_is_seen_once_its_version_is_read_again(
    client, opportunity, settings
):
    from alongside.core import page_cache
    from alongside.opportunities.signals import scopes_of

    url = opportunity.get_absolute_url()
    _warm(client, url)
    shared = caches["default"]
    for scope in scopes_of(opportunity.status, opportunity.slug):
        shared.set(page_cache._shared_key(scope), "from-elsewhere", timeout=60)
    assert _hit(client, url)  # within PAGE_CACHE_CHECK_SECONDS
    settings.PAGE_CACHE_CHECK_SECONDS = 0
    assert client.get(url)["X-Page-Cache"] == "miss"


# --- Parts of pages kept for everyone (FRAGMENT_CACHE_SECONDS), signed in or not ---------------


def _fragments(name: str) -> int:
    """How many parts named ``name`` the pages cache holds (and would give back)."""
    pages = caches["pages"]
    keys = [key.split(":", 2)[2] for key in list(pages._cache)]
    return sum(key.startswith(f"template.cache.{name}.") and pages.has_key(key) for key in keys)


def test_result_cards_and_an_opportunity_text_are_kept_and_follow_edits(client, opportunity, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered, as for signed-in people
    listing, page = reverse("opportunities:list"), opportunity.get_absolute_url()
    client.get(listing)
    client.get(page)
    assert _fragments("opportunity-card") == 1
    assert _fragments("opportunity-filters") == 1
    assert _fragments("opportunity-page") == 1
    opportunity.title = "Talk about sleep at night"
    opportunity.save()
    session(opportunity, title="Night meeting")
    assert "Talk about sleep at night" in client.get(listing).content.decode()
    shown = client.get(page).content.decode()
    assert "Talk about sleep at night" in shown and "Night meeting" in shown


def test_a_kept_card_is_shown_the_same_to_a_signed_in_person(client, opportunity, settings):
    settings.PAGE_CACHE_SECONDS = 0
    listing = reverse("opportunities:list")
    anonymous = client.get(listing).content.decode()
    sign_in(client, create_user())
    signed_in = client.get(listing).content.decode()
    card = anonymous[anonymous.index('<article class="card">') : anonymous.index("</article>")]
    assert card in signed_in and "Sign out" in signed_in


def test_fragments_can_be_turned_off(client, opportunity, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get(reverse("opportunities:list"))
    assert _fragments("opportunity-card") == 0
