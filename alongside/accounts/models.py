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
