"""RSS and Atom feeds of open opportunities."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from alongside.core.absolute import absolute_url
from alongside.opportunities.queries import search_opportunities

FEED_SIZE = 50


class OpenOpportunitiesFeed(Feed):
    """Every link is absolute on BASE_URL (Django would otherwise take the request's Host)."""

    title = _("Open opportunities to get involved in research")
    description = _("Ways to get involved in health and care research that are open now.")
    feed_name = "opportunities:feed_rss"

    def link(self):
        return absolute_url("opportunities:list")

    def feed_url(self):
        return absolute_url(self.feed_name)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        return search_opportunities({"sort": "newest"})[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.published_at or item.created_at

    def item_author_name(self, item):
        return item.organisation.name


class OpenOpportunitiesAtom(OpenOpportunitiesFeed):
    feed_type = Atom1Feed
    subtitle = OpenOpportunitiesFeed.description
    feed_name = "opportunities:feed_atom"
