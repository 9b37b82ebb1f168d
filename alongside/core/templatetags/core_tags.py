from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def absolute_url(target: str, *args, **kwargs) -> str:
    """A link for an email or letter: ``settings.BASE_URL`` plus the path (see core.absolute)."""
    from alongside.core.absolute import absolute_url as build

    return build(target, *args, **kwargs)
