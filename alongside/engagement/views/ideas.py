"""Ideas: the public idea board per topic and each idea's page; staff capture, edit, merge and split."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.permissions import has_role, staff_required
from alongside.core.redirects import safe_next
from alongside.engagement import ideas as services
from alongside.engagement import queries_ideas
from alongside.engagement.forms_ideas import (
    CaptureForm,
    CommentForm,
    IdeaEditForm,
    IdeaForm,
    MergeForm,
    SplitForm,
)
from alongside.engagement.models import Idea, Topic
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import add_errors, process_for
from alongside.people.models import Contributor

BOARD_PAGE = 20
STAFF_PAGE = 30


def _contributor(request) -> Contributor | None:
    if not request.user.is_authenticated:
        return None
    return Contributor.objects.filter(user=request.user, erased_at__isnull=True).first()


def _topic(slug: str, topic_pk: int) -> Topic:
    return get_object_or_404(
        Topic.objects.select_related("process"), pk=topic_pk, process__slug=slug, process__published=True
    )


def _idea(slug: str, pk: int) -> Idea:
    queryset = Idea.objects.select_related("process__organisation", "topic", "event", "merged_into", "author")
    return get_object_or_404(queryset, pk=pk, process__slug=slug, process__published=True)


# --- The public idea board ------------------------------------------------------------------------


def board(request: HttpRequest, slug: str, topic_pk: int) -> HttpResponse:
    topic = _topic(slug, topic_pk)
    q, sort = request.GET.get("q", "").strip(), queries_ideas.sort_key(request.GET.get("sort"))
    ideas = queries_ideas.board(topic, q=q, sort=sort)
    page = queries_ideas.IdsFirstPaginator(ideas, BOARD_PAGE, related=["event"]).get_page(
        request.GET.get("page")
    )
    person = _contributor(request)
    context = {
        "process": topic.process,
        "topic": topic,
        "page": page,
        "q": q,
        "sort": sort,
        "person": person,
        "supported": queries_ideas.supported_by(person, page.object_list),
        # Each idea's address is this plus its id: one reverse() for the page, not one per idea.
        "idea_base": reverse("engagement:idea", kwargs={"slug": slug, "pk": 0})[: -len("0/")],
    }
    return render(request, "engagement/ideas/board.html", context)


@login_required
def idea_new(request: HttpRequest, slug: str, topic_pk: int) -> HttpResponse:
    topic = _topic(slug, topic_pk)
    person = _contributor(request)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and person and form.is_valid():
        try:
            idea = services.add_idea(topic, author=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your idea is on the board."))
            return redirect("engagement:idea", slug=slug, pk=idea.pk)
    context = {"process": topic.process, "topic": topic, "form": form, "person": person}
    return render(request, "engagement/ideas/idea_new.html", context)


def idea_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = _idea(slug, pk)
    person = _contributor(request)
    is_team = has_role(request.user, idea.process.organisation_id, ENGAGERS)
    context = {
        "process": idea.process,
        "idea": idea,
        "person": person,
        "is_team": is_team,
        "supports": bool(queries_ideas.supported_by(person, [idea])),
        "comments": idea.comments.order_by("created_at", "pk"),
        "history": queries_ideas.history(idea),
        "parts": idea.split_parts.order_by("pk") if idea.state == Idea.State.SPLIT else (),
        "merged": idea.merged_ideas.order_by("pk"),
        "comment_form": CommentForm(),
        "may_edit": idea.state == Idea.State.OPEN and (is_team or (person and idea.author_id == person.pk)),
    }
    return render(request, "engagement/ideas/idea.html", context)


@login_required
@require_POST
def idea_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = _idea(slug, pk)
    person = _contributor(request)
    if person is None:
        messages.error(request, _("Only people with a contributor profile can support ideas."))
    elif request.POST.get("action") == "withdraw":
        services.withdraw_support(idea, person)
        messages.success(request, _("You no longer support this idea."))
    else:
        try:
            services.support(idea, person)
            messages.success(request, _("You support this idea."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(safe_next(request.POST.get("next"), idea_url(idea)))


def idea_url(idea: Idea) -> str:
    return reverse("engagement:idea", kwargs={"slug": idea.process.slug, "pk": idea.pk})


@login_required
@require_POST
def idea_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = _idea(slug, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        is_team = has_role(request.user, idea.process.organisation_id, ENGAGERS)
        services.comment(idea, author=request.user, text=form.cleaned_data["text"], from_team=is_team)
        messages.success(request, _("Your comment has been added."))
        return redirect(idea_url(idea) + "#comments")
    context = {"process": idea.process, "idea": idea, "form": form}
    return render(request, "engagement/ideas/comment.html", context)


@login_required
def idea_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The person who suggested an idea, or the team, refine it; every change goes in its history."""
    idea = _idea(slug, pk)
    person = _contributor(request)
    is_team = has_role(request.user, idea.process.organisation_id, ENGAGERS)
    if not (is_team or (person and idea.author_id == person.pk)):
        raise Http404
    initial = {"title": idea.title, "description": idea.description, "topic": idea.topic, "event": idea.event}
    form = IdeaEditForm(request.POST or None, initial=initial, process=idea.process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = data.pop("event")
        try:
            services.edit_idea(idea, by=request.user, event=event, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The idea has been saved. Its history shows the change."))
            return redirect(idea_url(idea))
    return render(
        request, "engagement/ideas/idea_edit.html", {"process": idea.process, "idea": idea, "form": form}
    )


# --- Staff ----------------------------------------------------------------------------------------


@staff_required(*ENGAGERS)
def staff_overview(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries_ideas.processes_overview(request.user), STAFF_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "engagement/ideas/staff_overview.html", {"page": page})


@staff_required(*ENGAGERS)
def staff_ideas(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    q, sort = request.GET.get("q", "").strip(), queries_ideas.sort_key(request.GET.get("sort"))
    topic = request.GET.get("topic") or None
    state = request.GET.get("state") or None
    topic = topic if topic and topic.isdigit() else None
    state = state if state in Idea.State.values else None
    ideas = queries_ideas.process_ideas(process, q=q, sort=sort, topic=topic, state=state)
    context = {
        "process": process,
        "page": Paginator(ideas, STAFF_PAGE).get_page(request.GET.get("page")),
        "q": q,
        "sort": sort,
        "topic": int(topic) if topic else None,
        "state": state,
        "topics": queries_ideas.topics_with_counts(process),
        "states": Idea.State.choices,
    }
    return render(request, "engagement/ideas/staff_ideas.html", context)


@staff_required(*ENGAGERS)
def staff_idea_new(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    form = CaptureForm(request.POST or None, process=process, initial={"topic": request.GET.get("topic")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.add_idea(
                data["topic"],
                title=data["title"],
                description=data["description"],
                event=data["event"],
                author=data["reference"],
                captured_by=request.user,
                captured_from=data["captured_from"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The idea “%(title)s” has been added.") % {"title": idea.title})
            return redirect(f"{request.path}?topic={idea.topic_id}")
    return render(request, "engagement/ideas/staff_idea_new.html", {"process": process, "form": form})


@staff_required(*ENGAGERS)
def staff_idea_merge(request: HttpRequest, pk: int) -> HttpResponse:
    process = process_for(request, pk)
    chosen = [
        value for value in request.POST.getlist("ideas") or request.GET.getlist("ideas") if value.isdigit()
    ]
    candidates = process.ideas.filter(pk__in=chosen, state=Idea.State.OPEN).select_related("topic")
    form = MergeForm(request.POST if "into" in request.POST else None, ideas=candidates, process=process)
    if len(candidates) < 2:
        messages.error(
            request, _("Choose at least two open ideas to merge, then press “Merge the chosen ideas”.")
        )
        return redirect("engagement:staff_ideas", pk=process.pk)
    if form.is_bound and form.is_valid():
        try:
            survivor = services.merge(
                list(candidates),
                into=form.cleaned_data["into"],
                by=request.user,
                event=form.cleaned_data["event"],
            )
        except ValidationError as error:
            add_errors(form, error, field="into")
        else:
            messages.success(
                request, _("The ideas have been merged into “%(title)s”.") % {"title": survivor.title}
            )
            return redirect("engagement:staff_ideas", pk=process.pk)
    context = {"process": process, "form": form, "ideas": candidates}
    return render(request, "engagement/ideas/staff_merge.html", context)


@staff_required(*ENGAGERS)
def staff_idea_split(request: HttpRequest, pk: int, idea_pk: int) -> HttpResponse:
    process = process_for(request, pk)
    idea = get_object_or_404(
        process.ideas.select_related("topic", "process"), pk=idea_pk, state=Idea.State.OPEN
    )
    form = SplitForm(request.POST or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        try:
            parts = services.split(idea, form.parts(), by=request.user, event=form.cleaned_data["event"])
        except ValidationError as error:
            add_errors(form, error, field="title_2")
        else:
            messages.success(request, _("The idea has been split into %(n)s ideas.") % {"n": len(parts)})
            return redirect("engagement:staff_ideas", pk=process.pk)
    return render(
        request, "engagement/ideas/staff_split.html", {"process": process, "idea": idea, "form": form}
    )


def public_topics(process) -> list[Topic]:
    """For the public process page: topics with open ideas counted."""
    return queries_ideas.topics_with_counts(process)
