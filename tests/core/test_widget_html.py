"""Widgets written out in Python (alongside/core/widget_html.py) give exactly the template's bytes."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from alongside.core.forms import AlongsideFormRenderer
from alongside.core.widget_html import render

CHOICES = [("a", "Alpha & <b>"), ("b", mark_safe("<em>Beta</em>")), (3, "Three \"quoted\"")]
GROUPED = [("Group <1>", [("x", "Ex"), ("y", "Why")]), ("z", "Zed")]


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "wide", "autocomplete": "off"}))
    email = forms.EmailField()
    number = forms.IntegerField(min_value=0)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput)
    tick = forms.BooleanField(required=False)
    checkboxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    grouped = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
    radios = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect(attrs={"class": "inline"}))
    select = forms.ChoiceField(choices=[("", "Any"), *CHOICES])
    grouped_select = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=CHOICES)


DATA = {
    "text": 'say "<hi>" & bye',
    "email": "a@example.org",
    "number": "12",
    "date": "2026-12-02",
    "hidden": "h&idden",
    "tick": "on",
    "checkboxes": ["a", "3"],
    "grouped": ["y"],
    "radios": "b",
    "select": "3",
    "grouped_select": "z",
    "many": ["a", "b"],
}


@pytest.mark.parametrize("data", [None, DATA])
@pytest.mark.parametrize("name", list(EveryWidget.base_fields))
def test_each_widget_matches_the_django_template(name, data):
    bound = EveryWidget(data)[name]
    widget = bound.field.widget
    context = widget.get_context(bound.html_name, bound.value(), widget.build_attrs({"id": f"id_{name}"}))
    expected = DjangoTemplates().render(widget.template_name, context)
    fast = render(widget.template_name, context)
    assert fast is not None
    assert str(fast) == str(expected)


def test_a_whole_form_renders_the_same_through_our_renderer():
    form = EveryWidget(DATA)
    assert form.render(renderer=AlongsideFormRenderer()) == form.render(renderer=_TemplatesOnly())


def test_a_widget_with_a_template_of_its_own_is_left_to_the_template():
    class Special(forms.CheckboxSelectMultiple):
        option_template_name = "core/forms/special_option.html"

    widget = Special(choices=CHOICES)
    assert render(widget.template_name, widget.get_context("x", ["a"], {})) is None
    assert render("core/forms/field.html", {"widget": {}}) is None


class _TemplatesOnly(AlongsideFormRenderer):
    def render(self, template_name, context, request=None):
        return DjangoTemplates.render(self, template_name, context, request=request)
