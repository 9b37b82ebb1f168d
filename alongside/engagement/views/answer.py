"""Answering a survey online: one question per page, working without JavaScript.

The response being answered is remembered in the person's session, and, when they ask to come
back later, by a private link. The session forgets it once the answers are sent, so an anonymous
response is linked to nobody after that.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alongside.core.absolute import absolute_url
from alongside.engagement import answering, queries
from alongside.engagement.answer_forms import AnswerForm
from alongside.engagement.models import Response, Survey

SESSION_KEY = "engagement_responses"


def _survey(slug: str) -> Survey:
    return get_object_or_404(Survey.objects.exclude(status=Survey.Status.DRAFT), slug=slug)


def _contributor(request):
    return getattr(request.user, "contributor", None) if request.user.is_authenticated else None


def _remember(request, response: Response) -> None:
    kept = request.session.get(SESSION_KEY, {})
    kept[str(response.survey_id)] = str(response.pk)
    request.session[SESSION_KEY] = kept


def _forget(request, survey: Survey) -> None:
    kept = request.session.get(SESSION_KEY, {})
    kept.pop(str(survey.pk), None)
    request.session[SESSION_KEY] = kept


def _current(request, survey: Survey) -> Response | None:
    pk = request.session.get(SESSION_KEY, {}).get(str(survey.pk))
    if not pk:
        return None
    response = Response.objects.filter(pk=pk, survey=survey, state=Response.State.IN_PROGRESS).first()
    if (
        response
        and not survey.anonymous
        and response.respondent_id != getattr(_contributor(request), "pk", None)
    ):
        return None  # someone else signed in on this browser
    return response


def _shown(survey: Survey, response: Response) -> list:
    equality = answering.takes_equality(survey, response.respondent)
    return answering.shown_questions(queries.questions(survey), response.draft, equality=equality)


@never_cache
def survey_start(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(slug)
    contributor = _contributor(request)
    already = (
        not survey.anonymous
        and contributor is not None
        and survey.responses.filter(respondent=contributor, state=Response.State.SUBMITTED).exists()
    )
    context = {
        "survey": survey,
        "question_count": survey.questions.count(),
        "contributor": contributor,
        "already": already,
        "in_progress": _current(request, survey),
    }
    return render(request, "engagement/answer/start.html", context)


@require_POST
def survey_begin(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(slug)
    response = _current(request, survey)
    if response is None:
        if not survey.anonymous and not request.user.is_authenticated:
            return redirect_to_login(reverse("engagement:survey_start", args=[slug]))
        try:
            response = answering.start(
                survey, contributor=_contributor(request), group=answering.group_for(request.user)
            )
        except (answering.SurveyClosed, answering.AlreadyAnswered, PermissionDenied):
            # The start page says why: closed, answered already, or no contributor profile.
            return redirect("engagement:survey_start", slug=slug)
        _remember(request, response)
    return redirect(_next_url(survey, response, after=0))


def _next_url(survey: Survey, response: Response, *, after: int) -> str:
    for question in _shown(survey, response):
        if question.position > after:
            return reverse("engagement:survey_question", args=[survey.slug, question.position])
    return reverse("engagement:survey_check", args=[survey.slug])


def _previous_url(survey: Survey, response: Response, *, before: int) -> str:
    earlier = [q for q in _shown(survey, response) if q.position < before]
    if earlier:
        return reverse("engagement:survey_question", args=[survey.slug, earlier[-1].position])
    return reverse("engagement:survey_start", args=[survey.slug])


@never_cache
def survey_question(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    survey = _survey(slug)
    response = _current(request, survey)
    if response is None:
        return redirect("engagement:survey_start", slug=slug)
    shown = _shown(survey, response)
    question = next((q for q in shown if q.position == position), None)
    if question is None:
        return redirect(_next_url(survey, response, after=position))
    if not survey.is_open:
        return render(request, "engagement/answer/closed.html", {"survey": survey}, status=409)
    key = str(question.pk)
    form = AnswerForm(request.POST or None, question=question, value=response.draft.get(key))
    if request.method == "POST":
        return _answer(request, survey, response, form, shown)
    return _question_page(request, survey, response, form, shown)


def _answer(request, survey, response, form: AnswerForm, shown) -> HttpResponse:
    question = form.question
    saving = "save" in request.POST
    if not form.check() and not (saving and answering.is_empty(form.raw())):
        return _question_page(request, survey, response, form, shown, status=400)
    try:
        answering.save_answer(response, question, form.value)
    except answering.SurveyClosed:
        return render(request, "engagement/answer/closed.html", {"survey": survey}, status=409)
    except answering.AlreadyAnswered:
        return redirect("engagement:survey_start", slug=survey.slug)
    if saving:
        return _saved_page(request, survey, response)
    return redirect(_next_url(survey, response, after=question.position))


def _question_page(request, survey, response, form, shown, status=200) -> HttpResponse:
    question = form.question
    context = {
        "survey": survey,
        "form": form,
        "number": shown.index(question) + 1,
        "total": len(shown),
        "previous": _previous_url(survey, response, before=question.position),
    }
    return render(request, "engagement/answer/question.html", context, status=status)


def _saved_page(request, survey, response) -> HttpResponse:
    token = answering.private_link_token(response)
    link = absolute_url(reverse("engagement:survey_resume", args=[survey.slug, token]))
    return render(request, "engagement/answer/saved.html", {"survey": survey, "link": link})


@never_cache
def survey_check(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(slug)
    response = _current(request, survey)
    if response is None:
        return redirect("engagement:survey_start", slug=slug)
    shown = _shown(survey, response)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not survey.is_open:
            return render(request, "engagement/answer/closed.html", {"survey": survey}, status=409)
        try:
            answering.submit(response, shown, may_quote=request.POST.get("may_quote") == "yes")
        except answering.Incomplete as problem:
            errors = problem.errors
        except answering.AlreadyAnswered:
            return redirect("engagement:survey_start", slug=slug)
        else:
            _forget(request, survey)
            return redirect("engagement:survey_done", slug=slug)
    context = {
        "survey": survey,
        "rows": _summary(survey, shown, response.draft, errors),
        "errors": errors,
        "asks_quote": survey.ask_to_quote and any(q.is_text for q in shown),
    }
    return render(request, "engagement/answer/check.html", context, status=400 if errors else 200)


def _summary(survey, shown, draft, errors) -> list[dict]:
    rows = []
    for number, question in enumerate(shown, start=1):
        key = str(question.pk)
        rows.append(
            {
                "number": number,
                "question": question,
                "answer": describe(question, draft.get(key)),
                "error": errors.get(key, ""),
                "change": reverse("engagement:survey_question", args=[survey.slug, question.position]),
            }
        )
    return rows


def describe(question, value) -> list[str]:
    """An answer in words, one line per part (a ranking as "1. Option")."""
    if value is None:
        return []
    labels = {option.pk: option.label for option in question.options.all()}
    if question.kind == question.Kind.RANK:
        return [f"{place}. {labels.get(option_id, '')}" for place, option_id in enumerate(value, start=1)]
    if isinstance(value, list):
        return [labels.get(option_id, "") for option_id in value]
    if isinstance(value, int):
        return [labels.get(value, "")]
    if isinstance(value, dict):
        return [_("Answered")]
    return [str(value)]


def survey_done(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "engagement/answer/done.html", {"survey": _survey(slug)})


@never_cache
def survey_resume(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    survey = _survey(slug)
    response = answering.find_by_token(survey, token)
    if response is None:
        raise Http404("This link does not work any more.")
    if response.respondent_id and response.respondent_id != getattr(_contributor(request), "pk", None):
        return redirect_to_login(request.get_full_path())
    _remember(request, response)
    first_open = next((q for q in _shown(survey, response) if str(q.pk) not in response.draft), None)
    if first_open is None:
        return redirect("engagement:survey_check", slug=slug)
    return redirect("engagement:survey_question", slug=slug, position=first_open.position)
