from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import LongSelect
from alongside.insights.access import scope_choices
from alongside.insights.models import CensusRelease, Involvement


class RepresentationForm(forms.Form):
    """The choices on the representation and trends pages (a GET form: the address keeps them)."""

    # National admins choose among every organisation: a long list, written out quickly.
    scope = forms.ChoiceField(label=_("Whose people"), widget=LongSelect)
    involved = forms.ChoiceField(
        label=_("Count people who have"),
        choices=Involvement.choices,
        initial=Involvement.REGISTERED,
        help_text=_("Only people who agreed to equality monitoring are counted."),
    )
    census = forms.ChoiceField(label=_("Compare with"))

    def __init__(self, data, *, user, choices: dict | None = None):
        super().__init__(data)
        self.fields["scope"].choices = choices["scope"] if choices else scope_choices(user)
        self.fields["census"].choices = (
            choices["census"] if choices else list(CensusRelease.objects.values_list("slug", "name"))
        )
        self.initial = {
            "scope": next(iter(self.fields["scope"].choices), ("", ""))[0],
            "involved": Involvement.REGISTERED,
            "census": next(iter(self.fields["census"].choices), ("", ""))[0],
        }

    @classmethod
    def from_request(cls, request) -> RepresentationForm:
        """Bound to the address's choices, with the defaults for any not given."""
        form = cls(None, user=request.user)
        wanted = {
            name: request.GET.get(name) or form.initial[name] for name in ("scope", "involved", "census")
        }
        # The choices once per request: worked out again they would be the same.
        choices = {name: form.fields[name].choices for name in ("scope", "census")}
        return cls(wanted, user=request.user, choices=choices)


class ActivityScopeForm(forms.Form):
    """The organisation (or, for national admins, the whole country) whose activity is shown."""

    scope = forms.ChoiceField(label=_("Whose activity"), widget=LongSelect)

    def __init__(self, data, *, user, choices: list | None = None):
        super().__init__(data)
        if choices is None:
            choices = [(k, v) for k, v in scope_choices(user) if not k.startswith("region-")]
        self.fields["scope"].choices = choices
        self.initial = {"scope": next(iter(self.fields["scope"].choices), ("", ""))[0]}

    @classmethod
    def from_request(cls, request) -> ActivityScopeForm:
        form = cls(None, user=request.user)
        wanted = {"scope": request.GET.get("scope") or form.initial["scope"]}
        return cls(wanted, user=request.user, choices=form.fields["scope"].choices)
