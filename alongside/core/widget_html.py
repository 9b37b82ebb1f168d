"""Django's built-in widget templates, written out in Python.

A form with a few lists of checkboxes (the researcher search has well over a hundred options) renders
Django's widget templates four or five times per option: the option, the input, the attributes.
That was most of the time of such pages. The functions here give exactly the bytes those templates
give (tests/core/test_widget_html.py compares them on every kind of widget we use) for the
templates named in ``FAST``; anything else, such as a widget with a template of its own, is still
rendered by the templates.
"""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_W = "django/forms/widgets/"
INPUTS = {
    f"{_W}{name}.html"
    for name in (
        "text",
        "email",
        "number",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "url",
        "tel",
        "search",
        "checkbox",
    )
}
# Each template file ends with a newline, and an include keeps it: these are part of the bytes.
MULTIPLE = {f"{_W}checkbox_select.html", f"{_W}radio.html"}
OPTION_TEMPLATES = {f"{_W}checkbox_option.html", f"{_W}radio_option.html"}
SELECT = f"{_W}select.html"
SELECT_OPTION = f"{_W}select_option.html"


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}``: formatted with %s, escaped unless already safe."""
    return conditional_escape(value if hasattr(value, "__html__") else str(value))


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """input.html."""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>\n'


def _option(option: dict) -> str:
    """checkbox_option.html or radio_option.html, which include input_option.html."""
    if not option.get("wrap_label"):
        return f"{_input(option)}\n\n"
    target = option["attrs"].get("id")
    label_for = f' for="{conditional_escape(target)}"' if target else ""
    return f"<label{label_for}>{_input(option)} {conditional_escape(option['label'])}</label>\n\n"


def _multiple(widget: dict) -> str | None:
    target = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    out = [
        "<div",
        f' id="{conditional_escape(target)}"' if target else "",
        f' class="{conditional_escape(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        for option in options:
            if option["template_name"] not in OPTION_TEMPLATES:
                return None
            out.append(f"<div>\n    {_option(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n\n")
    return "".join(out)


def _select(widget: dict) -> str | None:
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{conditional_escape(group)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None
            out.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def render(template_name: str, context) -> SafeString | None:
    """The widget's HTML, or None when this template is not one written out here."""
    widget = context.get("widget") if hasattr(context, "get") else None
    if widget is None:
        return None
    if template_name in INPUTS:
        html = _input(widget)
    elif template_name in MULTIPLE:
        html = _multiple(widget)
    elif template_name == SELECT:
        html = _select(widget)
    else:
        return None
    # The renderer strips what the template gives (django.forms.renderers.BaseRenderer.render).
    return None if html is None else mark_safe(html.strip())  # noqa: S308 - every value is escaped
