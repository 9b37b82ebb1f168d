"""Every change to projects, opportunities, applications and contributions, in a transaction."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alongside.core import words
from alongside.opportunities import checks, notices, queries, selection, sortition
from alongside.opportunities.models import (
    Activity,
    Application,
    Contribution,
    MatchNotice,
    Opportunity,
    ReviewEvent,
    SelectionDraw,
)
from alongside.outreach import queries as outreach_queries
from alongside.outreach.kinds import Kind
from alongside.outreach.models import Delivery
from alongside.people import services as people_services
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor, OrganisationLink

Status = Opportunity.Status
AppStatus = Application.Status
QUEUED, NO_WAY = Delivery.Status.QUEUED, Delivery.Status.NO_CHANNEL
MESSAGE_KIND = {MatchNotice.Kind.MATCH: Kind.MATCH, MatchNotice.Kind.INVITATION: Kind.INVITATION}
# Kept on the application as the reason; the person is told about the draw in kinder words.
NOT_DRAWN = "Not drawn in the fair random draw for places."


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
    if opportunity.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published opportunity can be closed."))
    _set_status(opportunity, Status.CLOSED)
    _event(opportunity, ReviewEvent.Action.CLOSED, by)


# --- Applying ------------------------------------------------------------------------------------


def application_problem(
    opportunity: Opportunity, contributor: Contributor, *, on: datetime.date
) -> str | None:
    if not opportunity.is_published:
        return _("This opportunity is not open for applications.")
    if opportunity.opens_on and on < opportunity.opens_on:
        return _("Applications open on %(day)s.") % {"day": words.day(opportunity.opens_on)}
    if opportunity.closes_on and on > opportunity.closes_on:
        return _("Applications closed on %(day)s. Look for other opportunities that are still open.") % {
            "day": words.day(opportunity.closes_on)
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
            application = Application.objects.create(
                opportunity=opportunity,
                contributor=contributor,
                why_interested=why_interested,
                anything_else=anything_else,
                how=how,
                recorded_by=recorded_by,
            )
    except IntegrityError as exc:
        raise ValidationError(_("You have already applied for this opportunity.")) from exc
    notices.application_received(application)
    # From now on the organisation's staff see the person's record (people/queries.py, "who sees whom").
    people_services.link_organisation(
        contributor, opportunity.organisation_id, OrganisationLink.Reason.APPLIED
    )
    return application


# --- Outcomes and telling people -----------------------------------------------------------------


def _record_told(message, applications: Sequence[Application]) -> None:
    """Who will hear (in any channel), and who nobody can reach: those are listed for staff."""
    routes = outreach_queries.routes(message)
    unreachable = [a.pk for a in applications if routes.get(a.contributor_id, ("",))[0] == NO_WAY]
    told = [a.pk for a in applications if routes.get(a.contributor_id, ("",))[0] == QUEUED]
    Application.objects.filter(pk__in=told).update(notified_at=timezone.now(), needs_contact=False)
    Application.objects.filter(pk__in=unreachable).update(needs_contact=True, notified_at=None)
    for application in applications:
        application.needs_contact = application.pk in unreachable


def notify_applicants(
    applications: Sequence[Application], status: str, *, reason: str = "", note: str = "", by_draw=False
) -> None:
    """Tell applicants of one opportunity who share the same news, through outreach (their channel)."""
    if not applications:
        return
    message = notices.tell_outcome(
        applications[0].opportunity, applications, status, reason=reason, note=note, by_draw=by_draw
    )
    _record_told(message, applications)


def _record_outcome(application: Application, status: str, reason: str = "", message: str = "") -> None:
    application.status = status
    application.outcome_reason = reason
    application.outcome_message = message
    application.save(update_fields=["status", "outcome_reason", "outcome_message", "updated_at"])


@transaction.atomic
def set_application_status(
    application: Application, status: str, *, by, reason: str = "", message: str = ""
) -> Application:
    if status not in AppStatus.values:
        raise ValidationError(_("Choose a status."))
    if status == AppStatus.NOT_SELECTED and not reason.strip():
        raise ValidationError({"reason": _("Give a reason; it is shared kindly with the person.")})
    _record_outcome(application, status, reason, message)
    if status != AppStatus.RECEIVED:
        notify_applicants([application], status, reason=reason, note=message)
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
    """Select the drawn applicants; everyone else in the draw is not selected. Everyone is told.
    Anyone who withdrew or was decided on since the draw is left as they are. Returns how many
    were selected."""
    if draw.applied:
        raise ValidationError(_("This draw has already been used."))
    if draw.status != SelectionDraw.Status.DONE:
        raise ValidationError(_("This draw has no panel to select yet."))
    pool = Application.objects.select_related("contributor", "opportunity").filter(
        opportunity=draw.opportunity,
        pk__in=[int(pk) for pk in draw.probabilities],
        status__in=queries.DRAWN_FROM,
    )
    chosen = set(draw.selected)
    drawn = [a for a in pool if a.pk in chosen]
    not_drawn = [a for a in pool if a.pk not in chosen]
    # One statement per outcome: a draw may cover thousands of applicants.
    now = timezone.now()
    for group, status, reason in (
        (drawn, AppStatus.SELECTED, ""),
        (not_drawn, AppStatus.NOT_SELECTED, NOT_DRAWN),
    ):
        Application.objects.filter(pk__in=[a.pk for a in group]).update(
            status=status, outcome_reason=reason, outcome_message="", updated_at=now
        )
    notify_applicants(drawn, AppStatus.SELECTED, by_draw=True)
    notify_applicants(not_drawn, AppStatus.NOT_SELECTED, by_draw=True)
    draw.applied = True
    draw.save(update_fields=["applied"])
    return len(drawn)


# --- Attendance -----------------------------------------------------------------------------------


@transaction.atomic
def _not_held_yet(activity: Activity, on: datetime.date | None) -> list[str]:
    """Nobody can have taken part in a session that has not started (and so be paid for it)."""
    if on is not None and on > today():
        return [_("The date of taking part is in the future. Record attendance on or after the day.")]
    if not activity.has_started:
        when = date_format(timezone.localtime(activity.starts_at), "j F Y, H:i")
        return [
            _("This session has not happened yet (it starts on %(when)s). Record attendance after it.")
            % {"when": when}
        ]
    return []


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
    errors = _not_held_yet(activity, on)
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


def _record_notice(opportunity: Opportunity, contributor_id: int, kind: str, by=None) -> bool:
    try:
        with transaction.atomic():
            MatchNotice.objects.create(
                opportunity=opportunity, contributor_id=contributor_id, kind=kind, by=by
            )
    except IntegrityError:
        return False  # already told: at most once per opportunity
    return True


@transaction.atomic
def _tell_about(opportunity: Opportunity, contributor_ids, kind: str, by=None) -> int:
    """Record a notice per person not told before, then tell them all in one message."""
    fresh = [pk for pk in contributor_ids if _record_notice(opportunity, pk, kind, by)]
    if not fresh:
        return 0
    ways: dict[tuple[str, str], list[int]] = {}
    for message in notices.tell_about(opportunity, fresh, kind=MESSAGE_KIND[kind], by=by):
        for contributor_id, route in outreach_queries.routes(message).items():
            ways.setdefault(route, []).append(contributor_id)
    for (status, channel), ids in ways.items():
        MatchNotice.objects.filter(opportunity=opportunity, contributor_id__in=ids).update(
            channel=channel, sent=status == QUEUED
        )
    return len(fresh)


def notify_matches(opportunity: Opportunity) -> int:
    """Tell matching people about a newly published opportunity. Safe to run again."""
    people = list(matching_people(opportunity).values_list("pk", flat=True))
    return _tell_about(opportunity, people, MatchNotice.Kind.MATCH)


def invite(opportunity: Opportunity, contributors: Iterable[Contributor], *, by) -> int:
    if not opportunity.is_published:
        raise ValidationError(_("Publish the opportunity before inviting people."))
    invited = [c.pk for c in contributors if c.consent_contact]
    return _tell_about(opportunity, invited, MatchNotice.Kind.INVITATION, by)


@transaction.atomic
def forget_applicant(contributor: Contributor) -> int:
    """At erasure: the person's own words and what staff wrote back to them go. That they applied,
    and the outcome, stay (anonymised with the person), so selection figures still add up."""
    return Application.objects.filter(contributor=contributor).update(
        why_interested="", anything_else="", outcome_reason="", outcome_message=""
    )
