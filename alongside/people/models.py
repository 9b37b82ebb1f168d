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
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation, Region
from alongside.people.choices import (
    AccessNeed,
    Confidence,
    ConsentPurpose,
    Device,
    Disability,
    EthnicGroup,
    EthnicGroupHigh,
    GenderSameAsSex,
    HowGiven,
    Internet,
    Partnership,
    Sex,
    Status,
)


def in_language(english: str, welsh: str) -> str:
    """The Welsh when the page is in Welsh and there is Welsh to show; otherwise the English."""
    return welsh if welsh and (get_language() or "").startswith("cy") else english


class Topic(models.Model):
    """Interests: health topics and improvement areas, managed by the national team."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Health or care topic")
        IMPROVEMENT_AREA = "improvement", _("Improvement area")

    name = models.CharField(max_length=120, unique=True)
    name_cy = models.CharField(_("name in Welsh"), max_length=120, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return in_language(self.name, self.name_cy)


class LivedExperience(models.Model):
    """The managed taxonomy of conditions, caring roles and services used."""

    class Kind(models.TextChoices):
        CONDITION = "condition", _("Health condition")
        CARING = "caring", _("Caring role")
        SERVICE = "service", _("Service used")

    name = models.CharField(max_length=120)
    name_cy = models.CharField(_("name in Welsh"), max_length=120, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_experience_per_kind")]

    def __str__(self) -> str:
        return in_language(self.name, self.name_cy)


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
            # The staff contributor list's order: a page of a million people is read from the index.
            models.Index(fields=["last_name", "first_name", "id"], name="people_contributor_by_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.known_as or " ".join(p for p in (self.first_name, self.last_name) if p)

    def has_consent(self, purpose: str) -> bool:
        return bool(getattr(self, f"consent_{purpose}"))

    @property
    def ways_to_take_part(self) -> list[str]:
        """"online", "by phone", "in person": the ways this person said they can take part."""
        ways = ((self.online, _("online")), (self.by_phone, _("by phone")), (self.in_person, _("in person")))
        return [str(words) for chosen, words in ways if chosen]

    @property
    def wants_large_print(self) -> bool:
        """Documents made for this person (letters, statements, their data) come in large print."""
        return AccessNeed.LARGE_PRINT in (self.access_needs or [])


class OrganisationLink(models.Model):
    """How an organisation other than the one holding the record came to work with a person.

    Its staff see the person's record from then on (``people.queries.visible_contributors``).
    Written by the service that makes the connection: applying, accepting an invitation, claiming
    payment. One row per organisation and reason, kept from the first time.
    """

    class Reason(models.TextChoices):
        APPLIED = "applied", _("Applied to one of its opportunities")
        INVITATION = "invitation", _("Accepted one of its invitations")
        PAID = "paid", _("Claimed payment from it")

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contributor_links")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("link with a contributor")
        verbose_name_plural = _("links with contributors")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "contributor", "reason"], name="one_link_per_organisation_and_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ↔ contributor {self.contributor_id} ({self.reason})"


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
    # The same words in Welsh: one version covers both languages, so write both before it is used.
    text_cy = models.TextField(_("text in Welsh"), blank=True)
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

    @property
    def shown_text(self) -> str:
        """The words in the language the person is reading in."""
        return in_language(self.text, self.text_cy)


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


class ProfileChange(models.Model):
    """Who changed a profile, when, and how the information reached us (phone, post, online)."""

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="profile_changes")
    how = models.CharField(max_length=20, choices=HowGiven.choices)
    fields = models.JSONField(
        default=list, help_text=_("Names of the fields that changed, never their values.")
    )
    note = models.CharField(max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Change to contributor {self.contributor_id} ({self.how})"

    @property
    def field_names(self) -> list[str]:
        """The changed fields as words ("access needs", not "access_needs")."""
        known = {f.name: f.verbose_name for f in Contributor._meta.get_fields() if hasattr(f, "verbose_name")}
        return [str(known.get(name, name.replace("_", " "))) for name in self.fields]


class SearchEntry(models.Model):
    """The researcher search, denormalised: rows exist only for findable, active, unerased people.

    One row per contributor with ``tag`` 0, plus one row per lived experience
    (``EXPERIENCE_BASE + id``) and per interest (``TOPIC_BASE + id``). Each row
    carries the small filter columns so that a search reads one index range and
    never the contributor table. Withdrawing the findable consent deletes the rows
    in the same transaction, so the person leaves searches at once.
    """

    EVERYONE = 0
    EXPERIENCE_BASE = 1_000_000
    TOPIC_BASE = 2_000_000

    contributor = models.ForeignKey(
        Contributor, on_delete=models.CASCADE, related_name="search_entries", db_index=False
    )
    organisation_id_copy = models.PositiveIntegerField()
    tag = models.PositiveIntegerField()
    region = models.PositiveSmallIntegerField(default=0)
    modes = models.PositiveSmallIntegerField(default=0, help_text="bit 1 online, 2 phone, 4 in person")
    days = models.PositiveSmallIntegerField(default=0, help_text="bit per weekday, Monday = 1")
    needs = models.PositiveIntegerField(default=0, help_text="bit per access need")
    travel_miles = models.PositiveIntegerField(default=0)
    ethnic = models.PositiveSmallIntegerField(default=0)
    disability = models.PositiveSmallIntegerField(default=0)
    birth_year = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            # Covers the common filters, so a search reads only this index (no table rows).
            models.Index(
                fields=["tag", "region", "modes", "needs", "days", "travel_miles", "contributor"],
                name="search_tag_region",
            ),
            models.Index(fields=["contributor", "tag"], name="search_contributor"),
        ]

    def __str__(self) -> str:
        return f"Search entry {self.tag} for contributor {self.contributor_id}"


class SearchRecord(models.Model):
    """One registry search: the audit line (who searched for what, when, and the figure shown) and
    the server-side target of the opaque token that the results page uses for invitations.

    The token is random and new for every search, so two searches cannot be linked through it;
    only its SHA-256 hash is kept, it works only for the person who searched, and only until
    ``expires_at``.
    """

    searched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filters = models.JSONField(default=dict)
    # A hash of the filters: the daily limit counts different searches, not repeats of one.
    fingerprint = models.CharField(max_length=64)
    published_count = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The figure shown; empty when it was shown as fewer than 10.")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["searched_by", "-created_at"], name="search_record_by_user")]

    def __str__(self) -> str:
        return f"Search {self.pk} by {self.searched_by_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """A researcher's invitation, passed on by Alongside. Details are shared only once accepted."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for a reply")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    researcher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="invitations")
    message = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation {self.pk} ({self.status})"


