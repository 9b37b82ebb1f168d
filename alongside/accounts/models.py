from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. Email is the identifier; public contributors have no password."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    # Django admin access only; roles in organisations come from Membership.
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    preferred_language = models.CharField(max_length=10, default="en-gb")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @cached_property
    def active_memberships(self) -> list[Membership]:
        return list(self.memberships.filter(ended_at__isnull=True).select_related("organisation"))

    @property
    def is_staff_member(self) -> bool:
        """Anyone with a role in an organisation: they must use a password and a second factor."""
        return bool(self.active_memberships) or self.is_superuser

    @property
    def is_national_admin(self) -> bool:
        return any(m.role == Role.NATIONAL_ADMIN for m in self.active_memberships)


class Region(models.TextChoices):
    NORTH_EAST = "North East", _("North East")
    NORTH_WEST = "North West", _("North West")
    YORKSHIRE = "Yorkshire and The Humber", _("Yorkshire and The Humber")
    EAST_MIDLANDS = "East Midlands", _("East Midlands")
    WEST_MIDLANDS = "West Midlands", _("West Midlands")
    EAST = "East of England", _("East of England")
    LONDON = "London", _("London")
    SOUTH_EAST = "South East", _("South East")
    SOUTH_WEST = "South West", _("South West")
    WALES = "Wales", _("Wales")
    SCOTLAND = "Scotland", _("Scotland")
    NORTHERN_IRELAND = "Northern Ireland", _("Northern Ireland")


class Organisation(models.Model):
    class Type(models.TextChoices):
        RESEARCH = "research", _("Research organisation")
        NIHR = "nihr", _("NIHR infrastructure")
        UNIVERSITY = "university", _("University")
        NHS_TRUST = "nhs_trust", _("NHS trust")
        CHARITY = "charity", _("Charity")
        COMMUNITY = "community", _("Community group")

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    region = models.CharField(max_length=40, choices=Region.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    INVOLVEMENT_STAFF = "involvement_staff", _("Involvement staff")
    FINANCE = "finance", _("Finance")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    NATIONAL_ADMIN = "national_admin", _("National admin")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("team role")
        verbose_name_plural = _("team roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="one_live_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class AccessLog(models.Model):
    """Who looked at whose record, when and in what role. Append-only."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=64, db_index=True)
    subject_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=40, default="view")
    role = models.CharField(max_length=40, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at"]
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Access log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Access log entries cannot be deleted.")


class TeamInvitation(models.Model):
    """An invitation to join an organisation's team with some roles.

    The emailed link is signed, expires, and works once. It carries a random nonce whose hash is
    kept here; sending the invitation again draws a new nonce, so an older link stops working.
    """

    INVITE_DAYS = 7

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="team_invitations")
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    roles = models.JSONField(default=list)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    nonce_hash = models.CharField(max_length=64)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_team_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.organisation}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        """Neither accepted nor cancelled; it may still have expired."""
        return self.accepted_at is None and self.cancelled_at is None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles if r in Role.values]


class TeamChange(models.Model):
    """Who changed an organisation or its team, what and when. Append-only.

    The organisation is kept by number and name rather than by foreign key, so the history of an
    organisation outlives it (an empty organisation can be deleted; its audit trail stays).
    """

    class Action(models.TextChoices):
        INVITED = "invited", _("Invited to the team")
        INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
        INVITATION_CANCELLED = "invitation_cancelled", _("Invitation cancelled")
        JOINED = "joined", _("Accepted the invitation and joined")
        ROLES_CHANGED = "roles_changed", _("Roles changed")
        REMOVED = "removed", _("Removed from the team")
        ORGANISATION_CREATED = "organisation_created", _("Organisation created")
        ORGANISATION_CHANGED = "organisation_changed", _("Organisation details changed")
        ORGANISATION_DELETED = "organisation_deleted", _("Organisation deleted")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_changes_made"
    )
    organisation_ref = models.PositiveIntegerField(null=True, blank=True)
    organisation_name = models.CharField(max_length=200)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=30, choices=Action.choices)
    roles_before = models.JSONField(default=list, blank=True)
    roles_after = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation_ref", "-at"], name="team_change_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.member_email}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Team changes cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Team changes cannot be deleted.")

    @staticmethod
    def _labels(roles) -> str:
        return ", ".join(str(Role(r).label) for r in roles if r in Role.values)

    @property
    def before_labels(self) -> str:
        return self._labels(self.roles_before)

    @property
    def after_labels(self) -> str:
        return self._labels(self.roles_after)
