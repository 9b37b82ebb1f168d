"""Paper and phone as equals: the printable survey, and staff keying in answers given on paper or by phone."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.permissions import staff_required
from alongside.core.pdf import pdf_response
from alongside.engagement import answering, paper, queries
from alongside.engagement.answer_forms import AnswerForm
from alongside.engagement.models import Channel, Group, Survey
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import survey_for
from alongside.people.queries import visible_contributors


def survey_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The paper survey, for anyone to print; ``?size=large`` for large print."""
    survey = get_object_or_404(Survey.objects.exclude(status=Survey.Status.DRAFT), slug=slug)
    large = request.GET.get("size") == "large"
    content = paper.survey_pdf(survey, large_print=large)
    return pdf_response(content, f"{survey.slug}-{'large-print' if large else 'survey'}", inline=True)


@staff_required(*ENGAGERS)
def staff_survey_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper survey before it opens, for checking the print."""
    survey = survey_for(request, pk)
    large = request.GET.get("size") == "large"
    return pdf_response(paper.survey_pdf(survey, large_print=large), f"{survey.slug}-proof", inline=True)


class KeyInForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("How were these answers given?"),
        choices=[
            (Channel.PAPER, gettext_lazy("On a paper form")),
            (Channel.PHONE, gettext_lazy("Over the phone")),
        ],
        widget=forms.RadioSelect,
    )
    group = forms.ChoiceField(
        label=gettext_lazy("Who answered"),
        choices=Group.choices,
        initial=Group.PUBLIC,
        widget=forms.RadioSelect,
    )
    may_quote = forms.BooleanField(
        label=gettext_lazy("They agreed that their words may be quoted, without their name"), required=False
    )
    reference = forms.CharField(
        label=gettext_lazy("Their reference number"),
        help_text=gettext_lazy(
            "On our letters to them, for example AL-4K7Q2. Leave it empty if they did not give one."
        ),
        required=False,
        max_length=20,
    )

    def __init__(self, *args, survey: Survey, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.people, self.respondent = survey, people, None
        if survey.anonymous:
            del self.fields["reference"]
        if not survey.ask_to_quote:
            del self.fields["may_quote"]

    def clean_reference(self):
        reference = self.cleaned_data.get("reference", "").strip().upper()
        if reference:
            self.respondent = self.people.filter(reference=reference).first()
            if self.respondent is None:
                raise forms.ValidationError(_("There is nobody with that reference number in your records."))
        return reference


@staff_required(*ENGAGERS)
def key_in(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    questions = queries.questions(survey)
    data = request.POST if request.method == "POST" else None
    form = KeyInForm(data, survey=survey, people=visible_contributors(request.user))
    answers = [AnswerForm(data, question=q) for q in questions]
    if request.method == "POST" and survey.status == Survey.Status.DRAFT:
        messages.error(request, _("Open the survey before keying in answers."))
    elif request.method == "POST" and form.is_valid():
        done = _record(request, survey, questions, form, answers)
        if done:
            messages.success(request, _("The answers have been saved. You can key in the next form."))
            return redirect("engagement:staff_key_in", pk=survey.pk)
    context = {
        "survey": survey,
        "form": form,
        "answers": answers,
        "numbered": list(enumerate(answers, start=1)),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "engagement/staff/key_in.html", context, status=status)


def _record(request, survey, questions, form: KeyInForm, answers: list[AnswerForm]) -> bool:
    raw = {str(a.question.pk): a.raw() for a in answers}
    try:
        answering.record(
            survey,
            raw,
            questions,
            channel=form.cleaned_data["channel"],
            group=form.cleaned_data["group"],
            respondent=form.respondent,
            entered_by=request.user,
            may_quote=form.cleaned_data.get("may_quote", False),
        )
    except answering.Incomplete as problem:
        for answer in answers:
            answer.error = problem.errors.get(str(answer.question.pk), "")
        return False
    except answering.AlreadyAnswered:
        form.add_error(
            "reference", _("This person has already answered the survey. Their answers are counted once.")
        )
        return False
    except answering.SurveyClosed:
        form.add_error(None, _("Open the survey before keying in answers."))
        return False
    return True
