"""What people are told about opportunities and their applications: every word in one place.

Each function builds the words (in every language the site has, with an Easy Read version)
and hands them to ``outreach.services.send`` inside the caller's transaction: the person
hears in their own channel once it commits, and the message shows on their record.
Anything staff or the public typed (titles, reasons, notes) goes in ``context`` placeholders,
never into the wording itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _

from alongside.accounts.models import Organisation
from alongside.core.absolute import absolute_url
from alongside.opportunities.models import Application, Opportunity
from alongside.outreach import services as outreach
from alongside.outreach.content import Content, in_every_language
from alongside.outreach.kinds import Kind
from alongside.outreach.models import Message
from alongside.people.models import Contributor

AppStatus = Application.Status


def _context(opportunity: Opportunity) -> dict[str, str]:
    return {
        "opportunity": opportunity.title,
        "summary": opportunity.summary,
        "opportunity_link": absolute_url(opportunity.get_absolute_url()),
        "opportunities_link": absolute_url("opportunities:list"),
        "involvement_link": absolute_url("opportunities:involvement"),
        "team_contact": opportunity.contact_email or opportunity.contact_phone,
    }


def _closing(opportunity: Opportunity) -> str:
    # Formatted inside build(), so the month is in the language being written.
    return formats.date_format(opportunity.closes_on, "j F Y") if opportunity.closes_on else ""


def _content(subject: str, paragraphs: list[str], easy_read: list[str]) -> Content:
    return Content(
        subject=subject,
        body="\n\n".join(p for p in paragraphs if p),
        easy_read_body="\n".join(p for p in easy_read if p),
    )


def _send(kind: str, opportunity: Opportunity, contributor_ids, content: Content, by=None) -> Message:
    content.context = {**_context(opportunity), **content.context}
    result = outreach.send(kind, contributor_ids, content, organisation=opportunity.organisation, sent_by=by)
    return result.message


# --- An opportunity you might like, and invitations from staff ------------------------------------


def opportunity_content(opportunity: Opportunity, kind: str) -> Content:
    def build() -> Content:
        closing = _closing(opportunity)
        if kind == Kind.MATCH:
            subject = _("An opportunity you might like: ((opportunity))")
            opening = _("We think you might like this chance to help shape research: ((opportunity)).")
        else:
            subject = _("You are invited to get involved: ((opportunity))")
            opening = _("We would like to invite you to help shape research: ((opportunity)).")
        return _content(
            subject,
            [
                _("Hello ((first_name)),"),
                opening,
                "((summary))" if opportunity.summary else "",
                _("Applications close on %(date)s.") % {"date": closing} if closing else "",
                _("Find out more and apply: ((opportunity_link))"),
                _("Or phone us on ((contact_phone)) and we can help you apply."),
            ],
            [
                _("Hello ((first_name))."),
                _("There is a new way to help with research."),
                _("It is called: ((opportunity))."),
                _("You can ask to take part until %(date)s.") % {"date": closing} if closing else "",
                _("Find out more: ((opportunity_link))"),
                _("Or phone us on ((contact_phone))."),
            ],
        )

    return in_every_language(build)


def tell_about(
    opportunity: Opportunity, contributor_ids: Sequence[int], *, kind: str, by=None
) -> list[Message]:
    """Tell everyone newly matched with (or invited to) an opportunity: one message per home organisation.

    People from other organisations (who agreed to be findable) hear from the organisation that
    holds their record, so the opportunity's own staff never see their names on a message page.
    """
    homes: dict[int, list[int]] = {}
    for pk, organisation_id in Contributor.objects.filter(pk__in=contributor_ids).values_list(
        "pk", "organisation_id"
    ):
        homes.setdefault(organisation_id, []).append(pk)
    content = opportunity_content(opportunity, kind)
    content.context = _context(opportunity)
    messages = []
    for organisation in Organisation.objects.filter(pk__in=homes).order_by("pk"):
        result = outreach.send(kind, homes[organisation.pk], content, organisation=organisation, sent_by=by)
        messages.append(result.message)
    return messages


# --- Applications -------------------------------------------------------------------------------------


def received_content(opportunity: Opportunity) -> Content:
    def build() -> Content:
        closing = _closing(opportunity)
        if closing:
            next_step = _(
                "Applications close on %(date)s. After that we will tell you whether you have a place, "
                "in the way you asked us to contact you."
            ) % {"date": closing}
        else:
            next_step = _(
                "We will tell you whether you have a place, in the way you asked us to contact you."
            )
        return _content(
            _("We have your application: ((opportunity))"),
            [
                _("Hello ((first_name)),"),
                _("Thank you for applying for ((opportunity)). We have your application."),
                _("What happens next: %(step)s") % {"step": next_step},
                _("You can see your applications here: ((involvement_link))"),
                _("If you have any questions, phone us on ((contact_phone))."),
            ],
            [
                _("Hello ((first_name))."),
                _("Thank you for asking to take part in: ((opportunity))."),
                _("We have your answers."),
                _("We will tell you if you have a place."),
                _("Questions? Phone us on ((contact_phone))."),
            ],
        )

    return in_every_language(build)


def application_received(application: Application) -> Message:
    opportunity = application.opportunity
    return _send(Kind.APPLICATION, opportunity, [application.contributor_id], received_content(opportunity))


_SUBJECTS = {
    AppStatus.SHORTLISTED: lambda: _("You are on the shortlist: ((opportunity))"),
    AppStatus.SELECTED: lambda: _("You have been selected: ((opportunity))"),
    AppStatus.NOT_SELECTED: lambda: _("About your application: ((opportunity))"),
    AppStatus.WITHDRAWN: lambda: _("Your application has been withdrawn: ((opportunity))"),
}


def _why_not(by_draw: bool, has_reason: bool) -> str:
    if by_draw:
        return _(
            "There were more people than places, so places were offered by a fair random draw that "
            "keeps the group balanced. You were not drawn this time. This says nothing about you or "
            "what you offered."
        )
    return _("Why: ((reason))") if has_reason else ""


def _outcome(status: str, by_draw: bool, has_reason: bool) -> list[str]:
    """The news and what happens next, for each outcome."""
    if status == AppStatus.SELECTED:
        return [
            _(
                "Thank you for applying for ((opportunity)). We are glad to tell you that you have been "
                "selected."
            ),
            _("There were more people than places, so places were offered by a fair random draw.")
            if by_draw
            else "",
            _(
                "What happens next: we will send you the details, such as dates, times and how to take "
                "part. If you can no longer take part, please let us know."
            ),
        ]
    if status == AppStatus.SHORTLISTED:
        return [
            _("Thank you for applying for ((opportunity)). You are on our shortlist."),
            _("What happens next: we will be in touch soon about the next step."),
        ]
    if status == AppStatus.NOT_SELECTED:
        return [
            _(
                "Thank you for applying for ((opportunity)). This time we have not been able to offer you "
                "a place."
            ),
            _why_not(by_draw, has_reason),
            _(
                "What happens next: you do not need to do anything. You can look for another "
                "opportunity at any time: ((opportunities_link))"
            ),
            _("Thank you for offering your time and experience. It matters to us."),
        ]
    return [
        _("Your application for ((opportunity)) has been withdrawn."),
        _("If you did not expect this, phone us on ((contact_phone))."),
    ]


def _outcome_easy_read(status: str) -> list[str]:
    news = {
        AppStatus.SELECTED: [
            _("Good news."),
            _("You have a place on: ((opportunity))."),
            _("We will send you the details soon."),
        ],
        AppStatus.SHORTLISTED: [
            _("You are on our shortlist for: ((opportunity))."),
            _("We will be in touch soon."),
        ],
        AppStatus.NOT_SELECTED: [
            _("Thank you for asking to take part in: ((opportunity))."),
            _("This time you do not have a place."),
            _("You can look for other ways to take part: ((opportunities_link))"),
            _("Thank you for your time."),
        ],
        AppStatus.WITHDRAWN: [_("You are no longer asking to take part in: ((opportunity)).")],
    }[status]
    return [_("Hello ((first_name))."), *news, _("Questions? Phone us on ((contact_phone)).")]


def outcome_content(
    status: str, *, reason: str = "", note: str = "", by_draw: bool = False, contact: str = ""
) -> Content:
    def build() -> Content:
        return _content(
            _SUBJECTS[status](),
            [
                _("Hello ((first_name)),"),
                *_outcome(status, by_draw, bool(reason)),
                "((note))" if note else "",
                _("Questions? Contact ((team_contact)).") if contact else "",
                _("See your applications: ((involvement_link))"),
            ],
            _outcome_easy_read(status),
        )

    content = in_every_language(build)
    content.context = {"reason": reason, "note": note}
    return content


def tell_outcome(
    opportunity: Opportunity,
    applications: Sequence[Application],
    status: str,
    *,
    reason: str = "",
    note: str = "",
    by_draw: bool = False,
) -> Message:
    """Tell these applicants (all with the same news) their outcome, and record who could be told."""
    content = outcome_content(
        status, reason=reason, note=note, by_draw=by_draw, contact=_context(opportunity)["team_contact"]
    )
    return _send(Kind.OUTCOME, opportunity, [a.contributor_id for a in applications], content)
