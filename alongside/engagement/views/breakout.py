"""Breakout groups: an event's facilitators and rounds, allocating people, moving them by hand,
and the group lists facilitators print."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.models import User
from alongside.accounts.permissions import staff_required
from alongside.core import pdf
from alongside.engagement import breakout
from alongside.engagement.forms_events import FacilitatorForm, RoundForm
from alongside.engagement.models import BreakoutRound, GroupMember
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import add_errors
from alongside.engagement.views.events import _event_for
from alongside.people import queries as people_queries


@staff_required(*ENGAGERS)
def facilitators(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    event = _event_for(request, pk, event_pk)
    form = FacilitatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["email"]:
            person = User.objects.filter(
                email__iexact=data["email"], memberships__organisation=event.process.organisation
            ).first()
            if person is None:
                form.add_error(
                    "email",
                    _("No staff member of %(org)s has this email address.")
                    % {"org": event.process.organisation.name},
                )
            else:
                breakout.add_facilitator(event, user=person)
        else:
            visible = people_queries.visible_contributors(request.user)
            person = visible.filter(reference__iexact=data["reference"].strip()).first()
            if person is None:
                form.add_error(
                    "reference", _("Nobody you can see has this reference. Check it and try again.")
                )
            else:
                breakout.add_facilitator(event, contributor=person)
        if not form.errors:
            messages.success(request, _("%(name)s can now facilitate a group.") % {"name": str(person)})
            return redirect("engagement:staff_facilitators", pk, event_pk)
    context = {"event": event, "form": form, "facilitators": event.facilitators.order_by("name", "pk")}
    return render(request, "engagement/events/facilitators.html", context)


@staff_required(*ENGAGERS)
@require_POST
def facilitator_remove(request: HttpRequest, pk: int, event_pk: int, facilitator_pk: int) -> HttpResponse:
    event = _event_for(request, pk, event_pk)
    facilitator = get_object_or_404(event.facilitators, pk=facilitator_pk)
    try:
        breakout.remove_facilitator(facilitator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a facilitator.") % {"name": facilitator.name})
    return redirect("engagement:staff_facilitators", pk, event_pk)


@staff_required(*ENGAGERS)
def round_edit(request: HttpRequest, pk: int, event_pk: int, round_pk: int | None = None) -> HttpResponse:
    event = _event_for(request, pk, event_pk)
    round_ = get_object_or_404(event.rounds, pk=round_pk) if round_pk else None
    form = RoundForm(request.POST or None, instance=round_, process=event.process)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = breakout.save_round(event, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("engagement:staff_round", pk, event_pk, round_.pk)
    return render(
        request, "engagement/events/round_form.html", {"event": event, "form": form, "round": round_}
    )


def _round_for(request: HttpRequest, pk: int, event_pk: int, round_pk: int):
    event = _event_for(request, pk, event_pk)
    return event, get_object_or_404(BreakoutRound.objects.filter(event=event), pk=round_pk)


@staff_required(*ENGAGERS)
def round_detail(request: HttpRequest, pk: int, event_pk: int, round_pk: int) -> HttpResponse:
    event, round_ = _round_for(request, pk, event_pk, round_pk)
    groups = breakout.groups_with_members(round_)
    context = {
        "event": event,
        "round": round_,
        "groups": groups,
        "topics": round_.topics.all(),
        "facilitator_count": event.facilitators.count(),
        "people_count": event.taken,
    }
    return render(request, "engagement/events/round.html", context)


@staff_required(*ENGAGERS)
@require_POST
def round_allocate(request: HttpRequest, pk: int, event_pk: int, round_pk: int) -> HttpResponse:
    event, round_ = _round_for(request, pk, event_pk, round_pk)
    if round_.allocated_at and request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("Tick the box to confirm: allocating again replaces the groups and any changes made by hand."),
        )
        return redirect("engagement:staff_round", pk, event_pk, round_pk)
    try:
        groups = breakout.allocate(round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("People have been put into %(n)d groups.") % {"n": len(groups)})
    return redirect("engagement:staff_round", pk, event_pk, round_pk)


@staff_required(*ENGAGERS)
@require_POST
def round_change(request: HttpRequest, pk: int, event_pk: int, round_pk: int) -> HttpResponse:
    """Move a person to another group, or give a group another facilitator."""
    event, round_ = _round_for(request, pk, event_pk, round_pk)
    target = get_object_or_404(round_.groups, pk=request.POST.get("group") or 0)
    try:
        if request.POST.get("member"):
            member = get_object_or_404(GroupMember.objects.filter(round=round_), pk=request.POST["member"])
            breakout.move(member, target)
            messages.success(request, _("Moved to group %(n)d.") % {"n": target.number})
        else:
            facilitator = get_object_or_404(event.facilitators, pk=request.POST.get("facilitator") or 0)
            breakout.change_facilitator(target, facilitator)
            messages.success(request, _("Group %(n)d has a new facilitator.") % {"n": target.number})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("engagement:staff_round", pk, event_pk, round_pk)


@staff_required(*ENGAGERS)
def round_print(request: HttpRequest, pk: int, event_pk: int, round_pk: int) -> HttpResponse:
    event, round_ = _round_for(request, pk, event_pk, round_pk)
    context = {"event": event, "round": round_, "groups": breakout.groups_with_members(round_)}
    return render(request, "engagement/events/round_print.html", context)


@staff_required(*ENGAGERS)
def round_pdf(request: HttpRequest, pk: int, event_pk: int, round_pk: int) -> HttpResponse:
    event, round_ = _round_for(request, pk, event_pk, round_pk)
    content = breakout.group_lists_pdf(event, round_, large_print=request.GET.get("large") == "1")
    return pdf.pdf_response(content, f"{event.slug}-round-{round_.number}.pdf", inline=True)