class ImportBatch(models.Model):
    """An uploaded list of contributors: checked first, written only when the user confirms."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, waiting for you to confirm")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all", _("Import only if every row is good")
        GOOD_ROWS = "good", _("Import the good rows only")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list, help_text=_("Parsed rows, kept until the import is finished."))
    errors = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    total_rows = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    mode = models.CharField(max_length=4, choices=Mode.choices, blank=True)
    imported = models.PositiveIntegerField(default=0)
    progress = models.ForeignKey("core.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.filename} ({self.status})"

    @property
    def bad_row_numbers(self) -> set[int]:
        return {e["row"] for e in self.errors}


class MergeRecord(models.Model):
    """History of a merge of two profiles into one."""

    kept = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="merges")
    merged_reference = models.CharField(max_length=12)
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.merged_reference} merged into {self.kept_id}"


class ErasureRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        DONE = "done", _("Done")

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="erasure_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how = models.CharField(max_length=20, choices=HowGiven.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Erasure request for {self.contributor_id} ({self.status})"


class CommunityPartner(models.Model):
    """A community group or charity that works with research organisations."""

    Partnership = Partnership

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="partner")
    description = models.TextField(blank=True)
    communities_served = models.TextField(help_text=_("Who the group works with, in its own words."))
    areas = models.JSONField(default=list, blank=True)
    areas_detail = models.CharField(max_length=200, blank=True)
    languages = models.JSONField(default=list, blank=True)
    partnership = models.JSONField(default=list, blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(CommunityPartner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class CommunityChampion(models.Model):
    """Someone who works within their own community, linked to a partner; may be a contributor."""

    partner = models.ForeignKey(CommunityPartner, on_delete=models.CASCADE, related_name="champions")
    name = models.CharField(max_length=120)
    contributor = models.ForeignKey(
        Contributor, null=True, blank=True, on_delete=models.SET_NULL, related_name="champion_roles"
    )
    communities = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """A token an organisation's systems use for the API. Only its hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
