"""Prioritisation rounds (staff set up, key in and read results; participants vote) and actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.models import User
from alongside.accounts.permissions import get_scoped_or_404, staff_required
from alongside.core.downloads import file_response
from alongside.engagement import actions as action_services
from alongside.engagement import prioritisation, queries_ideas
from alongside.engagement.forms_ideas import ActionForm, AreaForm, BallotForm, KeyInForm, RoundForm
from alongside.engagement.models import Action, Channel, Idea, Round
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import add_errors, process_for
from alongside.engagement.views.ideas import _contributor
from alongside.engagement.views.results import _csv

ROUND_CHOICES = 100


def round_for(request, pk: int) -> Round:
    queryset = Round.objects.select_related("process__organisation")
    return get_scoped_or_404(request.user, queryset, pk=pk, roles=ENGAGERS, org_field="process__organisation")


def _round_ideas(round_: Round) -> list[Idea]:
    return list(round_.ideas.select_related("topic").order_by("topic__position", "title", "pk"))


# --- Staff: rounds --------------------------------------------------------------------------------


@staff_required(*ENGAGERS)
def staff_rounds(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    rounds = process.rounds.annotate(ballot_count=Count("ballots")).order_by("-created_at", "-pk")
    return render(request, "engagement/ideas/staff_rounds.html", {"process": process, "rounds": rounds})


@staff_required(*ENGAGERS)
def staff_round_new(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    offered = (
        process.ideas.filter(state=Idea.State.OPEN)
        .select_related("topic")
        .order_by("-support_count", "-created_at", "-pk")[:ROUND_CHOICES]
    )
    offered = (
        Idea.objects.filter(pk__in=[i.pk for i in offered])
        .select_related("topic")
        .order_by("topic__position", "-support_count", "pk")
    )
    form = RoundForm(request.POST or None, ideas=offered, initial={"method": Round.Method.JLA})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("ideas")
        try:
            round_ = prioritisation.create_round(process, ideas=chosen, created_by=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The round has been set up. Open it when people may vote."))
            return redirect("engagement:staff_round", pk=round_.pk)
    return render(request, "engagement/ideas/staff_round_new.html", {"process": process, "form": form})


@staff_required(*ENGAGERS)
def staff_round(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for(request, pk)
    context = {
        "round": round_,
        "process": round_.process,
        "results": prioritisation.results(round_),
        "channels": Channel.choices,
    }
    return render(request, "engagement/ideas/staff_round.html", context)


@staff_required(*ENGAGERS)
@require_POST
def staff_round_status(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for(request, pk)
    action = request.POST.get("action")
    try:
        if action == "open":
            prioritisation.open_round(round_)
            messages.success(request, _("The round is open for votes."))
        elif action == "close":
            prioritisation.close_round(round_)
            messages.success(request, _("The round is closed. No more votes will be taken."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("engagement:staff_round", pk=round_.pk)


@staff_required(*ENGAGERS)
def staff_round_key_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff type in a ballot from a paper form or a phone call, recording how it came and who keyed it."""
    round_ = round_for(request, pk)
    ideas = _round_ideas(round_)
    data = request.POST or None
    person_form = KeyInForm(data, initial={"channel": Channel.PAPER})
    ballot_form = BallotForm(data, round_=round_, ideas=ideas)
    if request.method == "POST" and person_form.is_valid() and ballot_form.is_valid():
        try:
            prioritisation.cast_ballot(
                round_,
                person_form.cleaned_data["reference"],
                channel=person_form.cleaned_data["channel"],
                group=ballot_form.cleaned_data["group"],
                keyed_by=request.user,
                **ballot_form.answers(),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_voted":
                person_form.add_error("reference", error.messages)
            else:
                ballot_form.show(error)
        else:
            messages.success(request, _("The votes have been recorded. Key in the next form."))
            return redirect("engagement:staff_round_key_in", pk=round_.pk)
    context = {"round": round_, "process": round_.process, "person_form": person_form, "form": ballot_form}
    return render(request, "engagement/ideas/staff_key_in.html", context)


@staff_required(*ENGAGERS)
def staff_round_csv(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for(request, pk)
    result = prioritisation.results(round_)
    group_labels = [label for _g, label, _n in result.groups]
    rows: list[list] = [
        [
            _("Place"),
            _("Idea"),
            _("Topic"),
            _("People"),
            _("Share (%)"),
            _("Score"),
            _("Mean position"),
            *group_labels,
        ]
    ]
    for row in result.rows:
        rows.append(
            [
                row.place,
                row.idea.title,
                row.idea.topic.title,
                row.votes,
                "" if row.share is None else str(row.share),
                row.score,
                "" if row.mean_position is None else f"{row.mean_position:.2f}",
                *[str(row.positions.get(g, "")) for g, _label, _n in result.groups],
            ]
        )
    return file_response(_csv(rows), content_type="text/csv", name=f"round-{round_.pk}-results")


# --- Participants: voting online ------------------------------------------------------------------


@login_required
def round_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round_ = get_object_or_404(
        Round.objects.select_related("process"), pk=pk, process__slug=slug, process__published=True
    )
    if round_.status == Round.Status.DRAFT:
        return render(
            request, "engagement/ideas/vote_closed.html", {"round": round_, "process": round_.process}
        )
    person = _contributor(request)
    voted = prioritisation.has_voted(round_, person)
    ideas = _round_ideas(round_)
    form = BallotForm(request.POST or None, round_=round_, ideas=ideas)
    if request.method == "POST" and person and not voted and form.is_valid():
        try:
            prioritisation.cast_ballot(
                round_, person, channel=Channel.ONLINE, group=form.cleaned_data["group"], **form.answers()
            )
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("Thank you. Your votes have been recorded."))
            return redirect("engagement:round_vote", slug=slug, pk=round_.pk)
    context = {"round": round_, "process": round_.process, "form": form, "person": person, "voted": voted}
    return render(request, "engagement/ideas/vote.html", context)


# --- Staff: improvement areas and actions ---------------------------------------------------------


def _action_ideas(process, round_, action=None):
    """The ideas an action may name: the round's, or (without one) the most supported open ideas and
    those it names already, so a process of thousands of ideas does not list them all."""
    if round_ is not None:
        return round_.ideas.all()
    top = process.ideas.filter(state=Idea.State.OPEN).order_by("-support_count", "-pk")[:ROUND_CHOICES]
    named = list(action.ideas.values_list("pk", flat=True)) if action else []
    return process.ideas.filter(pk__in=[*top.values_list("pk", flat=True), *named])


def _owners(process):
    return (
        User.objects.filter(
            memberships__organisation=process.organisation, memberships__ended_at__isnull=True
        )
        .distinct()
        .order_by("full_name", "email")
    )


@staff_required(*ENGAGERS)
def staff_actions(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action_services.add_area(process, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The improvement area has been added."))
            return redirect("engagement:staff_actions", pk=process.pk)
    context = {"process": process, "areas": queries_ideas.actions_by_area(process), "form": form}
    return render(request, "engagement/ideas/staff_actions.html", context)


@staff_required(*ENGAGERS)
def staff_action_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new action; from a round's results it arrives with the round, the idea and its place."""
    process = process_for(request, pk)
    source = request.POST or request.GET
    round_ = (
        process.rounds.filter(pk=source.get("round")).first()
        if str(source.get("round", "")).isdigit()
        else None
    )
    ideas = _action_ideas(process, round_)
    idea_pks = [v for v in source.getlist("idea") if v.isdigit()]
    initial_ideas = list(ideas.filter(pk__in=idea_pks)) if idea_pks else []
    initial = {"ideas": initial_ideas, "title": initial_ideas[0].title if initial_ideas else ""}
    form = ActionForm(
        request.POST or None, process=process, ideas=ideas, owners=_owners(process), initial=initial
    )
    if not process.improvement_areas.exists():
        messages.info(request, _("Add an improvement area first: every action belongs to one."))
        return redirect("engagement:staff_actions", pk=process.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        place = source.get("place")
        try:
            action_services.create_action(
                process,
                created_by=request.user,
                round=round_,
                place=int(place) if place and place.isdigit() else None,
                **data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action has been added."))
            return redirect("engagement:staff_actions", pk=process.pk)
    context = {"process": process, "form": form, "round": round_, "place": source.get("place", "")}
    return render(request, "engagement/ideas/staff_action_form.html", context)


@staff_required(*ENGAGERS)
def staff_action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    process = process_for(request, pk)
    action = get_object_or_404(
        Action.objects.select_related("process", "round"), pk=action_pk, process=process
    )
    ideas = _action_ideas(process, action.round, action)
    form = ActionForm(
        request.POST or None, instance=action, process=process, ideas=ideas, owners=_owners(process)
    )
    if request.method == "POST" and form.is_valid():
        try:
            action_services.update_action(action, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect("engagement:staff_actions", pk=process.pk)
    context = {"process": process, "form": form, "action": action, "round": action.round}
    return render(request, "engagement/ideas/staff_action_form.html", context)


@staff_required(*ENGAGERS)
def staff_actions_csv(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    rows: list[list] = [
        [
            _("Improvement area"),
            _("Action"),
            _("What will be done"),
            _("Owner"),
            _("Status"),
            _("Round"),
            _("Place"),
            _("Ideas"),
        ]
    ]
    for area, actions in queries_ideas.actions_by_area(process):
        for action in actions:
            rows.append(
                [
                    area.name,
                    action.title,
                    action.description,
                    action.owner_name or (str(action.owner) if action.owner else ""),
                    action.get_status_display(),
                    action.round.title if action.round else "",
                    action.place or "",
                    "; ".join(idea.title for idea in action.ideas.all()),
                ]
            )
    return file_response(_csv(rows), content_type="text/csv", name=f"{process.slug}-actions")
