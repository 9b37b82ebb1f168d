"""Messages, their deliveries per person and channel, and the records around them.

A ``Message`` is written once and sent to many people. Each person gets exactly
one ``Delivery`` per message: its ``idempotency_key`` is unique, so queuing the
same message twice, or a task that runs twice, never sends twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation, Region
from alongside.core.models import TaskProgress
from alongside.outreach.kinds import Kind
from alongside.people.choices import Channel, Status
from alongside.people.models import Contributor, Topic


class MessageTemplate(models.Model):
    """Reusable wording with ((placeholders)), written by staff in the composer."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="message_templates")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind of message"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    easy_read_body = models.TextField(_("Easy Read version"), blank=True)
    phone_script = models.TextField(_("script for phone calls"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class SavedAudience(models.Model):
    """A saved filter over the national database. Consent is added when it is used."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audiences")
    name = models.CharField(_("name"), max_length=120)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices, blank=True)
    interests = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("interests"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    channel = models.CharField(_("first chosen channel"), max_length=10, choices=Channel.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    class LetterRoute(models.TextChoices):
        PRINT_PACK = "print_pack", _("We print and post them (print pack)")
        PROVIDER = "provider", _("The letter provider prints and posts them")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=150)
    body = models.TextField()
    easy_read_body = models.TextField(blank=True)
    phone_script = models.TextField(blank=True)
    # {"cy": {"subject": "...", "body": "..."}} — used when the person reads that language.
    translations = models.JSONField(default=dict, blank=True)
    # Values for placeholders that are the same for everyone, e.g. {"opportunity": "..."}.
    context = models.JSONField(default=dict, blank=True)
    letter_route = models.CharField(
        max_length=12, choices=LetterRoute.choices, default=LetterRoute.PRINT_PACK
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    send_at = models.DateTimeField(null=True, blank=True)
    # Posted with every letter of this message (for example a paper survey); letters only.
    enclosure = models.FileField(upload_to="enclosures/", blank=True)
    enclosure_large_print = models.FileField(upload_to="enclosures/", blank=True)
    audience = models.ForeignKey(
        SavedAudience, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.ForeignKey(
        TaskProgress, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "send_at"])]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One message to one person, in one channel at a time."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        NO_CHANNEL = "no_channel", _("No way to reach this person")
        WITHHELD = "withheld", _("Not sent (no consent or opted out)")

    OPEN = (Status.QUEUED, Status.SENDING)

    # Both are the first column of a composite index below; separate FK indexes would only slow inserts.
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    contributor = models.ForeignKey(
        Contributor, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    # "<message id>-<contributor id>": unique, so a person never gets one message twice.
    idempotency_key = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    tried_channels = models.JSONField(default=list, blank=True)
    large_print = models.BooleanField(default=False)
    easy_read = models.BooleanField(default=False)
    language = models.CharField(max_length=10, blank=True)
    personalisation = models.JSONField(default=dict, blank=True)
    batch = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    print_pack = models.ForeignKey(
        "PrintPack", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "contributor"], name="one_delivery_per_person_per_message"
            )
        ]
        indexes = [
            models.Index(fields=["message", "batch", "status"]),
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["contributor", "-queued_at"]),
            models.Index(fields=["message", "channel", "status"]),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.message_id} to {self.contributor_id} by {self.channel or 'nothing'}: {self.status}"

    @property
    def client_reference(self) -> str:
        """Sent to providers with every attempt, so a retry after a timeout is recognised."""
        return f"{self.idempotency_key}-{self.channel}"


class DeliveryEvent(models.Model):
    """What happened on each attempt: the history staff see for a delivery."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=12)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.status} {self.detail}"


class OutboxMessage(models.Model):
    """The local provider: texts and letters land here in development and tests, never with a real person."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    reference = models.CharField(max_length=100, unique=True)
    to = models.CharField(max_length=600)
    body = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.channel} to {self.to[:40]}"


def _pack_path(instance, filename: str) -> str:
    return f"outreach/print-packs/{instance.message_id}/{filename}"


class PrintPack(models.Model):
    """One PDF for a batch of letters (one letter per person) and its CSV manifest."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="print_packs")
    batch = models.PositiveIntegerField(default=0)
    large_print = models.BooleanField(default=False)
    pdf = models.FileField(upload_to=_pack_path)
    manifest = models.FileField(upload_to=_pack_path)
    letters = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Print pack {self.pk}: {self.letters} letters"


class CallAttempt(models.Model):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("Spoke to them and gave the message")
        VOICEMAIL = "voicemail", _("Left a voicemail")
        NO_ANSWER = "no_answer", _("No answer, try again")
        DECLINED = "declined", _("They asked not to be called about this")
        WRONG_NUMBER = "wrong_number", _("Wrong or unobtainable number")

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="call_attempts")
    outcome = models.CharField(_("what happened"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.get_outcome_display()


class OptOut(models.Model):
    """A person stopped one kind of non-essential message, or (kind blank) all of them."""

    ALL = ""

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="opt_outs")
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True)
    how = models.CharField(max_length=20, default="link")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contributor", "kind"], name="one_opt_out_per_kind")]

    def __str__(self) -> str:
        return f"{self.contributor_id} stopped {self.kind or 'all non-essential'}"


class Buddy(models.Model):
    """A volunteer who helps people get online."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="buddies")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"), blank=True)
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True)
    preferred_channel = models.CharField(
        _("how to contact them"),
        max_length=10,
        choices=[(Channel.EMAIL, _("Email")), (Channel.TEXT, _("Text message"))],
        default=Channel.EMAIL,
    )
    region = models.CharField(_("region"), max_length=40, choices=Region.choices, blank=True)
    postcode_area = models.CharField(_("postcode area"), max_length=2, blank=True)
    languages = models.JSONField(default=list, blank=True)
    available_days = models.JSONField(default=list, blank=True)
    max_people = models.PositiveSmallIntegerField(_("most people at once"), default=3)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "buddies"

    def __str__(self) -> str:
        return self.name


class BuddyMatch(models.Model):
    class Status(models.TextChoices):
        INTRODUCED = "introduced", _("Introduced")
        ENDED = "ended", _("Ended")

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="buddy_matches")
    buddy = models.ForeignKey(Buddy, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INTRODUCED)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_at = models.DateTimeField(default=timezone.now)
    introduction = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-matched_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contributor"],
                condition=models.Q(status="introduced"),
                name="one_open_buddy_match_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.buddy} with {self.contributor_id}"


class Loan(models.Model):
    """Equipment or data lent to a person, followed up on a date."""

    class Item(models.TextChoices):
        TABLET = "tablet", _("Tablet")
        PHONE = "smartphone", _("Smartphone")
        LAPTOP = "laptop", _("Laptop")
        DATA = "data", _("Mobile data or SIM card")
        OTHER = "other", _("Something else")

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="loans")
    match = models.ForeignKey(
        BuddyMatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="loans"
    )
    item = models.CharField(_("what was lent"), max_length=20, choices=Item.choices)
    description = models.CharField(_("details"), max_length=200, blank=True)
    lent_on = models.DateField(_("date lent"), default=timezone.localdate)
    follow_up_on = models.DateField(_("follow up on"))
    followed_up_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["follow_up_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_item_display()} lent to {self.contributor_id}"


class ServiceFeedback(models.Model):
    """What someone told us about the website itself, from the beta banner's feedback page.

    Read by national admins, who run the service. Kept for ``feedback.KEEP_DAYS`` (the privacy notice).
    """

    doing = models.TextField(_("what they were doing"))
    problem = models.TextField(_("what went wrong"))
    email = models.EmailField(_("email for a reply"), blank=True)
    page = models.CharField(_("page they came from"), max_length=300, blank=True)
    language = models.CharField(max_length=10, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Feedback {self.pk} ({self.created_at:%Y-%m-%d})"
