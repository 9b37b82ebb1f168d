"""The survey preview: staff go through a survey as a respondent would, without recording anything.

Answers are checked exactly as for a respondent (the same form and messages), and kept only in the
staff member's session so that questions shown "only when an earlier answer was" appear as they
would; no response or answer row is ever written. Works for a survey still being written.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from alongside.accounts.permissions import staff_required
from alongside.engagement import answering, queries
from alongside.engagement.answer_forms import AnswerForm
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.answer import describe
from alongside.engagement.views.common import survey_for

SESSION_KEY = "engagement_preview"


def _draft(request, survey) -> dict:
    return request.session.get(SESSION_KEY, {}).get(str(survey.pk), {})


def _keep(request, survey, draft: dict) -> None:
    kept = request.session.get(SESSION_KEY, {})
    kept[str(survey.pk)] = draft
    request.session[SESSION_KEY] = kept


def _shown(survey, draft: dict) -> list:
    # The equality questions are shown as a named respondent who agreed to them would see them.
    return answering.shown_questions(queries.questions(survey), draft, equality=not survey.anonymous)


@never_cache
@staff_required(*ENGAGERS)
def preview_start(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    if request.method == "POST":
        _keep(request, survey, {})
        first = next(iter(_shown(survey, {})), None)
        if first is None:
            return redirect("engagement:staff_preview_check", pk=survey.pk)
        return redirect("engagement:staff_preview_question", pk=survey.pk, position=first.position)
    context = {"survey": survey, "question_count": len(queries.questions(survey))}
    return render(request, "engagement/preview/start.html", context)


@never_cache
@staff_required(*ENGAGERS)
def preview_question(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    survey = survey_for(request, pk)
    draft = _draft(request, survey)
    shown = _shown(survey, draft)
    question = next((q for q in shown if q.position == position), None)
    if question is None:
        return redirect(_next_url(survey, shown, after=position))
    key = str(question.pk)
    form = AnswerForm(request.POST or None, question=question, value=draft.get(key))
    if request.method == "POST" and form.check():
        if form.value is None:
            draft.pop(key, None)
        else:
            draft[key] = form.value
        _keep(request, survey, draft)
        return redirect(_next_url(survey, _shown(survey, draft), after=position))
    context = {
        "survey": survey,
        "form": form,
        "number": shown.index(question) + 1,
        "total": len(shown),
        "previous": _previous_url(survey, shown, before=position),
        "preview": True,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "engagement/answer/question.html", context, status=status)


@never_cache
@staff_required(*ENGAGERS)
def preview_check(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    draft = _draft(request, survey)
    shown = _shown(survey, draft)
    rows = [
        {
            "number": number,
            "question": question,
            "answer": describe(question, draft.get(str(question.pk))),
            "change": reverse("engagement:staff_preview_question", args=[survey.pk, question.position]),
        }
        for number, question in enumerate(shown, start=1)
    ]
    return render(request, "engagement/preview/check.html", {"survey": survey, "rows": rows})


def _next_url(survey, shown, *, after: int) -> str:
    for question in shown:
        if question.position > after:
            return reverse("engagement:staff_preview_question", args=[survey.pk, question.position])
    return reverse("engagement:staff_preview_check", args=[survey.pk])


def _previous_url(survey, shown, *, before: int) -> str:
    earlier = [q for q in shown if q.position < before]
    if earlier:
        return reverse("engagement:staff_preview_question", args=[survey.pk, earlier[-1].position])
    return reverse("engagement:staff_preview", args=[survey.pk])
