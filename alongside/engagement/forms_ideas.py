"""Forms for ideas, prioritisation rounds and actions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alongside.engagement.models import Action, Channel, Group, Idea, ImprovementArea, Round
from alongside.people.models import Contributor

SPLIT_PARTS = 4


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Your idea, in a sentence"), max_length=200)
    description = forms.CharField(
        label=_("More about the idea (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class IdeaEditForm(forms.Form):
    title = forms.CharField(label=_("The idea, in a sentence"), max_length=200)
    description = forms.CharField(
        label=_("More about the idea"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None, empty_label=None)
    event = forms.ModelChoiceField(
        label=_("Changed at which event"),
        queryset=None,
        required=False,
        empty_label=_("Not at an event"),
        help_text=_("The history shows the event where the idea was refined."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = process.topics.all()
        self.fields["event"].queryset = process.events.all()


class CaptureForm(IdeaEditForm):
    """Staff or a facilitator typing in an idea for a person or a breakout group."""

    reference = forms.CharField(
        label=_("Whose idea (their reference)"),
        required=False,
        max_length=12,
        help_text=_("Leave blank for a breakout group's idea."),
    )
    captured_from = forms.CharField(
        label=_("Breakout group"),
        required=False,
        max_length=120,
        help_text=_("For example: Group 3, payments."),
    )
    field_order = ["topic", "event", "reference", "captured_from", "title", "description"]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, process=process, **kwargs)
        self.fields["event"].label = _("Event")
        self.fields["event"].help_text = ""
        self.organisation = process.organisation

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        if not reference:
            return None
        person = Contributor.objects.filter(reference=reference, erased_at__isnull=True).first()
        if person is None:
            raise ValidationError(_("No one has this reference. Check it on their letter or record."))
        return person

    def clean(self):
        data = super().clean()
        if not data.get("reference") and not data.get("captured_from"):
            self.add_error("captured_from", _("Give the person's reference or the breakout group."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class SplitForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Split at which event"), queryset=None, required=False)

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = idea.process.events.all()
        self.fields["event"].empty_label = _("Not at an event")
        for n in range(1, SPLIT_PARTS + 1):
            self.fields[f"title_{n}"] = forms.CharField(
                label=_("New idea %(n)s") % {"n": n}, max_length=200, required=n <= 2
            )
            self.fields[f"description_{n}"] = forms.CharField(
                label=_("More about new idea %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def parts(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"title": data[f"title_{n}"], "description": data[f"description_{n}"]}
            for n in range(1, SPLIT_PARTS + 1)
            if data.get(f"title_{n}")
        ]


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Keep which idea"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("The others are kept in the history, marked as merged into it."),
    )
    event = forms.ModelChoiceField(label=_("Merged at which event"), queryset=None, required=False)

    def __init__(self, *args, ideas, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = ideas
        self.fields["event"].queryset = process.events.all()
        self.fields["event"].empty_label = _("Not at an event")


class RoundForm(forms.ModelForm):
    ideas = forms.ModelMultipleChoiceField(
        label=_("Ideas in this round"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The 100 most supported open ideas of the process are offered."),
    )

    class Meta:
        model = Round
        fields = ["title", "introduction", "method", "choose", "dots", "most_dots_per_idea", "ideas"]
        widgets = {"method": forms.RadioSelect, "introduction": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = ideas
        self.fields["ideas"].label_from_instance = lambda idea: f"{idea.title} ({idea.topic.title})"


class AreaForm(forms.ModelForm):
    class Meta:
        model = ImprovementArea
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["area", "title", "description", "owner_name", "owner", "status", "ideas"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "ideas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, process, ideas, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = process.improvement_areas.all()
        self.fields["area"].empty_label = None
        self.fields["ideas"].queryset = ideas
        self.fields["ideas"].required = False
        self.fields["ideas"].label = _("Ideas it comes from")
        self.fields["owner"].queryset = owners
        self.fields["owner"].required = False


# --- Ballots --------------------------------------------------------------------------------------


class BallotForm(forms.Form):
    """One field per idea, shaped by the round's method: a tick, a place or a number of dots."""

    def __init__(self, *args, round_: Round, ideas: list[Idea], ask_group: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.round, self.ideas = round_, ideas
        if ask_group:
            self.fields["group"] = forms.ChoiceField(
                label=_("You are taking part as"),
                choices=[
                    c for c in Group.choices if c[0] != Group.NOT_KNOWN or round_.method != Round.Method.JLA
                ],
                widget=forms.RadioSelect,
            )
        if round_.method == Round.Method.TOP_N:
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Choose up to %(n)s ideas") % {"n": round_.choose},
                choices=[(str(i.pk), i.title) for i in ideas],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        for idea in ideas if round_.method != Round.Method.TOP_N else ():
            self.fields[f"idea_{idea.pk}"] = forms.IntegerField(
                label=idea.title,
                required=False,
                min_value=0,
                widget=forms.NumberInput(attrs={"class": "input--short"}),
            )

    @property
    def places(self) -> int:
        from alongside.engagement.prioritisation import places_needed

        return places_needed(self.round, len(self.ideas))

    @property
    def summary_field(self) -> str:
        return {Round.Method.TOP_N: "choices", Round.Method.DOTS: "dots"}.get(self.round.method, "places")

    def answers(self) -> dict:
        data = self.cleaned_data
        if self.round.method == Round.Method.TOP_N:
            return {"choices": [int(pk) for pk in data.get("choices", [])]}
        given = {i.pk: data.get(f"idea_{i.pk}") for i in self.ideas}
        given = {pk: value for pk, value in given.items() if value not in (None, "")}
        return {"dots": given} if self.round.method == Round.Method.DOTS else {"places": given}

    def show(self, error: ValidationError) -> None:
        """Put a service's refusal next to the fields it concerns, keeping what was typed."""
        messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, texts in messages.items():
            if name == "group" and "group" in self.fields:
                self.add_error("group", texts)
            elif name in {"places", "dots"} and self.ideas:
                self.add_error(f"idea_{self.ideas[0].pk}", texts)
            elif name == "choices" and "choices" in self.fields:
                self.add_error("choices", texts)
            else:
                self.add_error(None, texts)


class KeyInForm(forms.Form):
    reference = forms.CharField(label=_("Their reference"), max_length=12)
    channel = forms.ChoiceField(
        label=_("How the votes came in"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.PHONE, Channel.PHONE.label)],
        widget=forms.RadioSelect,
    )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        person = Contributor.objects.filter(reference=reference, erased_at__isnull=True).first()
        if person is None:
            raise ValidationError(_("No one has this reference. Check it on their form or record."))
        return person
