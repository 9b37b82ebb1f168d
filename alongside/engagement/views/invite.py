"""Inviting people to answer a survey, and reminding them, through outreach."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.permissions import has_role, staff_required
from alongside.engagement import invitations
from alongside.engagement.roles import ENGAGERS
from alongside.engagement.views.common import survey_for
from alongside.people.models import Contributor


def _everyone(survey):
    return Contributor.objects.filter(
        organisation=survey.organisation, consent_contact=True, erased_at__isnull=True
    )


@staff_required(*ENGAGERS)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    # Messages go out in the organisation's name: only its own team sends them.
    if not has_role(request.user, survey.organisation, ENGAGERS):
        raise PermissionDenied
    audiences = {
        "everyone": invitations.not_answered(survey, _everyone(survey)),
        "reminder": invitations.reminder_audience(survey),
    }
    if request.method == "POST":
        chosen = request.POST.get("audience")
        if chosen in audiences:
            try:
                sent = invitations.invite(
                    survey, audiences[chosen], by=request.user, reminder=chosen == "reminder"
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(n)s messages are on their way, each in the person's own way.") % {"n": sent.queued},
                )
                return redirect("engagement:staff_invite", pk=survey.pk)
    context = {
        "survey": survey,
        "everyone": audiences["everyone"].count(),
        "to_remind": audiences["reminder"].count(),
        "sent": survey.invitations.select_related("message", "sent_by"),
    }
    return render(request, "engagement/staff/invite.html", context)
