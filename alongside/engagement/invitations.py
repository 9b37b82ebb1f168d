"""Inviting people to answer a survey, and reminding them, through outreach: each person gets the
survey their way (email or text with the link, a phone call with the script, and a letter with the
paper survey and its freepost address in the same envelope)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from alongside.core.absolute import absolute_url
from alongside.engagement import paper
from alongside.engagement.models import Survey, SurveyInvitation
from alongside.outreach import services as outreach
from alongside.outreach.content import Content, in_every_language
from alongside.outreach.kinds import Kind
from alongside.outreach.models import Delivery
from alongside.people.models import Contributor


def content(survey: Survey, *, reminder: bool) -> Content:
    def build() -> Content:
        closing = formats.date_format(survey.closes_on, "j F Y") if survey.closes_on else ""
        subject = _("A reminder: ((survey))") if reminder else _("Have your say: ((survey))")
        opening = (
            _("A reminder that our survey is still open. If you have already answered, thank you.")
            if reminder
            else _("We would like to hear what you think. Please answer our survey: ((survey)).")
        )
        paragraphs = [
            _("Hello ((first_name)),"),
            opening,
            _("It closes on %(date)s.") % {"date": closing} if closing else "",
            _("Answer online: ((survey_link))"),
            _("Or phone us on ((survey_phone)) and we will go through it with you.")
            if survey.phone_number
            else "",
            _(
                "If this came by post, the paper survey is enclosed: "
                "send it back free of charge to ((freepost))."
            ),
        ]
        return Content(
            subject=subject,
            body="\n\n".join(p for p in paragraphs if p),
            phone_script=_(
                "Ask whether they would like to answer the survey ((survey)) now, over the phone. "
                "If yes, key in their answers as a phone response."
            ),
        )

    built = in_every_language(build)
    built.context = {
        "survey": survey.title,
        "survey_link": absolute_url(reverse("engagement:survey_start", args=[survey.slug])),
        "survey_phone": survey.phone_number,
        "freepost": ", ".join(line.strip() for line in survey.freepost_address.splitlines() if line.strip()),
    }
    built.enclosure = paper.survey_pdf(survey)
    built.enclosure_large_print = paper.survey_pdf(survey, large_print=True)
    return built


def not_answered(survey: Survey, people):
    """Named surveys: leave out people who have already sent their answers."""
    if survey.anonymous:
        return people
    return people.exclude(survey_responses__survey=survey, survey_responses__state="submitted")


def reminder_audience(survey: Survey):
    """Everyone an invitation went to (for a named survey, those who have not answered yet)."""
    invited = Delivery.objects.filter(
        message__survey_invitations__survey=survey, message__survey_invitations__reminder=False
    )
    return not_answered(survey, Contributor.objects.filter(pk__in=invited.values("contributor_id")))


@transaction.atomic
def invite(survey: Survey, people, *, by, reminder: bool = False) -> SurveyInvitation:
    if not survey.is_open:
        raise ValidationError(_("Open the survey before inviting people."))
    recipients = list(not_answered(survey, people).values_list("pk", flat=True))
    if not recipients:
        raise ValidationError(_("There is nobody to send this to."))
    kind = Kind.REMINDER if reminder else Kind.INVITATION
    result = outreach.send(
        kind, recipients, content(survey, reminder=reminder), organisation=survey.organisation, sent_by=by
    )
    return SurveyInvitation.objects.create(
        survey=survey, message=result.message, reminder=reminder, sent_by=by, queued=result.queued
    )
