"""Staff lists that cost the same at any size: a page from the database, and a count that stops.

Django's ``Paginator`` counts every row the list could show (``SELECT COUNT(*)``) on each page,
which at a million contributors, or a message to 100,000 people, is most of the page's time.
``CappedPaginator`` counts at most ``cap`` rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``):
past that the page says "more than 10,000" and offers pages up to the cap, so no page reads more
than ``cap`` rows to find its place (no deep OFFSET). Searching or filtering narrows the list.
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or CAP

    @cached_property
    def counted(self) -> int:
        """The rows counted, up to one past the cap (which says there are more)."""
        if isinstance(self.object_list, QuerySet):
            # The order does not change how many there are: counted without sorting.
            return self.object_list.order_by()[: self.cap + 1].count()
        return len(self.object_list[: self.cap + 1])

    @cached_property
    def capped(self) -> bool:
        """True when the list holds more rows than were counted."""
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)


def capped_page(request, items, per_page: int = 50, *, cap: int | None = None) -> Page:
    """The page the request asks for (``?page=``), out of at most ``cap`` rows."""
    return CappedPaginator(items, per_page, cap=cap).get_page(request.GET.get("page"))
