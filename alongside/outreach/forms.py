from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.outreach.models import CallAttempt
from alongside.people.choices import Channel


class CallOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened on the call?"), choices=CallAttempt.Outcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PreferencesForm(forms.Form):
    ACTIONS = [
        ("stop_kind", _("Stop messages like this one")),
        ("stop_all", _("Stop all messages except security and payment notices")),
        ("channels", _("Change how you hear from us")),
    ]
    action = forms.ChoiceField(
        label=_("What would you like to do?"), choices=ACTIONS, widget=forms.RadioSelect
    )
    channels = forms.MultipleChoiceField(
        label=_("How should we contact you?"),
        help_text=_("Choose all that you are happy with. We use the first one that works for you."),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, essential: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if essential:
            self.fields["action"].choices = [c for c in self.ACTIONS if c[0] != "stop_kind"]

    def clean(self):
        data = super().clean()
        if data.get("action") == "channels" and not data.get("channels"):
            self.add_error("channels", _("Choose at least one way for us to contact you"))
        return data
