"""Forget cached public pages (alongside/core/page_cache.py) when what they show changes, and
forget an erased person's application answers (``people.signals.contributor_erased``).

The public pages show opportunities with their sessions, organisation, project, topics and pathway
level, the way-in levels and the glossary; a save or delete of any of these, or a change of an
opportunity's topics, starts a new page-cache version. Changes written without signals (bulk SQL)
show once the cached pages expire (``PAGE_CACHE_SECONDS``).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from alongside.accounts.models import Organisation
from alongside.core import page_cache
from alongside.opportunities.models import Activity, JargonTerm, Opportunity, PathwayLevel, Project
from alongside.people.models import Topic
from alongside.people.signals import contributor_erased

SHOWN_ON_PUBLIC_PAGES = (Opportunity, Activity, PathwayLevel, JargonTerm, Project, Organisation, Topic)


def _public_content_changed(sender, **kwargs) -> None:
    page_cache.invalidate()


def _forget_answers(sender, contributor, **kwargs) -> None:
    from alongside.opportunities import services

    services.forget_applicant(contributor)


def connect() -> None:
    contributor_erased.connect(_forget_answers, dispatch_uid="opportunities-erasure")
    for model in SHOWN_ON_PUBLIC_PAGES:
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_public_content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_public_content_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _public_content_changed,
        sender=Opportunity.topics.through,
        dispatch_uid="page-cache-opportunity-topics",
    )
