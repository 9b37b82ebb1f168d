"""Public pages: find opportunities, an opportunity, its PDF and calendar, feeds, the way in, glossary."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from alongside.core import page_cache, plain_language
from alongside.core.absolute import absolute_url, site_domain
from alongside.core.downloads import file_response
from alongside.core.page_cache import anonymous_page
from alongside.core.pdf import pdf_response
from alongside.opportunities import documents, queries, services
from alongside.opportunities.forms import ApplyForm, SearchForm
from alongside.opportunities.models import JargonTerm
from alongside.people.models import Contributor

PAGE_SIZE = 20


class CountedPaginator(Paginator):
    """A paginator told how to count (a count kept between pages) instead of counting each page."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


def _listing(request, *args, **kwargs):
    return (page_cache.LISTING,)


def _one_opportunity(request, slug: str):
    return (page_cache.opportunity_scope(slug),)


@require_GET
@anonymous_page(depends_on=_listing)
def opportunity_list(request: HttpRequest) -> HttpResponse:
    topics = list(queries.active_topics())
    form = SearchForm(request.GET or None, topics=topics)
    results = queries.search_opportunities(request.GET)
    paginator = CountedPaginator(results, PAGE_SIZE, count=lambda: queries.search_count(request.GET))
    page = paginator.get_page(request.GET.get("page"))
    cards = list(page.object_list)
    scopes = [page_cache.opportunity_scope(o.slug) for o in cards]
    for card, version in zip(cards, page_cache.versions_of_each(scopes), strict=True):
        card.fragment_version = version
    page.object_list = cards
    chosen = urlencode([(name, request.GET.get(name, "")) for name in form.fields if name != "q"])
    context = {
        "form": form,
        "page": page,
        "searched": bool(request.GET),
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
        "fragments": {"site": page_cache.versions_of(), "filters": chosen},
    }
    return render(request, "opportunities/list.html", context)


def _published_or_404(slug: str):
    opportunity = queries.public_opportunity(slug)
    if opportunity is None:
        raise Http404
    return opportunity


@require_GET
@anonymous_page(depends_on=_one_opportunity)
def opportunity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = queries.public_opportunity(slug)
    if opportunity is None:
        return _closed(request, slug)
    today = timezone.localdate()
    return render(
        request,
        "opportunities/detail.html",
        {
            "opportunity": opportunity,
            "is_open": opportunity.is_open_on(today),
            "sessions": opportunity.activities.all(),
            "application": queries.application_of(opportunity, request.user),
            "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
            "fragments": {"opportunity": page_cache.versions_of(page_cache.opportunity_scope(slug))},
        },
    )


def _closed(request: HttpRequest, slug: str) -> HttpResponse:
    """People arrive from emails, flyers and bookmarks after staff close an opportunity: tell them
    it has closed and offer similar open ones. 410 Gone tells search engines to drop the address."""
    closed = queries.closed_opportunity(slug)
    if closed is None:
        raise Http404
    context = {"opportunity": closed, "similar": queries.similar_open(closed)}
    response = render(request, "opportunities/closed.html", context, status=410)
    # The similar opportunities it suggests come from the listing.
    return page_cache.depends_on(response, page_cache.LISTING)


@require_GET
def opportunity_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = _published_or_404(slug)
    large = request.GET.get("print") == "large"
    content = documents.opportunity_pdf(opportunity, large_print=large)
    return pdf_response(content, f"{opportunity.slug}{'-large-print' if large else ''}.pdf", inline=True)


@require_GET
def opportunity_ics(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = _published_or_404(slug)
    calendar = documents.opportunity_calendar(opportunity, domain=site_domain())
    return file_response(calendar, content_type="text/calendar", name=opportunity.slug)


@require_GET
def json_feed(request: HttpRequest) -> JsonResponse:
    """JSON Feed 1.1 of open opportunities (https://jsonfeed.org/version/1.1)."""
    items = queries.search_opportunities({"sort": "newest"})[:50]
    return JsonResponse(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": _("Open opportunities to get involved in research"),
            "home_page_url": absolute_url("opportunities:list"),
            "feed_url": absolute_url("opportunities:feed_json"),
            "items": [
                {
                    "id": o.slug,
                    "url": absolute_url(o.get_absolute_url()),
                    "title": o.title,
                    "content_text": o.summary,
                    "date_published": (o.published_at or o.created_at).isoformat(),
                    "authors": [{"name": o.organisation.name}],
                    "tags": [t.name for t in o.topics.all()],
                    "_alongside": {
                        "closes_on": o.closes_on.isoformat() if o.closes_on else None,
                        "format": o.format,
                        "paid": o.paid,
                    },
                }
                for o in items
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@anonymous_page(depends_on=_listing)
def way_in(request: HttpRequest) -> HttpResponse:
    return render(request, "opportunities/way_in.html", {"levels": queries.way_in_levels()})


@require_GET
@anonymous_page
def glossary(request: HttpRequest) -> HttpResponse:
    built_in = sorted((term, _(plain)) for term, plain in plain_language.BUILT_IN_JARGON.items())
    extra = JargonTerm.objects.select_related("organisation").order_by("term", "organisation__name")[:500]
    return render(request, "opportunities/glossary.html", {"built_in": built_in, "extra": extra})


@login_required
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = _published_or_404(slug)
    contributor = Contributor.objects.filter(user=request.user).first()
    if contributor is None:
        messages.info(request, _("Join first: tell us a little about yourself, then you can apply."))
        return redirect("people:join")
    form = ApplyForm(request.POST or None)
    problem = services.application_problem(opportunity, contributor, on=timezone.localdate())
    if request.method == "POST" and form.is_valid() and not problem:
        try:
            services.apply(opportunity, contributor, **form.cleaned_data)
        except ValidationError as exc:
            problem = exc.messages[0]
        else:
            messages.success(
                request, _("Thank you. We have your application and will tell you what happens next.")
            )
            return redirect("opportunities:involvement")
    return render(
        request,
        "opportunities/apply.html",
        {"opportunity": opportunity, "form": form, "problem": problem, "contributor": contributor},
    )


@login_required
def involvement(request: HttpRequest) -> HttpResponse:
    contributor = Contributor.objects.filter(user=request.user).first()
    applications = contributions = None
    if contributor is not None:
        applications, contributions = queries.involvement_of(contributor)
        applications = Paginator(applications, 50).get_page(request.GET.get("page"))
        contributions = contributions[:100]
    return render(
        request,
        "opportunities/involvement.html",
        {"contributor": contributor, "applications": applications, "contributions": contributions},
    )
