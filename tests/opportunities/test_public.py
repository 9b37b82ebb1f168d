"""Public pages: find, filter, sort, page; the opportunity page; PDF, iCalendar, feeds and API."""

from __future__ import annotations

import datetime
import io
import json

import icalendar
import pypdf
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.opportunities.models import Opportunity, PathwayLevel
from alongside.opportunities.queries import search_opportunities
from tests.builders import create_opportunity, create_organisation
from tests.opportunities.helpers import future, published, session, topic


def _bulk(org, n, **fields):
    now = timezone.now()
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                organisation=org,
                title=f"Bulk opportunity {i}",
                slug=f"bulk-{org.pk}-{i}",
                summary="Share your views.",
                status=Opportunity.Status.PUBLISHED,
                closes_on=future(5 + i % 60),
                published_at=now,
                **fields,
            )
            for i in range(n)
        ]
    )


def test_search_filters_by_words_format_region_time_payment_and_closing_soon(client):
    org = create_organisation()
    sleep = topic("Sleep")
    a = published(
        org,
        title="Talk about sleep",
        format="online",
        region="London",
        time_needed_hours=1,
        paid=True,
        closes_on=future(5),
    )
    a.topics.add(sleep)
    b = published(
        org,
        title="Walk and talk",
        format="in_person",
        region="Wales",
        time_needed_hours=20,
        paid=False,
        closes_on=future(50),
    )
    published(org, title="Already closed", closes_on=future(-1))
    create_opportunity(org, title="Hidden draft", status=Opportunity.Status.DRAFT, closes_on=future(5))

    def titles(**filters):
        return {o.title for o in search_opportunities(filters)}

    assert titles() == {"Talk about sleep", "Walk and talk"}
    assert titles(q="sleep") == {"Talk about sleep"}
    assert titles(topic="sleep") == {"Talk about sleep"}
    assert titles(format="in_person") == {"Walk and talk"}
    assert titles(region="Wales") == {"Walk and talk"}
    assert titles(time="short") == {"Talk about sleep"}
    assert titles(time="long") == {"Walk and talk"}
    assert titles(paid="no") == {"Walk and talk"}
    assert titles(closing="soon") == {"Talk about sleep"}
    assert [o.title for o in search_opportunities({"sort": "title"})] == ["Talk about sleep", "Walk and talk"]
    assert [o.pk for o in search_opportunities({"sort": "closing"})] == [a.pk, b.pk]
    page = client.get(reverse("opportunities:list"), {"format": "in_person"}).content.decode()
    assert "Walk and talk" in page and "Talk about sleep" not in page and "Hidden draft" not in page


@pytest.mark.parametrize("params", [{}, {"q": "bulk", "paid": "yes", "sort": "newest", "page": "2"}])
def test_the_list_page_runs_the_same_number_of_queries_at_10_and_1000_rows(client, params, settings):
    # The guard is on rendering: the anonymous page cache would answer a repeat visit with no query.
    settings.PAGE_CACHE_SECONDS = 0
    org = create_organisation()
    sleep = topic("Sleep")
    _bulk(org, 10)
    for o in Opportunity.objects.all()[:3]:
        o.topics.add(sleep)
    client.get(reverse("opportunities:list"))  # warm up sessions, content types
    caches["pages"].clear()  # count afresh at both sizes (the next pages of a search reuse the count)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("opportunities:list"), params).status_code == 200
    _bulk(create_organisation(), 990)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("opportunities:list"), params)
    assert response.status_code == 200
    assert len(small) == len(large)
    assert len(large) <= 6


def test_the_api_list_runs_the_same_number_of_queries_at_10_and_1000_rows(client):
    _bulk(create_organisation(), 10)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/opportunities")
    _bulk(create_organisation(), 990)
    with CaptureQueriesContext(connection) as large:
        body = client.get("/api/opportunities", {"page": 3}).json()
    assert len(small) == len(large)
    assert body["count"] == 1000 and len(body["items"]) == 20


def test_the_opportunity_page_shows_the_details_and_the_apply_button():
    from django.test import Client

    org = create_organisation()
    o = published(org, title="Tell us about care homes", what_you_would_do="Come to a meeting.")
    session(o, title="Evening meeting")
    page = Client().get(reverse("opportunities:detail", args=[o.slug])).content.decode()
    assert "Tell us about care homes" in page and "Evening meeting" in page
    assert reverse("opportunities:apply", args=[o.slug]) in page
    assert reverse("opportunities:pdf", args=[o.slug]) in page


def test_the_pdf_is_valid_and_says_what_the_page_says(client):
    o = published(
        create_organisation(),
        title="Help design a leaflet",
        summary="Read a leaflet and tell us what you think.",
    )
    session(o, title="Leaflet workshop")
    response = client.get(reverse("opportunities:pdf", args=[o.slug]))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Help design a leaflet" in text and "Leaflet workshop" in text
    assert reader.metadata.title == "Help design a leaflet"
    large = client.get(reverse("opportunities:pdf", args=[o.slug]), {"print": "large"})
    assert len(pypdf.PdfReader(io.BytesIO(large.content)).pages) >= len(reader.pages)


