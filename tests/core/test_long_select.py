"""``LongSelect`` writes the very options Django's ``Select`` writes, without a template per option."""

from __future__ import annotations

import re

from django import forms

from alongside.core.forms import LongSelect

CHOICES = [("national", "The whole country"), ("org-1", "Tom & Jerry's <group>"), ("org-2", "Northbridge")]


def _form(widget):
    class Chooser(forms.Form):
        scope = forms.ChoiceField(label="Whose people", help_text="Pick one", choices=CHOICES, widget=widget)

    return Chooser({"scope": "org-1"})


def _flat(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_it_writes_the_same_markup_as_a_select():
    assert _flat(_form(LongSelect)["scope"]) == _flat(_form(forms.Select)["scope"])


def test_the_chosen_option_is_selected_and_names_are_escaped():
    html = str(_form(LongSelect)["scope"])
    assert '<option value="org-1" selected>Tom &amp; Jerry&#x27;s &lt;group&gt;</option>' in html
    assert html.count(" selected") == 1
    assert 'aria-describedby="id_scope_helptext"' in html
