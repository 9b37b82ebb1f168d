"""Every change to projects, opportunities, applications and contributions, in a transaction."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alongside.opportunities import checks, queries, selection, sortition
from alongside.opportunities.models import (
    Activity,
    Application,
    Contribution,
    MatchNotice,
    Opportunity,
    ReviewEvent,
    SelectionDraw,
)
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor

Status = Opportunity.Status
AppStatus = Application.Status


def today() -> datetime.date:
    return timezone.localdate()


def new_slug(title: str) -> str:
    base = slugify(title)[:150] or "opportunity"
    # A random tail so that a slug cannot be guessed from a title.
    return f"{base}-{secrets.token_hex(3)}"


# --- Writing and review ---------------------------------------------------------------------------


@transaction.atomic
def save_opportunity(opportunity: Opportunity, *, by=None, topics: Iterable | None = None) -> Opportunity:
    if not opportunity.slug:
        opportunity.slug = new_slug(opportunity.title)
    if opportunity.pk is None:
        opportunity.created_by = by
    opportunity.save()
    if topics is not None:
        opportunity.topics.set(topics)
    return opportunity


def _event(opportunity: Opportunity, action: str, by, comment: str = "") -> ReviewEvent:
    return ReviewEvent.objects.create(opportunity=opportunity, action=action, by=by, comment=comment)


def _set_status(opportunity: Opportunity, status: str, **extra) -> None:
    opportunity.status = status
    for key, value in extra.items():
        setattr(opportunity, key, value)
    opportunity.save(update_fields=["status", *extra])


@transaction.atomic
def submit_for_review(opportunity: Opportunity, *, by) -> None:
    if opportunity.status not in (Status.DRAFT, Status.CHANGES_REQUESTED, Status.REJECTED):
        raise ValidationError(_("Only a draft, or one with changes asked for, can be sent for review."))
    _set_status(opportunity, Status.IN_REVIEW)
    _event(opportunity, ReviewEvent.Action.SUBMITTED, by)


def publish_blockers(opportunity: Opportunity) -> list[str]:
    problems = []
    acronyms = checks.check_opportunity(opportunity).blocking_acronyms
    if acronyms:
        problems.append(
            _(
                "Explain these acronyms in the title or summary before publishing, for example "
                "“randomised controlled trial (RCT)”: %(list)s."
            )
            % {"list": ", ".join(acronyms)}
        )
    if opportunity.closes_on is None:
        problems.append(_("Add a closing date before publishing."))
    elif opportunity.closes_on < today():
        problems.append(_("The closing date has passed. Change it to a date in the future."))
    return problems


@transaction.atomic
def approve(opportunity: Opportunity, *, by, comment: str = "") -> None:
    """Approve and publish. Refused while the title or summary has unexplained acronyms."""
    if opportunity.status != Status.IN_REVIEW:
        raise ValidationError(_("Only an opportunity waiting for review can be approved."))
    problems = publish_blockers(opportunity)
    if problems:
        raise ValidationError(problems)
    _set_status(opportunity, Status.PUBLISHED, published_at=timezone.now())
    _event(opportunity, ReviewEvent.Action.APPROVED, by, comment)
    transaction.on_commit(lambda: _enqueue_matching(opportunity.pk))


def _enqueue_matching(opportunity_id: int) -> None:
    # Imported here: tasks imports this module.
    from alongside.opportunities.tasks import notify_matches as matching_task

    matching_task.enqueue(opportunity_id)


@transaction.atomic
def request_changes(opportunity: Opportunity, *, by, comment: str) -> None:
    if opportunity.status != Status.IN_REVIEW:
        raise ValidationError(_("Only an opportunity waiting for review can be sent back."))
    if not comment.strip():
        raise ValidationError(_("Say what needs to change."))
    _set_status(opportunity, Status.CHANGES_REQUESTED)
    _event(opportunity, ReviewEvent.Action.CHANGES, by, comment)


@transaction.atomic
def reject(opportunity: Opportunity, *, by, comment: str) -> None:
    if opportunity.status != Status.IN_REVIEW:
        raise ValidationError(_("Only an opportunity waiting for review can be rejected."))
    if not comment.strip():
        raise ValidationError(_("Give the reason for rejecting it."))
    _set_status(opportunity, Status.REJECTED)
    _event(opportunity, ReviewEvent.Action.REJECTED, by, comment)


@transaction.atomic
def close(opportunity: Opportunity, *, by) -> None:
    _set_status(opportunity, Status.CLOSED)
    _event(opportunity, ReviewEvent.Action.CLOSED, by)


# --- Applying ------------------------------------------------------------------------------------


def application_problem(
    opportunity: Opportunity, contributor: Contributor, *, on: datetime.date
) -> str | None:
    if not opportunity.is_published:
        return _("This opportunity is not open for applications.")
    if opportunity.opens_on and on < opportunity.opens_on:
        return _("Applications open on %(day)s.") % {"day": opportunity.opens_on.strftime("%-d %B %Y")}
    if opportunity.closes_on and on > opportunity.closes_on:
        return _("Applications closed on %(day)s. Look for other opportunities that are still open.") % {
            "day": opportunity.closes_on.strftime("%-d %B %Y")
        }
    if Application.objects.filter(opportunity=opportunity, contributor=contributor).exists():
        return _("You have already applied for this opportunity. We will be in touch about it.")
    return None


@transaction.atomic
def apply(
    opportunity: Opportunity,
    contributor: Contributor,
    *,
    why_interested: str = "",
    anything_else: str = "",
    how: str = HowGiven.ONLINE,
    recorded_by=None,
    on: datetime.date | None = None,
) -> Application:
    """Express interest. Raises ValidationError for a duplicate or a closed opportunity."""
    Opportunity.objects.select_for_update().filter(pk=opportunity.pk).first()
    problem = application_problem(opportunity, contributor, on=on or today())
    if problem:
        raise ValidationError(problem)
    try:
        with transaction.atomic():
            return Application.objects.create(
                opportunity=opportunity,
                contributor=contributor,
                why_interested=why_interested,
                anything_else=anything_else,
                how=how,
                recorded_by=recorded_by,
            )
    except IntegrityError as exc:
        raise ValidationError(_("You have already applied for this opportunity.")) from exc


# --- Outcomes and telling people -----------------------------------------------------------------

OUTCOME_SUBJECTS = {
    AppStatus.SHORTLISTED: "You are on the shortlist",
    AppStatus.SELECTED: "You have been selected",
    AppStatus.NOT_SELECTED: "About your application",
    AppStatus.WITHDRAWN: "Your application has been withdrawn",
}


def wants_email(contributor: Contributor) -> bool:
    """Email only when the person has an address and has not asked for another channel first."""
    channels = contributor.preferred_channels or []
    return bool(contributor.email) and (not channels or channels[0] == "email")


def outcome_text(application: Application) -> str:
    opportunity = application.opportunity
    lines = [_("Dear %(name)s,") % {"name": application.contributor.display_name}, ""]
    if application.status == AppStatus.SELECTED:
        lines.append(
            _("Thank you for applying for “%(t)s”. We are glad to tell you that you have been selected.")
        )
    elif application.status == AppStatus.SHORTLISTED:
        lines.append(_("Thank you for applying for “%(t)s”. You are on our shortlist; we will be in touch."))
    elif application.status == AppStatus.NOT_SELECTED:
        lines.append(
            _("Thank you for applying for “%(t)s”. This time we have not been able to offer you a place.")
        )
    else:
        lines.append(_("Your application for “%(t)s” has been withdrawn."))
    lines[-1] = lines[-1] % {"t": opportunity.title}
    if application.outcome_message:
        lines += ["", application.outcome_message]
    if application.status == AppStatus.NOT_SELECTED and application.outcome_reason:
        lines += ["", _("Why: %(reason)s") % {"reason": application.outcome_reason}]
    contact = opportunity.contact_email or opportunity.contact_phone
    if contact:
        lines += ["", _("Questions? Contact %(who)s.") % {"who": contact}]
    return "\n".join(lines)


def notify_applicant(application: Application, *, subject: str | None = None, body: str | None = None) -> str:
    """Tell an applicant about their application in their channel.

    The one place outcomes are sent from, so that outreach can take it over. Returns the channel
    used, or "staff" when the person must be phoned or written to (they are then listed for staff).
    """
    contributor = application.contributor
    subject = subject or _(OUTCOME_SUBJECTS.get(application.status, "About your application"))
    body = body or outcome_text(application)
    if wants_email(contributor):
        send_mail(subject, body, None, [contributor.email])
        Application.objects.filter(pk=application.pk).update(notified_at=timezone.now(), needs_contact=False)
        return "email"
    Application.objects.filter(pk=application.pk).update(needs_contact=True, notified_at=None)
    application.needs_contact = True
    return "staff"


@transaction.atomic
def set_application_status(
    application: Application, status: str, *, by, reason: str = "", message: str = ""
) -> Application:
    if status not in AppStatus.values:
        raise ValidationError(_("Choose a status."))
    if status == AppStatus.NOT_SELECTED and not reason.strip():
        raise ValidationError({"reason": _("Give a reason; it is shared kindly with the person.")})
    application.status = status
    application.outcome_reason = reason
    application.outcome_message = message
    application.save(update_fields=["status", "outcome_reason", "outcome_message", "updated_at"])
    if status != AppStatus.RECEIVED:
        # Words fixed now: a later change in the same transaction must not rewrite this message.
        subject = _(OUTCOME_SUBJECTS[status])
        body = outcome_text(application)
        transaction.on_commit(lambda: notify_applicant(application, subject=subject, body=body))
    return application


@transaction.atomic
def mark_contacted(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(needs_contact=False, notified_at=timezone.now())


# --- Representative selection ------------------------------------------------------------------


@transaction.atomic
def run_draw(
    opportunity: Opportunity,
    applications: Sequence[Application],
    features: dict[int, dict[str, str]],
    *,
    places: int,
    quotas: Sequence[sortition.Quota],
    seed: int | None,
    by,
) -> SelectionDraw:
    """Draw a panel fairly; records the seed, the distribution and the quotas met. Applies nothing yet."""
    seed = seed if seed is not None else secrets.randbelow(2**31)
    result = sortition.draw({a.pk: features.get(a.pk, {}) for a in applications}, places, quotas, seed)
    return SelectionDraw.objects.create(
        opportunity=opportunity,
        places=places,
        seed=seed,
        quotas=[q.as_dict() for q in quotas],
        created_by=by,
        **selection.drawn(result),
    )


@transaction.atomic
def apply_draw(draw: SelectionDraw, *, by) -> int:
    """Mark the drawn applicants selected (each is told); returns how many. Anyone who withdrew or
    was decided on since the draw is left as they are."""
    if draw.applied:
        raise ValidationError(_("This draw has already been used."))
    if draw.status != SelectionDraw.Status.DONE:
        raise ValidationError(_("This draw has no panel to select yet."))
    applications = Application.objects.select_related("contributor", "opportunity").filter(
        opportunity=draw.opportunity, pk__in=draw.selected, status__in=queries.DRAWN_FROM
    )
    for application in applications:
        set_application_status(application, AppStatus.SELECTED, by=by)
    draw.applied = True
    draw.save(update_fields=["applied"])
    return len(applications)


# --- Attendance -----------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    activity: Activity, entries: Sequence[tuple[Contributor, int]], *, by, on: datetime.date | None = None
) -> list[Contribution]:
    """Record who took part and for how long. Everyone must be selected; nothing is saved otherwise."""
    opportunity = activity.opportunity
    selected = set(
        Application.objects.filter(opportunity=opportunity, status=AppStatus.SELECTED).values_list(
            "contributor_id", flat=True
        )
    )
    errors = []
    for contributor, minutes in entries:
        if contributor.pk not in selected:
            errors.append(
                _("%(name)s was not selected for this opportunity, so their attendance cannot be recorded.")
                % {"name": contributor.display_name}
            )
        elif minutes is None or minutes <= 0:
            errors.append(
                _("Enter how many minutes %(name)s took part.") % {"name": contributor.display_name}
            )
    if errors:
        raise ValidationError(errors)
    day = on or (timezone.localtime(activity.starts_at).date() if activity.starts_at else today())
    saved = []
    for contributor, minutes in entries:
        contribution, _created = Contribution.objects.update_or_create(
            contributor=contributor,
            activity=activity,
            defaults={
                "opportunity": opportunity,
                "organisation_id": opportunity.organisation_id,
                "date": day,
                "minutes": minutes,
                "recorded_by": by,
            },
        )
        saved.append(contribution)
    return saved


# --- Matching and invitations --------------------------------------------------------------------


def matching_people(opportunity: Opportunity):
    """People whose interests and availability match, who agreed to be contacted, not yet told."""
    topic_ids = list(opportunity.topics.values_list("pk", flat=True))
    if not topic_ids:
        return Contributor.objects.none()
    availability = {
        "online": Q(online=True),
        "phone": Q(by_phone=True),
        "in_person": Q(in_person=True),
        "hybrid": Q(online=True) | Q(in_person=True),
    }.get(opportunity.format, Q())
    return (
        Contributor.objects.filter(status="active", consent_contact=True, erased_at__isnull=True)
        .filter(Q(organisation_id=opportunity.organisation_id) | Q(consent_findable=True))
        .filter(interests__in=topic_ids)
        .filter(availability)
        .exclude(match_notices__opportunity=opportunity)
        .exclude(applications__opportunity=opportunity)
        .distinct()
    )


def _tell_about(opportunity: Opportunity, contributor: Contributor, kind: str, by=None) -> MatchNotice | None:
    try:
        with transaction.atomic():
            notice = MatchNotice.objects.create(
                opportunity=opportunity, contributor=contributor, kind=kind, by=by
            )
    except IntegrityError:
        return None  # already told: at most once per opportunity
    channel = (contributor.preferred_channels or ["email"])[0]
    if wants_email(contributor):
        send_mail(
            _("An opportunity you might like: %(t)s") % {"t": opportunity.title},
            "\n\n".join(
                [
                    _("Dear %(name)s,") % {"name": contributor.display_name},
                    opportunity.summary,
                    _("Closing date: %(d)s")
                    % {"d": opportunity.closes_on.strftime("%-d %B %Y") if opportunity.closes_on else "-"},
                    _("Find out more and apply on the Find opportunities page: %(path)s")
                    % {"path": opportunity.get_absolute_url()},
                ]
            ),
            None,
            [contributor.email],
        )
        notice.channel, notice.sent = "email", True
    else:
        notice.channel, notice.sent = channel, False
    notice.save(update_fields=["channel", "sent"])
    return notice


def notify_matches(opportunity: Opportunity) -> int:
    """Tell matching people about a newly published opportunity. Safe to run again."""
    count = 0
    for contributor in matching_people(opportunity).iterator():
        if _tell_about(opportunity, contributor, MatchNotice.Kind.MATCH):
            count += 1
    return count


def invite(opportunity: Opportunity, contributors: Iterable[Contributor], *, by) -> int:
    if not opportunity.is_published:
        raise ValidationError(_("Publish the opportunity before inviting people."))
    count = 0
    for contributor in contributors:
        if contributor.consent_contact and _tell_about(
            opportunity, contributor, MatchNotice.Kind.INVITATION, by
        ):
            count += 1
    return count
