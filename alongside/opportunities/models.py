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
from alongside.core import words
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
    # The same, as numbers for selection: "feature, value, minimum, maximum" a line.
    targets = models.TextField(_("targets for the mix of people"), blank=True)
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
    pathway_level = models.ForeignKey(
        "PathwayLevel", null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["closes_on", "pk"]
        indexes = [
            models.Index(fields=["status", "closes_on"]),
            models.Index(fields=["status", "format", "closes_on"], name="opp_status_format_closes"),
            models.Index(fields=["status", "region", "closes_on"], name="opp_status_region_closes"),
            models.Index(fields=["status", "paid", "closes_on"], name="opp_status_paid_closes"),
            models.Index(fields=["status", "published_at"], name="opp_status_published"),
        ]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("opportunities:detail", args=[self.slug])

    # Shown on every result card: Django's own get_FOO_display translates the whole list each call.
    def get_format_display(self) -> str:
        return words.display(self.format, Format)

    def get_region_display(self) -> str:
        return words.display(self.region, Region)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_open_on(self, day) -> bool:
        """Open to applications on ``day`` (a date in Europe/London)."""
        if not self.is_published:
            return False
        if self.opens_on and day < self.opens_on:
            return False
        return self.closes_on is None or day <= self.closes_on

    @property
    def nation(self) -> str:
        """The UK nation whose bank holidays apply (holidays library subdivision code)."""
        return {"Wales": "WLS", "Scotland": "SCT", "Northern Ireland": "NIR"}.get(self.region, "ENG")


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

    @property
    def has_started(self) -> bool:
        """Attendance (and so payment) can be recorded only once a session has started."""
        return self.starts_at is None or self.starts_at <= timezone.now()


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
    # When the person was told the outcome; needs_contact lists them for staff to phone or write.
    notified_at = models.DateTimeField(null=True, blank=True)
    needs_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "contributor"], name="one_application_per_person")
        ]
        indexes = [
            # The applicant list's order: a page, and the earliest whole groups of 10 for the mix,
            # read from the index rather than by sorting every applicant.
            models.Index(fields=["opportunity", "created_at", "id"], name="opportunities_app_by_time"),
            # "To phone or write to": the few nobody could reach, found without reading the rest.
            models.Index(
                fields=["opportunity", "created_at", "id"],
                condition=models.Q(needs_contact=True),
                name="opportunities_app_to_contact",
            ),
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


# --- Added for issue 4: the way in, review, plain language, timing, selection, matching ---


class PathwayLevel(models.Model):
    """A step on the way in, from small one-off tasks to long-term roles. Set by each organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pathway_levels")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what it involves"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    # Free URLs for now; the learning app will own resources later.
    learning_links = models.TextField(
        _("learning resources"), blank=True, help_text=_("One web address a line.")
    )

    class Meta:
        ordering = ["organisation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_pathway_level_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.learning_links.splitlines() if line.strip()]


class JargonTerm(models.Model):
    """An organisation's own addition to the built-in jargon list; also shown in the public glossary."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jargon_terms")
    term = models.CharField(_("word or acronym"), max_length=60)
    plain = models.CharField(_("plain words to use instead"), max_length=200)

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["organisation", "term"], name="unique_jargon_term")]

    def __str__(self) -> str:
        return self.term


class SchoolHoliday(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="school_holidays")
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return self.name


class ReviewEvent(models.Model):
    """One step in an opportunity's review. Kept as history; never edited."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Sent for review")
        APPROVED = "approved", _("Approved and published")
        CHANGES = "changes", _("Changes asked for")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="review_events")
    action = models.CharField(max_length=12, choices=Action.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d})"


class SelectionDraw(models.Model):
    """A representative draw: the quotas, the fair distribution, the seed and the panel picked.

    A draw from a large pool is worked out in the background: it is saved as *waiting* with what
    was asked (pool, places, seed, typed quotas, census features), and the task fills in the rest.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Being worked out")
        DONE = "done", _("Drawn")
        FAILED = "failed", _("Could not be drawn")

    class Method(models.TextChoices):
        LEXIMIN = "leximin", _("Leximin: each lowest chance raised in turn")
        MAXIMIN = "maximin", _("Maximin: only the lowest chance raised (draws before December 2026)")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="draws")
    places = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    quotas = models.JSONField(default=list)
    probabilities = models.JSONField(default=dict)  # application id -> probability
    selected = models.JSONField(default=list)  # application ids
    quotas_met = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.LEXIMIN)
    exact = models.BooleanField(
        default=True, help_text=_("False when the search stopped at its limit before the fairest was proven.")
    )
    pool = models.JSONField(default=list, blank=True)  # application ids asked about (background draws)
    census_features = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    progress = models.ForeignKey(
        "core.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    applied = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Draw for {self.opportunity} (seed {self.seed})"


class MatchNotice(models.Model):
    """A person was told about (or invited to) an opportunity. At most once per person per opportunity."""

    class Kind(models.TextChoices):
        MATCH = "match", _("Matched on publishing")
        INVITATION = "invitation", _("Invited by staff")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="match_notices")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="match_notices")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MATCH)
    # The channel outreach chose. ``sent`` is False when no channel could reach them: outreach
    # lists them on the message for staff (phone calls and letters count as sent).
    channel = models.CharField(max_length=12, blank=True)
    sent = models.BooleanField(default=False, help_text=_("False when staff must phone or write."))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "contributor"], name="one_match_notice_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.contributor} told about {self.opportunity}"