def test_the_calendar_file_is_valid_with_one_event_per_session(client):
    o = published(create_organisation(), title="Join our panel")
    first = session(o, days=40, minutes=90, title="First meeting")
    session(o, days=47, minutes=60, title="Second meeting")
    response = client.get(reverse("opportunities:ics", args=[o.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    first_event = next(e for e in events if "First meeting" in str(e["summary"]))
    assert first_event.decoded("dtstart") == first.starts_at
    assert first_event.decoded("dtend") - first_event.decoded("dtstart") == datetime.timedelta(minutes=90)


def test_rss_atom_and_json_feeds_list_open_opportunities(client):
    o = published(create_organisation(), title="Feed me")
    published(create_organisation(), title="Closed one", closes_on=future(-2))
    rss = client.get(reverse("opportunities:feed_rss")).content.decode()
    atom = client.get(reverse("opportunities:feed_atom")).content.decode()
    assert "<rss" in rss and "Feed me" in rss and "Closed one" not in rss
    assert "http://www.w3.org/2005/Atom" in atom and "Feed me" in atom
    feed = json.loads(client.get(reverse("opportunities:feed_json")).content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"] for item in feed["items"]] == [o.slug]


def test_the_api_gives_one_opportunity_and_is_described_in_openapi(client):
    o = published(create_organisation(), title="API one")
    session(o)
    body = client.get(f"/api/opportunities/{o.slug}").json()
    assert body["title"] == "API one" and len(body["sessions"]) == 1
    schema = client.get("/api/openapi.json").json()
    assert "/api/opportunities" in schema["paths"]


def test_an_unpublished_opportunity_is_404_by_slug_everywhere(client):
    org = create_organisation()
    for status in (
        Opportunity.Status.DRAFT,
        Opportunity.Status.IN_REVIEW,
        Opportunity.Status.REJECTED,
        Opportunity.Status.CLOSED,
    ):
        o = create_opportunity(org, status=status, closes_on=future(5))
        for name in ("opportunities:pdf", "opportunities:ics"):
            assert client.get(reverse(name, args=[o.slug])).status_code == 404
        assert client.get(f"/api/opportunities/{o.slug}").status_code == 404
        # Only a closed one was ever public: its page says it has closed (test_closing.py).
        expected = 410 if status == Opportunity.Status.CLOSED else 404
        assert client.get(reverse("opportunities:detail", args=[o.slug])).status_code == expected


def test_the_way_in_links_each_level_to_its_open_opportunities(client):
    org = create_organisation()
    level = PathwayLevel.objects.create(
        organisation=org, name="Try something small", position=1, learning_links="https://example.org/start"
    )
    PathwayLevel.objects.create(organisation=org, name="Join a group", position=2)
    published(org, title="A quick survey", pathway_level=level)
    page = client.get(reverse("opportunities:way_in")).content.decode()
    assert page.index("Try something small") < page.index("Join a group")
    assert f"?level={level.pk}" in page and "https://example.org/start" in page
    assert "1 open opportunity at this level" in page
    listed = client.get(reverse("opportunities:list"), {"level": level.pk}).content.decode()
    assert "A quick survey" in listed


def test_a_region_filter_also_lists_opportunities_open_to_people_anywhere():
    org = create_organisation()
    published(org, title="In Leeds", region="Yorkshire and The Humber")
    published(org, title="Online, anywhere", region="")
    published(org, title="In Cardiff", region="Wales")
    titles = {o.title for o in search_opportunities({"region": "Wales"})}
    assert titles == {"In Cardiff", "Online, anywhere"}


def _counts(queries) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_the_next_pages_of_a_search_reuse_its_count_until_the_listing_changes(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # rendered every time, as for signed-in people
    org = create_organisation()
    _bulk(org, 45)
    url = reverse("opportunities:list")
    with CaptureQueriesContext(connection) as first:
        assert "45 opportunities open" in client.get(url, {"paid": "yes"}).content.decode()
    assert _counts(first) == 1
    for number in ("2", "3"):
        with CaptureQueriesContext(connection) as later:
            page = client.get(url, {"paid": "yes", "page": number}).content.decode()
        assert _counts(later) == 0
        assert "45 opportunities open" in page and f"Page {number} of 3" in page
    # Another filter set is counted on its own.
    assert "0 opportunities open" in client.get(url, {"paid": "no"}).content.decode()
    published(org, title="One more", paid=True)
    assert "46 opportunities open" in client.get(url, {"paid": "yes", "page": "3"}).content.decode()
