"""Events and breakout groups: registrations (with a waiting list), what people were told, the
opportunity that backs a process's events, facilitators, rounds, groups and who is in each.

Rules live in ``engagement/events.py`` (registration, waiting list, attendance, messages) and
``engagement/breakout.py`` (allocating people to groups).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.people.choices import HowGiven
from alongside.people.models import Contributor


class ProcessOpportunity(models.Model):
    """The opportunity each event of a process is a session of, so that attendance is a contribution
    that payments, journeys and impact already understand."""

    process = models.OneToOneField("engagement.Process", on_delete=models.CASCADE, related_name="+")
    opportunity = models.OneToOneField(
        "opportunities.Opportunity", on_delete=models.PROTECT, related_name="engagement_process"
    )

    def __str__(self) -> str:
        return str(self.opportunity)


class TakingPartAs(models.TextChoices):
    PUBLIC = "public", _("A member of the public or patient")
    CARER = "carer", _("A carer")
    RESEARCHER = "researcher", _("A researcher")
    PROFESSIONAL = "professional", _("A health or care professional")
    STAFF = "staff", _("Involvement or other staff")


# Public contributors, in the sense of breakout groups: every group should have one.
PUBLIC_CONTRIBUTORS = (TakingPartAs.PUBLIC, TakingPartAs.CARER)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Has a place")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey("engagement.Event", on_delete=models.CASCADE, related_name="registrations")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REGISTERED)
    taking_part_as = models.CharField(
        _("how you are taking part"), max_length=14, choices=TakingPartAs.choices, default=TakingPartAs.PUBLIC
    )
    access_needs = models.TextField(
        _("support you need to take part"),
        blank=True,
        help_text=_("For example captions, a hearing loop, large print papers, breaks, or a carer with you."),
    )
    how = models.CharField(max_length=12, choices=HowGiven.choices, default=HowGiven.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The waiting list is in this order; a person who registers again joins its end.
    queued_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(default=False)

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "contributor"], name="one_registration_per_person"),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="registration_event_status")]

    def __str__(self) -> str:
        return f"{self.contributor} – {self.event}"

    @property
    def is_public_contributor(self) -> bool:
        return self.taking_part_as in PUBLIC_CONTRIBUTORS


class TopicChoice(models.Model):
    """A topic a person would like to discuss in breakout groups, in their order of preference."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="topic_choices")
    topic = models.ForeignKey("engagement.Topic", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "topic"], name="one_choice_per_topic"),
            models.UniqueConstraint(fields=["registration", "rank"], name="one_topic_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.topic}"


class EventNotice(models.Model):
    """What a person was told about their registration. A reminder goes once per registration."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITING = "waiting", _("On the waiting list")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        REMINDER = "reminder", _("Reminder with joining details")
        CANCELLED = "cancelled", _("Registration cancelled")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    message = models.ForeignKey(
        "outreach.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            # A task that runs twice never reminds anyone twice.
            models.UniqueConstraint(
                fields=["registration", "kind"],
                condition=models.Q(kind__in=["reminder", "event_cancelled"]),
                name="one_reminder_per_registration",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class EventFacilitator(models.Model):
    """Someone who can run a breakout group at an event: a staff member or a contributor."""

    event = models.ForeignKey("engagement.Event", on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    contributor = models.ForeignKey(
        Contributor, null=True, blank=True, on_delete=models.CASCADE, related_name="facilitating"
    )
    name = models.CharField(_("name shown on group lists"), max_length=200)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, contributor__isnull=True)
                    | models.Q(user__isnull=True, contributor__isnull=False)
                ),
                name="facilitator_is_user_or_contributor",
            ),
            models.UniqueConstraint(
                fields=["event", "user"], condition=models.Q(user__isnull=False), name="one_facilitator_user"
            ),
            models.UniqueConstraint(
                fields=["event", "contributor"],
                condition=models.Q(contributor__isnull=False),
                name="one_facilitator_contributor",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BreakoutRound(models.Model):
    event = models.ForeignKey("engagement.Event", on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(_("name of the round"), max_length=150)
    max_group_size = models.PositiveSmallIntegerField(
        _("most people in a group"), default=8, help_text=_("Not counting the facilitator.")
    )
    topics = models.ManyToManyField("engagement.Topic", related_name="+", verbose_name=_("topics"))
    allocated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="one_round_per_number"),
            models.CheckConstraint(
                condition=models.Q(max_group_size__gte=2), name="round_groups_of_two_or_more"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BreakoutGroup(models.Model):
    round = models.ForeignKey(BreakoutRound, on_delete=models.CASCADE, related_name="groups")
    topic = models.ForeignKey("engagement.Topic", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    facilitator = models.ForeignKey(EventFacilitator, on_delete=models.PROTECT, related_name="groups")

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="one_group_per_number"),
            models.UniqueConstraint(fields=["round", "facilitator"], name="one_group_per_facilitator"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.number}"


class GroupMember(models.Model):
    group = models.ForeignKey(BreakoutGroup, on_delete=models.CASCADE, related_name="members")
    # Copied from the group so the database keeps each person in one group per round.
    round = models.ForeignKey(BreakoutRound, on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="groups")

    class Meta:
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "registration"], name="one_group_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} in {self.group}"
