"""Show a link or button only to people whose role lets them use it.

    {% load access %}
    {% if user|may:"payments:runs" %}…{% endif %}
    {% may "payments:run_approve" run.organisation as can_approve %}
    {% record_links "opportunity" opportunity as more %}  (other apps' pages about a record)

Both ask ``alongside.accounts.permissions.may``, which reads the rule the view itself declares.
"""

from __future__ import annotations

from django import template

from alongside.accounts import hub, permissions

register = template.Library()


@register.filter(name="may")
def may_filter(user, url_name: str) -> bool:
    return permissions.may(user, url_name)


@register.simple_tag(takes_context=True, name="may")
def may_tag(context, url_name: str, organisation=None) -> bool:
    return permissions.may(context["user"], url_name, organisation)


@register.simple_tag(takes_context=True)
def record_links(context, kind: str, record) -> list[hub.ShownLink]:
    return hub.links_for_record(context["user"], kind, record)
