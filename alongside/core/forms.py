"""One way to render every form: labels, hints, error messages and kept values."""

from __future__ import annotations

import html
from decimal import Decimal

from django import forms
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from alongside.core import numbers, widget_html


class AlongsideFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name, context, request=None):
        # Django's own widget templates, written out in Python: the same bytes, far fewer templates.
        html = widget_html.render(template_name, context)
        if html is not None:
            return html
        return super().render(template_name, context, request=request)


SELECTED = " selected"


class LongSelect(forms.Select):
    """A drop-down with many options (every organisation), its options written in Python.

    Django renders each option of a ``Select`` through a template of its own, about a millisecond
    an option on a busy machine: a list of 1,000 organisations took most of a page's time. This
    writes the same ``<option>`` elements in one pass. Flat choices only (no option groups).
    """

    template_name = "core/forms/long_select.html"

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)  # not ChoiceWidget's per-option dicts
        chosen = set(context["widget"]["value"])
        options = "".join(
            f'<option value="{_escaped(k)}"{SELECTED if str(k) in chosen else ""}>{_escaped(label)}</option>'
            for k, label in self.choices
        )
        context["widget"]["options"] = mark_safe(options)  # noqa: S308 - every value escaped
        return context


def _escaped(value) -> str:
    """As Django's ``conditional_escape``, without its per-call overhead (thousands of calls)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class StrippedCharField(forms.CharField):
    """A text field that refuses control characters, which have no place in names or titles."""

    def clean(self, value):
        value = super().clean(value)
        if value and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
            raise forms.ValidationError("Remove the hidden control characters from this answer.")
        if value and "\x00" in value:
            raise forms.ValidationError("Remove the hidden control characters from this answer.")
        return value


class NumberField(forms.Field):
    """A number people type (miles, hours), read by ``core.numbers``: "1e3", "NaN" and "5,0" are refused.

    ``what`` names the field in messages ("Enter the miles as a number, like 12.5").
    """

    money = False
    default_attrs = {"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"}

    def __init__(
        self,
        *,
        what,
        places: int = 1,
        maximum=None,
        allow_zero: bool = True,
        allow_negative: bool = False,
        example: str = "12.5",
        **kwargs,
    ):
        self.what, self.places, self.maximum, self.example = what, places, maximum, example
        self.allow_zero, self.allow_negative = allow_zero, allow_negative
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), **self.default_attrs}

    def _parse(self, value):
        return numbers.parse_number(
            value,
            places=self.places,
            maximum=self.maximum,
            allow_zero=self.allow_zero,
            allow_negative=self.allow_negative,
        )

    def _message(self, code_or_error) -> str:
        return numbers.message(code_or_error, self.what, money=self.money, example=self.example)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self._parse(value)
        except numbers.AmountError as error:
            raise forms.ValidationError(self._message(error), code=error.code) from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise forms.ValidationError(self._message("required"), code="required")

    def prepare_value(self, value):
        # What the person typed is shown back as typed; a stored Decimal as plain digits.
        return f"{value:f}" if isinstance(value, Decimal) else value


class MoneyField(NumberField):
    """Pounds and pence, read by ``core.numbers.parse_money``: the one way a form takes money.

    ``what`` names the field in messages ("Enter the bus fare in pounds and pence, like 12.50").
    """

    money = True

    def __init__(self, *, what, maximum=numbers.MONEY_MAXIMUM, **kwargs):
        super().__init__(what=what, places=numbers.PENCE_PLACES, maximum=maximum, example="12.50", **kwargs)

    def _parse(self, value):
        return numbers.parse_money(
            value, maximum=self.maximum, allow_zero=self.allow_zero, allow_negative=self.allow_negative
        )


class ColumnNumberField(NumberField):
    """A model's DecimalField on an admin form: its places and maximum come from the column."""

    def __init__(self, *, max_digits: int, decimal_places: int, localize: bool = False, **kwargs):
        unit = Decimal(1).scaleb(-decimal_places)
        super().__init__(
            what=_("the value"),
            places=decimal_places,
            maximum=Decimal(10) ** (max_digits - decimal_places) - unit,
            **kwargs,
        )


# ModelAdmin.formfield_overrides: admin forms read numbers with the same parser as every other form.
NUMBERS_IN_ADMIN = {models.DecimalField: {"form_class": ColumnNumberField}}
