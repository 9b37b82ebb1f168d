"""Projects, opportunities, sessions, applications and contributions.

``Contribution`` — a person took part in an activity, for so long, in a role —
is the atom that payments, journeys and impact hang from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation, Region
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor, Topic


class Project(models.Model):
    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        APPLYING = "applying", _("Preparing a funding application")
        FUNDED = "funded", _("Funded")
        FINISHED = "finished", _("Finished")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.IDEA)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Format(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("By post")
    HYBRID = "hybrid", _("Online or in person")


class Opportunity(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Waiting for review")
        CHANGES_REQUESTED = "changes", _("Changes asked for")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="opportunities")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities"
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    what_you_would_do = models.TextField(_("what you would do"), blank=True)
    who_we_want = models.TextField(_("who we would like to hear from"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="opportunities")
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.ONLINE)
    location = models.CharField(_("where"), max_length=200, blank=True)
    region = models.CharField(max_length=40, choices=Region.choices, blank=True)
    time_needed_hours = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    time_needed = models.CharField(_("time needed, in words"), max_length=200, blank=True)
    paid = models.BooleanField(default=True)
    payment_offered = models.CharField(max_length=200, blank=True)
    support_offered = models.JSONField(default=list, blank=True)
    places = models.PositiveIntegerField(null=True, blank=True)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True, db_index=True)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    easy_read = models.TextField(_("Easy Read version"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["closes_on", "pk"]
        indexes = [models.Index(fields=["status", "closes_on"])]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """A session or task of an opportunity: a meeting, a workshop, reviewing a document."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(max_length=150)
    # Matched against the payment policy's activity types (for example "meeting", "review").
    activity_type = models.CharField(max_length=40, default="meeting")
    starts_at = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(default=60)
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.ONLINE)
    location = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    """An expression of interest in an opportunity."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="applications")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="applications")
    why_interested = models.TextField(blank=True)
    anything_else = models.TextField(blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    outcome_reason = models.TextField(blank=True)
    outcome_message = models.TextField(blank=True)
    how = models.CharField(max_length=20, choices=HowGiven.choices, default=HowGiven.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "contributor"], name="one_application_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.contributor} → {self.opportunity}"


class Contribution(models.Model):
    """A person took part in an activity, on a date, for so long, in a role."""

    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="contributions")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="contributions")
    # Copied from the activity so that payments and reports need no joins.
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contributions")
    date = models.DateField(db_index=True)
    minutes = models.PositiveIntegerField()
    role = models.CharField(max_length=80, default="public contributor")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contributor", "activity"], name="one_contribution_per_activity"),
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="contribution_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} – {self.activity} ({self.minutes} min)"
