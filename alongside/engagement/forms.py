"""Staff forms: processes, phases, surveys and questions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import NumberField, StrippedCharField
from alongside.engagement.models import Option, Phase, Process, Question, Survey


class DateInput(forms.DateInput):
    input_type = "date"


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = [
            "organisation",
            "title",
            "summary",
            "take_part_online",
            "take_part_phone",
            "take_part_post",
            "published",
        ]
        help_texts = {
            "take_part_phone": _("For example: ring 0161 496 0000, Monday to Friday, 10am to 4pm."),
            "take_part_post": _(
                "For example: ask for a paper copy and send it back in the freepost envelope."
            ),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        if self.instance.pk:
            del self.fields["organisation"]


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["title", "description", "starts_on", "ends_on", "decisions"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}
        help_texts = {"decisions": _("Shown on the public page once written. Plain words, please.")}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end must be on or after the start."))
        return data


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "organisation",
            "process",
            "title",
            "introduction",
            "anonymous",
            "ask_to_quote",
            "closes_on",
            "freepost_address",
            "phone_number",
        ]
        widgets = {"closes_on": DateInput, "freepost_address": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisations, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["process"].queryset = processes
        self.fields["process"].label = _("part of the process")
        self.fields["process"].empty_label = _("Not part of a process")
        if self.instance.pk:
            del self.fields["organisation"]


class QuestionForm(forms.ModelForm):
    minimum = NumberField(
        what=_("Smallest number"), places=2, allow_negative=True, required=False, label=_("Smallest number")
    )
    maximum = NumberField(
        what=_("Largest number"), places=2, allow_negative=True, required=False, label=_("Largest number")
    )
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "One on each line. Not needed for agree–disagree questions, which use a five-point scale."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text",
            "hint",
            "required",
            "options",
            "max_choices",
            "minimum",
            "maximum",
            "shown_if",
        ]
        widgets = {"hint": forms.Textarea(attrs={"rows": 2}), "kind": forms.RadioSelect}

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = StrippedCharField(label=_("Question"), max_length=400)
        self.fields["kind"].choices = Question.Kind.choices
        earlier = Option.objects.filter(question__survey=survey).select_related("question")
        if self.instance.pk:
            earlier = earlier.filter(question__position__lt=self.instance.position)
            self.initial.setdefault("options", "\n".join(o.label for o in self.instance.options.all()))
        self.fields["shown_if"].queryset = earlier.order_by("question__position", "position")
        self.fields["shown_if"].label_from_instance = lambda o: (
            f"{o.question.position}. {o.question.text} – {o.label}"
        )
        self.fields["shown_if"].empty_label = _("Always ask")
        self.fields["shown_if"].help_text = _(
            "Ask this only of people who gave this answer to an earlier question."
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum"), data.get("maximum")
        if low is not None and high is not None and low > high:
            self.add_error("maximum", _("The largest number must be at least the smallest."))
        return data

    def option_labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]

    def question_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields if name != "options"}


class ReportTextForm(forms.Form):
    """The text of one section of the engagement report; the figures around it are computed."""

    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Plain text; leave a blank line between paragraphs. Do not type figures from the report: "
            "Alongside shows them next to your text, always up to date."
        ),
    )
