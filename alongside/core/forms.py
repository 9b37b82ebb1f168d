"""One way to render every form: labels, hints, error messages and kept values."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates


class AlongsideFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class StrippedCharField(forms.CharField):
    """A text field that refuses control characters, which have no place in names or titles."""

    def clean(self, value):
        value = super().clean(value)
        if value and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
            raise forms.ValidationError("Remove the hidden control characters from this answer.")
        if value and "\x00" in value:
            raise forms.ValidationError("Remove the hidden control characters from this answer.")
        return value
