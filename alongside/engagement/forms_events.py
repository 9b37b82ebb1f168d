"""Forms for events, registration, facilitators and breakout rounds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.engagement.models import BreakoutRound, Event, Survey, TakingPartAs, Topic
from alongside.people.choices import HowGiven
from alongside.people.models import in_language

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    online_link = forms.URLField(
        label=_("Link to join online"),
        required=False,
        assume_scheme="https",
        help_text=_("Sent only to people with a place, in their joining details and reminders."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "title_cy",
            "description",
            "description_cy",
            "starts_at",
            "ends_at",
            "online_link",
            "venue",
            "access_information",
            "access_information_cy",
            "capacity",
            "registration_survey",
        ]
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT}
        help_texts = {
            "starts_at": _("UK time. For example 14 March 2027 at 10:00."),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        survey = self.fields["registration_survey"]
        survey.queryset = Survey.objects.filter(process=process).exclude(status=Survey.Status.CLOSED)
        survey.required = False

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The event must end after it starts."))
        if not data.get("online_link") and not (data.get("venue") or "").strip():
            self.add_error("online_link", _("Give a link to join online, or a venue, or both."))
        return data


def topic_fields(form: forms.Form, topics: list[Topic], count: int = 3) -> None:
    """First, second and third choice of topic for breakout groups."""
    choices = [("", _("No preference"))] + [(str(t.pk), in_language(t.title, t.title_cy)) for t in topics]
    labels = [_("First choice of topic"), _("Second choice of topic"), _("Third choice of topic")]
    for index in range(min(count, len(topics))):
        form.fields[f"topic_{index + 1}"] = forms.TypedChoiceField(
            label=labels[index], choices=choices, required=False, coerce=int, empty_value=None
        )


class RegistrationForm(forms.Form):
    taking_part_as = forms.ChoiceField(
        label=_("How are you taking part?"), choices=TakingPartAs.choices, widget=forms.RadioSelect
    )
    access_needs = forms.CharField(
        label=_("Is there anything you need so you can take part?"),
        help_text=_("For example captions, a sign language interpreter, breaks, or papers in large print."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, topics: list[Topic], **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = {t.pk: t for t in topics}
        topic_fields(self, topics)

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("topic_1", "topic_2", "topic_3") if data.get(name)]
        if len(set(chosen)) != len(chosen):
            self.add_error("topic_2", _("Choose a different topic for each choice."))
        data["topics"] = [self.topics[pk] for pk in chosen if pk in self.topics]
        return data


class StaffRegistrationForm(RegistrationForm):
    """Registering someone who phoned or wrote in: found by the reference on their letters."""

    reference = forms.CharField(
        label=_("Their contributor reference"),
        help_text=_("On their record and their letters. Add new people to the contributor list first."),
        max_length=12,
    )
    how = forms.ChoiceField(
        label=_("How they registered"),
        choices=[(HowGiven.PHONE, HowGiven.PHONE.label), (HowGiven.PAPER, HowGiven.PAPER.label)],
        widget=forms.RadioSelect,
    )
    field_order = ["reference", "how", "taking_part_as", "access_needs"]


class FacilitatorForm(forms.Form):
    email = forms.EmailField(
        label=_("A staff member's email address"), required=False, help_text=_("For staff who sign in.")
    )
    reference = forms.CharField(
        label=_("Or a contributor's reference"),
        required=False,
        max_length=12,
        help_text=_("For public contributors who facilitate."),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("email")) == bool((data.get("reference") or "").strip()):
            self.add_error("email", _("Give a staff member's email address or a contributor's reference."))
        return data


class RoundForm(forms.ModelForm):
    class Meta:
        model = BreakoutRound
        fields = ["title", "max_group_size", "topics"]
        widgets = {"topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = process.topics.all()
        self.fields["max_group_size"].min_value = 2

    def clean_max_group_size(self):
        size = self.cleaned_data["max_group_size"]
        if size < 2:
            raise forms.ValidationError(_("A group needs at least 2 people."))
        return size
