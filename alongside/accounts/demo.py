"""Demo organisations and people for trying Alongside on a laptop. Never loaded in production."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.contrib.auth.hashers import make_password
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

# (email, name, organisation, role, what they can do in the demo)
STAFF = [
    (
        "researcher@northbridge.example",
        "Priya Shah",
        "northbridge",
        Role.RESEARCHER,
        "writes opportunities and sends them for review, searches the registry, invites people",
    ),
    (
        "involvement@northbridge.example",
        "Tom Okafor",
        "northbridge",
        Role.INVOLVEMENT_STAFF,
        "reviews opportunities, runs draws and attendance, keeps contributors' records, checks claims, "
        "sends messages, works the call list and print packs",
    ),
    (
        "finance@northbridge.example",
        "Helen Price",
        "northbridge",
        Role.FINANCE,
        "approves claims; prepared the payment run that waits for Owen",
    ),
    (
        "finance2@northbridge.example",
        "Owen Hughes",
        "northbridge",
        Role.FINANCE,
        "the second finance user: approves the run Helen prepared (maker and checker)",
    ),
    (
        "admin@northbridge.example",
        "Gareth Lewis",
        "northbridge",
        Role.ORG_ADMIN,
        "sees the team and the payment policy, and can do what involvement staff do",
    ),
    (
        "researcher@riverside.example",
        "Ana Costa",
        "riverside",
        Role.RESEARCHER,
        "a researcher in another organisation (London): sees only Riverside's work",
    ),
    (
        "involvement@riverside.example",
        "Kwame Mensah",
        "riverside",
        Role.INVOLVEMENT_STAFF,
        "involvement staff at Riverside",
    ),
    (
        "national@national.example",
        "Rhiannon Evans",
        "national",
        Role.NATIONAL_ADMIN,
        "the national team: reads every organisation's opportunities, teams and payment runs",
    ),
]

# (email, name, what they show)
PUBLIC = [
    (
        "sam@public.example",
        "Sam Taylor",
        "prefers email; applied, took part, was paid, and has a payment waiting",
    ),
    (
        "llyr@public.example",
        "Llŷr Pritchard",
        "prefers texts, reads Welsh; has a session to claim for and a voucher payment",
    ),
]


@dataclass
class DemoLogin:
    email: str
    name: str
    role: str
    totp_secret: str | None
    can: str = ""


def staff_user(email: str) -> User:
    """A demo account, for the later layers' demos."""
    return User.objects.get(email=email)


def _ensure_user(email: str, name: str, password_hash: str | None) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        if password_hash:
            user.password = password_hash
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
    # Every staff account has the same published password: hashing it once saves seconds on each load.
    password_hash = make_password(DEMO_PASSWORD)
    for email, name, org_slug, role, can in STAFF:
        user = _ensure_user(email, name, password_hash)
        Membership.objects.get_or_create(user=user, organisation=orgs[org_slug], role=role, ended_at=None)
        logins.append(DemoLogin(email, name, str(Role(role).label), _ensure_totp(user), can))
    for email, name, can in PUBLIC:
        _ensure_user(email, name, None)
        logins.append(DemoLogin(email, name, "Public contributor", None, can))
    return logins
