"""A form for one question, used one question per page online and all together for paper and phone.

The form only gathers what was typed; ``answering.clean_answer`` decides whether it is right, so
the words of every message are the same whichever way the answer came in.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alongside.engagement import answering
from alongside.engagement.models import Question
from alongside.people.forms import EqualityForm

K = Question.Kind
DATE_PARTS = ("day", "month", "year")


class AnswerForm(forms.Form):
    def __init__(self, *args, question: Question, value=None, **kwargs):
        kwargs.setdefault("prefix", f"q{question.pk}")
        super().__init__(*args, **kwargs)
        self.question = question
        self.error = ""
        self.value = None
        self.options = list(question.options.all())
        self._build()
        if value is not None and not self.is_bound:
            self.initial.update(_initial(question, value))

    def _build(self) -> None:
        kind = self.question.kind
        if kind in {K.SHORT_TEXT, K.NUMBER}:
            attrs = {"inputmode": "decimal", "spellcheck": "false"} if kind == K.NUMBER else {}
            self.fields["answer"] = forms.CharField(required=False, widget=forms.TextInput(attrs=attrs))
        elif kind == K.LONG_TEXT:
            self.fields["answer"] = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))
        elif kind in {K.SINGLE, K.SCALE}:
            self.fields["answer"] = forms.ChoiceField(required=False, choices=self._choices())
        elif kind in {K.MULTIPLE, K.CHOOSE_UP_TO}:
            self.fields["answer"] = forms.MultipleChoiceField(required=False, choices=self._choices())
        elif kind == K.RANK:
            for option in self.options:
                self.fields[f"rank_{option.pk}"] = forms.CharField(required=False, label=option.label)
        elif kind == K.DATE:
            for part in DATE_PARTS:
                self.fields[part] = forms.CharField(required=False)
        elif kind == K.EQUALITY:
            self.fields.update(EqualityForm().fields)

    def _choices(self):
        return [(str(option.pk), option.label) for option in self.options]

    def raw(self):
        """What was typed, in the shape ``clean_answer`` reads."""
        kind = self.question.kind
        if kind == K.RANK:
            return {str(o.pk): self[f"rank_{o.pk}"].data for o in self.options}
        if kind == K.DATE:
            parts = {part: (self[part].data or "").strip() for part in DATE_PARTS}
            return parts if any(parts.values()) else None
        if kind == K.EQUALITY:
            return {name: self[name].data for name in self.fields}
        return self["answer"].data

    def check(self) -> bool:
        try:
            self.value = answering.clean_answer(self.question, self.raw())
        except ValidationError as error:
            self.error = " ".join(error.messages)
            return False
        return True

    @property
    def first_id(self) -> str:
        """The id of the first input (as the template names it), for the error summary's link."""
        kind = self.question.kind
        if kind in {K.SINGLE, K.SCALE, K.MULTIPLE, K.CHOOSE_UP_TO}:
            return f"{self.prefix}-option-1"
        if kind == K.RANK:
            return f"{self.prefix}-rank-1"
        if kind == K.DATE:
            return f"{self.prefix}-day"
        if kind == K.EQUALITY:
            return self[next(iter(self.fields))].id_for_label
        return f"{self.prefix}-answer"

    @property
    def has_hint(self) -> bool:
        return bool(self.question.hint) or self.question.kind in {K.CHOOSE_UP_TO, K.RANK, K.DATE, K.MULTIPLE}

    def date_fields(self) -> list[tuple[str, str, object]]:
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        return [(part, labels[part], self[part]) for part in DATE_PARTS]

    def rank_rows(self) -> list[tuple[int, object, object]]:
        return [(n, option, self[f"rank_{option.pk}"]) for n, option in enumerate(self.options, start=1)]

    def selected(self) -> set[str]:
        value = self["answer"].value() if "answer" in self.fields else None
        if value is None:
            return set()
        return {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}


def _initial(question: Question, value) -> dict:
    if question.kind == K.RANK:
        return {f"rank_{key}": place for key, place in answering.rank_places(value).items()}
    if question.kind == K.DATE:
        year, month, day = value.split("-")
        return {"day": str(int(day)), "month": str(int(month)), "year": year}
    if question.kind == K.EQUALITY:
        return dict(value)
    if question.kind in {K.MULTIPLE, K.CHOOSE_UP_TO}:
        return {"answer": [str(v) for v in value]}
    return {"answer": str(value)}
