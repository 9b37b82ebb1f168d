"""The national database: public contributors, their consent and equality monitoring.

Personal data lives on ``Contributor``; special-category data on
``EqualityMonitoring`` (only with the equality consent). Consent is an
append-only list of ``ConsentEvent`` rows; the current answer per purpose is
copied onto the contributor (``consent_*``) in the same transaction so that
searches and mailings can filter on it cheaply.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation, Region
from alongside.people.choices import (
    Confidence,
    ConsentPurpose,
    Device,
    Disability,
    EthnicGroup,
    EthnicGroupHigh,
    GenderSameAsSex,
    HowGiven,
    Internet,
    Sex,
    Status,
)


class Topic(models.Model):
    """Interests: health topics and improvement areas, managed by the national team."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Health or care topic")
        IMPROVEMENT_AREA = "improvement", _("Improvement area")

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LivedExperience(models.Model):
    """The managed taxonomy of conditions, caring roles and services used."""

    class Kind(models.TextChoices):
        CONDITION = "condition", _("Health condition")
        CARING = "caring", _("Caring role")
        SERVICE = "service", _("Service used")

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_experience_per_kind")]

    def __str__(self) -> str:
        return self.name


class Contributor(models.Model):
    """A public contributor. May have no login: staff keep records for phone and post users."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributor"
    )
    # The organisation that holds this record; its staff see the full profile.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contributors")
    reference = models.CharField(max_length=12, unique=True, help_text=_("Quoted on letters and calls."))

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    known_as = models.CharField(_("what to call you"), max_length=100, blank=True)

    email = models.EmailField(_("email address"), blank=True, db_index=True)
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True, db_index=True)
    landline = models.CharField(_("landline number"), max_length=20, blank=True)
    address_line_1 = models.CharField(_("address line 1"), max_length=120, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=120, blank=True)
    town = models.CharField(_("town or city"), max_length=80, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    postcode_area = models.CharField(max_length=2, blank=True)
    region = models.CharField(max_length=40, choices=Region.choices, blank=True, db_index=True)

    # Channels in the order the person prefers them, e.g. ["letter", "phone"].
    preferred_channels = models.JSONField(default=list, blank=True)
    times_not_to_call = models.CharField(_("times not to call"), max_length=200, blank=True)

    access_needs = models.JSONField(default=list, blank=True)
    access_needs_other = models.TextField(_("other support, in your words"), blank=True)
    languages = models.JSONField(default=list, blank=True)

    device = models.CharField(max_length=20, choices=Device.choices, blank=True)
    internet = models.CharField(max_length=20, choices=Internet.choices, blank=True)
    digital_confidence = models.CharField(max_length=20, choices=Confidence.choices, blank=True)
    wants_digital_buddy = models.BooleanField(default=False)

    lived_experience = models.ManyToManyField(LivedExperience, blank=True, related_name="contributors")
    lived_experience_other = models.TextField(blank=True)
    interests = models.ManyToManyField(Topic, blank=True, related_name="contributors")

    # Availability
    available_days = models.JSONField(default=list, blank=True)
    available_times = models.JSONField(default=list, blank=True)
    online = models.BooleanField(default=False)
    by_phone = models.BooleanField(default=False)
    in_person = models.BooleanField(default=False)
    travel_miles = models.PositiveIntegerField(null=True, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)

    # Current consent, copied from the latest ConsentEvent per purpose by services.record_consent.
    consent_contact = models.BooleanField(default=False)
    consent_findable = models.BooleanField(default=False)
    consent_equality = models.BooleanField(default=False)
    consent_newsletter = models.BooleanField(default=False)

    created_via = models.CharField(max_length=20, choices=HowGiven.choices, default=HowGiven.ONLINE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["consent_findable", "status", "region"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.known_as or " ".join(p for p in (self.first_name, self.last_name) if p)

    def has_consent(self, purpose: str) -> bool:
        return bool(getattr(self, f"consent_{purpose}"))


class StatusChange(models.Model):
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.CharField(max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class ConsentWording(models.Model):
    """The exact words shown when consent is asked. A change of words is a new version."""

    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    version = models.PositiveIntegerField()
    text = models.TextField()
    introduced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["purpose", "-version"]
        constraints = [models.UniqueConstraint(fields=["purpose", "version"], name="unique_wording_version")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Consent wording is never edited; add a new version.")
        super().save(*args, **kwargs)


class ConsentEvent(models.Model):
    """One giving or withdrawal of consent. Append-only."""

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="consent_events")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField(help_text=_("True when consent was given, False when withdrawn or refused."))
    wording = models.ForeignKey(ConsentWording, on_delete=models.PROTECT, related_name="+")
    how = models.CharField(max_length=20, choices=HowGiven.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["contributor", "purpose", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {'given' if self.given else 'withdrawn'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Consent records are never changed; record a new event.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Consent records are never deleted.")


class EqualityMonitoring(models.Model):
    """Special-category answers, held only while the equality consent stands."""

    contributor = models.OneToOneField(Contributor, on_delete=models.CASCADE, related_name="equality")
    year_of_birth = models.PositiveSmallIntegerField(null=True, blank=True)
    age_prefer_not = models.BooleanField(default=False)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    gender_same_as_sex = models.CharField(max_length=12, choices=GenderSameAsSex.choices, blank=True)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnic_group = models.CharField(max_length=40, choices=EthnicGroup.choices, blank=True)
    ethnic_group_high = models.CharField(
        max_length=12, choices=EthnicGroupHigh.choices, blank=True, db_index=True
    )
    disability = models.CharField(max_length=12, choices=Disability.choices, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Equality monitoring for contributor {self.contributor_id}"

    def save(self, *args, **kwargs):
        self.ethnic_group_high = EthnicGroup.high_level(self.ethnic_group)
        super().save(*args, **kwargs)
