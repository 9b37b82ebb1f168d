"""The ideas part of a process page: topics with their idea boards, and rounds open for votes."""

from __future__ import annotations

from django import template

from alongside.engagement import queries_ideas

register = template.Library()


@register.inclusion_tag("engagement/ideas/process_public.html", takes_context=True)
def ideas_for_process(context, process) -> dict:
    return {
        "process": process,
        "topics": queries_ideas.topics_with_counts(process),
        "rounds": queries_ideas.open_rounds(process),
        "request": context.get("request"),
    }
