"""Messages about people's records: researchers' invitations, the replies, and joining twice.

The people app sits below outreach, so it announces these with signals (people.signals)
inside its transaction; the receivers here write the words and hand them to ``services.send``
(or ``send_staff_email`` for the researcher), so they go out only if that transaction commits.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.utils.translation import gettext as _

from alongside.core import phones
from alongside.core.absolute import absolute_url
from alongside.outreach import services
from alongside.outreach.content import Content, in_every_language
from alongside.outreach.kinds import Kind
from alongside.people.choices import Channel
from alongside.people.signals import invitation_answered, invitation_sent, joined_again


def invitation_content(invitation) -> Content:
    def build() -> Content:
        body = "\n\n".join(
            [
                _("Hello ((first_name)),"),
                _(
                    "A researcher at ((researcher_organisation)) would like to invite you to get involved "
                    "in their research. We have not given them your name or contact details."
                ),
                _("Their message:"),
                "((researcher_message))",
                _("To say yes or no, sign in and go to your profile: ((profile_link))"),
                _("If you say yes, we will give the researcher your name and contact details."),
                _("If you have any questions, phone us on ((contact_phone))."),
            ]
        )
        easy_read = "\n\n".join(
            [
                _("Hello ((first_name))."),
                _("A researcher would like you to help with their research."),
                _("They do not know who you are."),
                _("Their message:"),
                "((researcher_message))",
                _("Say yes or no on your profile: ((profile_link))"),
                _("Or phone us on ((contact_phone))."),
            ]
        )
        return Content(
            subject=_("An invitation to get involved in research"), body=body, easy_read_body=easy_read
        )

    content = in_every_language(build)
    content.context = {
        "researcher_organisation": invitation.organisation.name,
        "researcher_message": invitation.message,
        "profile_link": absolute_url("people:my_profile"),
    }
    return content


@receiver(invitation_sent, dispatch_uid="outreach.pass_on_invitation")
def pass_on_invitation(sender, invitation, **kwargs) -> None:
    # Sent by the organisation that holds the person's record: the researcher's organisation
    # must not see, on its own message pages, who was invited before they say yes.
    contributor = invitation.contributor
    services.send(
        Kind.INVITATION,
        [contributor.pk],
        invitation_content(invitation),
        organisation=contributor.organisation,
        sent_by=invitation.researcher,
    )


def _channels_in_words(contributor) -> str:
    labels = dict(Channel.choices)
    chosen = [str(labels[c]) for c in contributor.preferred_channels or [] if c in labels]
    return ", ".join(chosen) or _("no preference given")


def _contact_details(contributor) -> str:
    lines = [contributor.display_name]
    phone_numbers = (phones.for_people(contributor.mobile), phones.for_people(contributor.landline))
    lines += [v for v in (contributor.email, *phone_numbers) if v]
    lines.append(_("How they like to be contacted: %(ways)s") % {"ways": _channels_in_words(contributor)})
    return "\n".join(lines)


def reply_words(invitation) -> str:
    if invitation.status == invitation.Status.ACCEPTED:
        paragraphs = [
            _("Good news: the person you invited has accepted. Their details:"),
            _contact_details(invitation.contributor),
            _("Please contact them in the way they prefer."),
        ]
    else:
        paragraphs = [
            _(
                "The person you invited has declined. Their details have not been shared. "
                "Thank you for asking."
            )
        ]
    paragraphs.append(_("Your invitations: %(link)s") % {"link": absolute_url("people:sent_invitations")})
    return "\n\n".join(paragraphs)


@receiver(invitation_answered, dispatch_uid="outreach.tell_researcher")
def tell_researcher(sender, invitation, **kwargs) -> None:
    services.send_staff_email(invitation.researcher, _("A reply to your invitation"), reply_words(invitation))


def joined_again_content() -> Content:
    def build() -> Content:
        body = "\n\n".join(
            [
                _("Hello ((first_name)),"),
                _(
                    "Someone, probably you, tried to join Alongside with this email address. You have "
                    "already joined, so there is nothing more to do."
                ),
                _("To see or change your details, sign in with this email address: ((sign_in_link))"),
                _("If this was not you, you can ignore this email."),
            ]
        )
        return Content(subject=_("You have already joined Alongside"), body=body)

    content = in_every_language(build)
    content.context = {"sign_in_link": absolute_url("account_login")}
    return content


@receiver(joined_again, dispatch_uid="outreach.tell_joined_again")
def tell_joined_again(sender, contributor, **kwargs) -> None:
    services.send(Kind.ACCOUNT, [contributor], joined_again_content(), organisation=contributor.organisation)
