"""RSS and Atom feeds of open opportunities."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from alongside.opportunities.queries import search_opportunities

FEED_SIZE = 50


class OpenOpportunitiesFeed(Feed):
    title = _("Open opportunities to get involved in research")
    link = reverse_lazy("opportunities:list")
    description = _("Ways to get involved in health and care research that are open now.")

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
