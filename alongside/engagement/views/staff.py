"""Staff pages: processes and their phases, surveys and the question builder."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.permissions import has_role, staff_required
from alongside.engagement import queries, services
from alongside.engagement.forms import PhaseForm, ProcessForm, QuestionForm, SurveyForm
from alongside.engagement.models import Question
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import (
    add_errors,
    process_for,
    question_for,
    survey_for,
    writable_organisations,
)

# --- Processes -------------------------------------------------------------------------------------


@staff_required(*ENGAGERS)
def process_list(request: HttpRequest) -> HttpResponse:
    processes = queries.processes_for(request.user)
    page = Paginator(processes, 30).get_page(request.GET.get("page"))
    return render(request, "engagement/staff/process_list.html", {"page": page})


@staff_required(*ENGAGERS)
def process_new(request: HttpRequest) -> HttpResponse:
    form = ProcessForm(request.POST or None, organisations=writable_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        process = services.create_process(created_by=request.user, **data)
        messages.success(request, _("The process has been created. Now add its phases."))
        return redirect("engagement:staff_process", pk=process.pk)
    return render(request, "engagement/staff/process_form.html", {"form": form})


@staff_required(*ENGAGERS)
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    context = {
        "process": process,
        "phases": process.phases.all(),
        "surveys": process.surveys.order_by("title"),
        "phase_form": PhaseForm(),
    }
    return render(request, "engagement/staff/process_detail.html", context)


@staff_required(*ENGAGERS)
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    form = ProcessForm(
        request.POST or None, instance=process, organisations=writable_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.update_process(process, **form.cleaned_data)
        messages.success(request, _("The process has been saved."))
        return redirect("engagement:staff_process", pk=process.pk)
    return render(request, "engagement/staff/process_form.html", {"form": form, "process": process})


@staff_required(*ENGAGERS)
def phase_edit(request: HttpRequest, pk: int, phase_pk: int | None = None) -> HttpResponse:
    process = process_for(request, pk)
    phase = get_object_or_404(process.phases, pk=phase_pk) if phase_pk else None
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        if phase:
            services.update_phase(phase, **form.cleaned_data)
        else:
            services.add_phase(process, **form.cleaned_data)
        messages.success(request, _("The phase has been saved."))
        return redirect("engagement:staff_process", pk=process.pk)
    return render(
        request, "engagement/staff/phase_form.html", {"form": form, "process": process, "phase": phase}
    )


@staff_required(*ENGAGERS)
@require_POST
def phase_action(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    process = process_for(request, pk)
    phase = get_object_or_404(process.phases, pk=phase_pk)
    action = request.POST.get("action")
    if action == "current":
        services.set_current_phase(phase)
        messages.success(request, _("“%(phase)s” is now shown as happening now.") % {"phase": phase.title})
    elif action in {"up", "down"}:
        services.move_phase(phase, -1 if action == "up" else 1)
    return redirect("engagement:staff_process", pk=process.pk)


# --- Surveys ---------------------------------------------------------------------------------------


@staff_required(*ENGAGERS)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = queries.surveys_for(request.user)
    page = Paginator(surveys, 30).get_page(request.GET.get("page"))
    return render(request, "engagement/staff/survey_list.html", {"page": page})


def _survey_form(request, survey=None) -> SurveyForm:
    return SurveyForm(
        request.POST or None,
        instance=survey,
        organisations=writable_organisations(request.user),
        processes=queries.processes_for(request.user),
    )


@staff_required(*ENGAGERS)
def survey_new(request: HttpRequest) -> HttpResponse:
    form = _survey_form(request)
    if request.method == "POST" and form.is_valid():
        survey = services.create_survey(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("The survey has been created. Now add its questions."))
        return redirect("engagement:staff_survey", pk=survey.pk)
    return render(request, "engagement/staff/survey_form.html", {"form": form})


@staff_required(*ENGAGERS)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = _survey_form(request, survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(survey, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error, field="anonymous")
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect("engagement:staff_survey", pk=survey.pk)
    return render(request, "engagement/staff/survey_form.html", {"form": form, "survey": survey})


@staff_required(*ENGAGERS)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    context = {
        "survey": survey,
        "questions": queries.questions(survey),
        "counts": queries.response_counts(survey),
        "problems": services.check_ready(survey) if survey.status == survey.Status.DRAFT else [],
        "has_equality": survey.questions.filter(kind=Question.Kind.EQUALITY).exists(),
        "can_send": has_role(request.user, survey.organisation, ENGAGERS),
    }
    return render(request, "engagement/staff/survey_detail.html", context)


@staff_required(*ENGAGERS)
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.open_survey(survey)
            messages.success(request, _("The survey is open for answers."))
        elif action == "close":
            services.close_survey(survey)
            messages.success(request, _("The survey is closed. No more answers will be taken."))
        elif action == "equality":
            services.add_equality_block(survey)
            messages.success(request, _("The equality monitoring questions have been added."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("engagement:staff_survey", pk=survey.pk)


@staff_required(*ENGAGERS)
def question_edit(request: HttpRequest, pk: int, question_pk: int | None = None) -> HttpResponse:
    survey = survey_for(request, pk)
    question = question_for(survey, question_pk) if question_pk else None
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            _save_question(survey, question, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("engagement:staff_survey", pk=survey.pk)
    context = {"form": form, "survey": survey, "question": question}
    return render(request, "engagement/staff/question_form.html", context)


def _save_question(survey, question, form: QuestionForm) -> None:
    fields, labels = form.question_fields(), form.option_labels()
    if question:
        services.update_question(question, options=labels, **fields)
    else:
        services.add_question(survey, options=labels, **fields)


@staff_required(*ENGAGERS)
@require_POST
def question_action(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    question = question_for(survey, question_pk)
    action = request.POST.get("action")
    try:
        if action in {"up", "down"}:
            services.move_question(question, -1 if action == "up" else 1)
        elif action == "delete":
            services.delete_question(question)
            messages.success(request, _("The question has been removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("engagement:staff_survey", pk=survey.pk)
