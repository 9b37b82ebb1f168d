"""Forget cached public pages (alongside/core/page_cache.py) when what they show changes, and
forget an erased person's application answers (``people.signals.contributor_erased``).

Only the pages a change shows on are forgotten:

- an opportunity, its sessions, its topics or its project: that opportunity's page, and the listing
  (search, the way in) when it is or was open to the public. A draft nobody can see changes nothing;
- organisations, topics, pathway levels and glossary terms show on every page: everything (lived
  experiences too, for the researcher search's filters kept as fragments).

Changes written without signals (bulk SQL) show once the cached pages expire (``PAGE_CACHE_SECONDS``).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from alongside.accounts.models import Organisation
from alongside.core import page_cache
from alongside.opportunities.models import Activity, JargonTerm, Opportunity, PathwayLevel, Project
from alongside.people.models import LivedExperience, Topic
from alongside.people.signals import contributor_erased

# Lived experiences are not on public pages, but the researcher search keeps its filters (with them)
# under the site's version too.
SHOWN_ON_EVERY_PAGE = (PathwayLevel, JargonTerm, Organisation, Topic, LivedExperience)
PUBLISHED = Opportunity.Status.PUBLISHED
# A closed opportunity's own address still answers (it says it has closed).
HAS_A_PAGE = (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED)


def scopes_of(status: str, slug: str) -> list[str]:
    """The cached pages an opportunity in ``status`` at ``slug`` shows on."""
    scopes = []
    if status in HAS_A_PAGE:
        scopes.append(page_cache.opportunity_scope(slug))
    if status == PUBLISHED:
        scopes.append(page_cache.LISTING)
    return scopes


def _everything_changed(sender, **kwargs) -> None:
    page_cache.invalidate()


def _remember_before(sender, instance: Opportunity, raw=False, **kwargs) -> None:
    """How the opportunity stood before this save: leaving the public pages changes them too."""
    before = None
    if instance.pk and not raw:
        before = Opportunity.objects.filter(pk=instance.pk).values_list("status", "slug").first()
    instance._page_cache_before = before


def _opportunity_changed(sender, instance: Opportunity, **kwargs) -> None:
    scopes = scopes_of(instance.status, instance.slug)
    before = getattr(instance, "_page_cache_before", None)
    if before:
        scopes += scopes_of(*before)
    page_cache.changed(*scopes)


def _opportunity_topics_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # a topic's opportunities changed: rare, and a topic shows everywhere
        page_cache.invalidate()
    else:
        page_cache.changed(*scopes_of(instance.status, instance.slug))


def _part_changed(sender, instance, **kwargs) -> None:
    """A session or project shows on the pages of its opportunities."""
    if isinstance(instance, Activity):
        rows = Opportunity.objects.filter(pk=instance.opportunity_id)
    else:
        rows = Opportunity.objects.filter(project_id=instance.pk)
    slugs = rows.filter(status__in=HAS_A_PAGE).values_list("slug", flat=True)
    page_cache.changed(*(page_cache.opportunity_scope(slug) for slug in slugs))


def _forget_answers(sender, contributor, **kwargs) -> None:
    from alongside.opportunities import services

    services.forget_applicant(contributor)


def connect() -> None:
    contributor_erased.connect(_forget_answers, dispatch_uid="opportunities-erasure")
    for model in SHOWN_ON_EVERY_PAGE:
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_everything_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_everything_changed, sender=model, dispatch_uid=f"{uid}-delete")
    pre_save.connect(_remember_before, sender=Opportunity, dispatch_uid="page-cache-opportunity-before")
    for signal, uid in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(_opportunity_changed, sender=Opportunity, dispatch_uid=f"page-cache-opportunity-{uid}")
    for model in (Activity, Project):
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _opportunity_topics_changed,
        sender=Opportunity.topics.through,
        dispatch_uid="page-cache-opportunity-topics",
    )
