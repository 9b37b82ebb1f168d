"""Demo organisations and people for trying Alongside on a laptop. Never loaded in production."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.db import transaction

from alongside.accounts.models import Membership, Organisation, Region, Role, User

DEMO_PASSWORD = "demo-alongside-2026"  # noqa: S105 - printed for the demo; refused in production

ORGANISATIONS = [
    (
        "Northbridge Teaching Hospitals NHS Trust",
        "northbridge",
        Organisation.Type.NHS_TRUST,
        Region.NORTH_WEST,
    ),
    ("Riverside Health Research Centre", "riverside", Organisation.Type.RESEARCH, Region.LONDON),
    ("Canal Street Community Voices", "canal-street", Organisation.Type.COMMUNITY, Region.WEST_MIDLANDS),
    ("National Involvement Team", "national", Organisation.Type.NIHR, Region.EAST),
]

STAFF = [
    ("researcher@northbridge.example", "Priya Shah", "northbridge", Role.RESEARCHER),
    ("involvement@northbridge.example", "Tom Okafor", "northbridge", Role.INVOLVEMENT_STAFF),
    ("finance@northbridge.example", "Helen Price", "northbridge", Role.FINANCE),
    ("admin@northbridge.example", "Gareth Lewis", "northbridge", Role.ORG_ADMIN),
    ("researcher@riverside.example", "Ana Costa", "riverside", Role.RESEARCHER),
    ("involvement@riverside.example", "Kwame Mensah", "riverside", Role.INVOLVEMENT_STAFF),
    ("national@national.example", "Rhiannon Evans", "national", Role.NATIONAL_ADMIN),
]

PUBLIC = [("sam@public.example", "Sam Taylor")]


@dataclass
class DemoLogin:
    email: str
    name: str
    role: str
    totp_secret: str | None


def _ensure_user(email: str, name: str, password: str | None) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _ensure_totp(user: User) -> str:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    orgs = {}
    for name, slug, kind, region in ORGANISATIONS:
        orgs[slug], _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "type": kind, "region": region}
        )
    logins = []
    for email, name, org_slug, role in STAFF:
        user = _ensure_user(email, name, DEMO_PASSWORD)
        Membership.objects.get_or_create(user=user, organisation=orgs[org_slug], role=role, ended_at=None)
        logins.append(DemoLogin(email, name, Role(role).label, _ensure_totp(user)))
    for email, name in PUBLIC:
        _ensure_user(email, name, None)
        logins.append(DemoLogin(email, name, "Public contributor", None))
    return logins
