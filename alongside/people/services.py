"""Every change to the national database goes through these functions, in a transaction."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone

from alongside.people import cleaning
from alongside.people.choices import ConsentPurpose, HowGiven, Status
from alongside.people.erasure import FormerDetails, remove_copies
from alongside.people.models import (
    ApiToken,
    ConsentEvent,
    ConsentWording,
    Contributor,
    EqualityMonitoring,
    ErasureRequest,
    Invitation,
    MergeRecord,
    OrganisationLink,
    ProfileChange,
    SearchEntry,
    StatusChange,
)
from alongside.people.regions import normalise_postcode, postcode_area, region_for_postcode
from alongside.people.search_index import refresh_search
from alongside.people.signals import contributor_erased, invitation_answered, invitation_sent, joined_again

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read over the phone


def new_reference() -> str:
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def apply_postcode(contributor: Contributor, postcode: str) -> None:
    contributor.postcode = normalise_postcode(postcode)
    contributor.postcode_area = postcode_area(postcode)
    contributor.region = region_for_postcode(postcode)


@transaction.atomic
def create_contributor(
    *,
    organisation,
    created_by=None,
    how: str = HowGiven.ONLINE,
    user=None,
    interests=(),
    lived_experience=(),
    **fields,
) -> Contributor:
    fields = cleaning.clean_contributor(fields, creating=True)
    postcode = fields.pop("postcode", "")
    contributor = Contributor(
        organisation=organisation,
        user=user,
        created_by=created_by,
        created_via=how,
        reference=new_reference(),
        **fields,
    )
    apply_postcode(contributor, postcode)
    contributor.save()
    contributor.interests.set(interests)
    contributor.lived_experience.set(lived_experience)
    StatusChange.objects.create(
        contributor=contributor, to_status=contributor.status, changed_by=created_by, reason="Joined"
    )
    refresh_search(contributor)
    return contributor


def current_wording(purpose: str) -> ConsentWording:
    wording = ConsentWording.objects.filter(purpose=purpose).order_by("-version").first()
    if wording is None:
        raise ConsentWording.DoesNotExist(f"No wording has been written for consent purpose {purpose!r}.")
    return wording


@transaction.atomic
def record_consent(
    contributor: Contributor,
    purpose: str,
    *,
    given: bool,
    how: str,
    recorded_by=None,
    wording: ConsentWording | None = None,
) -> ConsentEvent:
    """Append a consent event and update the contributor's current answer for that purpose."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"Unknown consent purpose {purpose!r}")
    wording = wording or current_wording(purpose)
    event = ConsentEvent.objects.create(
        contributor=contributor,
        purpose=purpose,
        given=given,
        wording=wording,
        how=how,
        recorded_by=recorded_by,
    )
    Contributor.objects.filter(pk=contributor.pk).update(**{f"consent_{purpose}": given})
    setattr(contributor, f"consent_{purpose}", given)
    if purpose == ConsentPurpose.EQUALITY and not given:
        # Special-category answers are held only while the consent stands.
        EqualityMonitoring.objects.filter(contributor=contributor).delete()
    if purpose in (ConsentPurpose.FINDABLE, ConsentPurpose.EQUALITY):
        # Withdrawing the findable consent takes the person out of searches in this transaction.
        refresh_search(contributor)
    return event


@transaction.atomic
def change_status(contributor: Contributor, to_status: str, *, changed_by=None, reason: str = "") -> None:
    if to_status not in Status.values or to_status == contributor.status:
        return
    StatusChange.objects.create(
        contributor=contributor,
        from_status=contributor.status,
        to_status=to_status,
        changed_by=changed_by,
        reason=reason,
        at=timezone.now(),
    )
    contributor.status = to_status
    contributor.save(update_fields=["status", "updated_at"])
    refresh_search(contributor)


# --- Profiles -----------------------------------------------------------------------------------

_PROTECTED_FIELDS = {"id", "organisation", "reference", "user", "status", "created_at", "erased_at"}


@transaction.atomic
def update_profile(
    contributor: Contributor,
    *,
    changed_by=None,
    how: str = HowGiven.ONLINE,
    note: str = "",
    interests=None,
    lived_experience=None,
    **fields,
) -> ProfileChange | None:
    """Change a profile and record who changed which fields and how the information was given.
    Raises ValidationError, keyed by field, for details a form would refuse."""
    for name in fields:
        if name in _PROTECTED_FIELDS or name.startswith("consent_"):
            raise ValueError(f"{name} is not changed through update_profile")
    fields = cleaning.clean_contributor(fields)
    changed = []
    if "postcode" in fields:
        postcode = fields.pop("postcode")
        if normalise_postcode(postcode) != contributor.postcode:
            changed.append("postcode")
        apply_postcode(contributor, postcode)
    for name, value in fields.items():
        if getattr(contributor, name) != value:
            changed.append(name)
            setattr(contributor, name, value)
    contributor.save()
    for name, values, manager in (
        ("interests", interests, contributor.interests),
        ("lived_experience", lived_experience, contributor.lived_experience),
    ):
        if values is not None:
            new_ids = {v.pk if hasattr(v, "pk") else int(v) for v in values}
            if new_ids != set(manager.values_list("pk", flat=True)):
                changed.append(name)
                manager.set(new_ids)
    refresh_search(contributor)
    if not changed:
        return None
    return ProfileChange.objects.create(
        contributor=contributor, how=how, fields=changed, note=note, changed_by=changed_by
    )


@transaction.atomic
def save_equality(contributor: Contributor, answers: dict, *, recorded_by=None) -> EqualityMonitoring:
    """Save equality answers; refused unless the equality consent currently stands."""
    contributor.refresh_from_db(fields=["consent_equality"])
    if not contributor.consent_equality:
        raise PermissionDenied("Equality answers are only kept with the equality monitoring consent.")
    record, _ = EqualityMonitoring.objects.get_or_create(contributor=contributor)
    for name, value in answers.items():
        setattr(record, name, value)
    record.save()
    refresh_search(contributor)
    return record


@transaction.atomic
def link_by_verified_email(user) -> Contributor | None:
    """Connect a signed-in person to the profile staff made for them, when their verified email
    matches exactly one unlinked profile."""
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        return None
    matches = list(
        Contributor.objects.select_for_update().filter(
            email__iexact=user.email, user__isnull=True, erased_at__isnull=True
        )[:2]
    )
    if len(matches) != 1:
        return None
    link_user(matches[0], user)
    return matches[0]


@transaction.atomic
def link_user(contributor: Contributor, user) -> None:
    if contributor.user_id and contributor.user_id != user.pk:
        raise ValueError("This profile already belongs to another sign-in.")
    contributor.user = user
    contributor.save(update_fields=["user", "updated_at"])


def link_organisation(contributor: Contributor, organisation_id: int, reason: str) -> None:
    """Record that an organisation now works with the person, so its staff see their record
    (``queries.visible_contributors``). Safe to call again: the first time is kept."""
    if organisation_id == contributor.organisation_id:
        return  # it holds the record already
    link = OrganisationLink(contributor=contributor, organisation_id=organisation_id, reason=reason)
    OrganisationLink.objects.bulk_create([link], ignore_conflicts=True)


# --- Joining ------------------------------------------------------------------------------------


def home_organisation():
    """The organisation that holds records of people who join on their own (the national team)."""
    from alongside.accounts.models import Organisation

    slug = getattr(settings, "ALONGSIDE_HOME_ORGANISATION", "alongside")
    organisation, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": "Alongside national team", "type": Organisation.Type.NIHR}
    )
    return organisation


@transaction.atomic
def join(
    *, consents: dict[str, bool], how: str = HowGiven.ONLINE, organisation=None, recorded_by=None, **fields
):
    """Self-registration (or staff keying in a paper form): the person, a sign-in if they gave an
    email, and each consent answer with the wording version shown."""
    from allauth.account.models import EmailAddress

    from alongside.accounts.models import User

    user = None
    email = (fields.get("email") or "").strip().lower()
    if email and how == HowGiven.ONLINE:
        user = User.objects.filter(email=email).first()
        if user is not None and Contributor.objects.filter(user=user).exists():
            raise ValueError("already_joined")
        if user is None:
            user = User.objects.create_user(email=email)
            EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
        _name_account(user, fields)
    contributor = create_contributor(
        organisation=organisation or home_organisation(),
        created_by=recorded_by,
        how=how,
        user=user,
        **fields,
    )
    for purpose, given in consents.items():
        record_consent(contributor, purpose, given=given, how=how, recorded_by=recorded_by)
    return contributor


def _name_account(user, fields: dict) -> None:
    """The account shows the name given when joining, unless the person has already set one."""
    if not user.full_name:
        user.full_name = " ".join(p for p in (fields.get("first_name"), fields.get("last_name")) if p)[:200]
        user.save(update_fields=["full_name"])


@transaction.atomic
def tell_already_joined(email: str) -> None:
    """Said to the account's own address (outreach writes it), never on the page."""
    accounts = Contributor.objects.filter(user__email__iexact=email.strip(), erased_at__isnull=True)
    contributor = accounts.first()
    if contributor is not None:
        joined_again.send(sender=Contributor, contributor=contributor)


# --- Invitations ---------------------------------------------------------------------------------


@transaction.atomic
def send_invitation(*, researcher, organisation, contributor: Contributor, message: str) -> Invitation:
    """Alongside passes the invitation on; the researcher learns nothing until the person accepts."""
    from alongside.people.search_index import is_searchable

    contributor = Contributor.objects.select_for_update().get(pk=contributor.pk)
    if not is_searchable(contributor):
        raise PermissionDenied("This person cannot be invited.")
    invitation = Invitation.objects.create(
        researcher=researcher, organisation=organisation, contributor=contributor, message=message
    )
    # Passed on in the person's own way (outreach checks their consent to be contacted).
    invitation_sent.send(sender=Invitation, invitation=invitation)
    return invitation


@transaction.atomic
def respond_to_invitation(invitation: Invitation, *, accept: bool) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("contributor").get(pk=invitation.pk)
    if invitation.status != Invitation.Status.SENT:
        return invitation
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    if accept:
        link_organisation(
            invitation.contributor, invitation.organisation_id, OrganisationLink.Reason.INVITATION
        )
    invitation_answered.send(sender=Invitation, invitation=invitation)
    return invitation


# --- Duplicates and merging ----------------------------------------------------------------------

_FILL_FIELDS = (
    "last_name",
    "known_as",
    "email",
    "mobile",
    "landline",
    "address_line_1",
    "address_line_2",
    "town",
    "times_not_to_call",
    "access_needs_other",
    "lived_experience_other",
)


def reverse_relations():
    """Every foreign key and one-to-one that points at Contributor, from any app, including
    hidden ones (related_name="+") and the tables behind many-to-many fields."""
    return [
        f
        for f in Contributor._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]


def _move_rows(model, field_name: str, old: Contributor, keep: Contributor) -> tuple[int, int]:
    """Re-point rows one at a time. A row that may not move — a unique clash, or an append-only
    record such as a ledger line, refused by its database trigger — stays on the merged profile."""
    moved = clashed = 0
    for pk in model._base_manager.filter(**{field_name: old}).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=pk).update(**{field_name: keep})
            moved += 1
        except DatabaseError:
            clashed += 1
    return moved, clashed


@transaction.atomic
def merge_contributors(keep: Contributor, other: Contributor, *, merged_by=None) -> MergeRecord:
    """Merge ``other`` into ``keep``. Every related record — in this app or later ones — is
    re-pointed through Django's relation metadata, so history (consent, applications,
    contributions, payments) follows the person. Rows that would clash with a unique rule stay
    on the old profile, which is kept as a "merged" shell pointing to nobody."""
    if keep.pk == other.pk or keep.organisation_id != other.organisation_id:
        raise ValueError("Only two different profiles of the same organisation can be merged.")
    keep = Contributor.objects.select_for_update().get(pk=keep.pk)
    other = Contributor.objects.select_for_update().get(pk=other.pk)
    moved: dict[str, dict[str, int]] = {}
    for relation in reverse_relations():
        if relation.related_model is SearchEntry:
            continue
        count, clash = _move_rows(relation.related_model, relation.field.name, other, keep)
        if count or clash:
            moved[relation.related_model._meta.label_lower] = {"moved": count, "left": clash}
    for field in ("lived_experience", "interests"):
        manager = getattr(keep, field)
        manager.add(*getattr(other, field).all())
    for name in _FILL_FIELDS:
        if not getattr(keep, name) and getattr(other, name):
            setattr(keep, name, getattr(other, name))
    if not keep.postcode and other.postcode:
        apply_postcode(keep, other.postcode)
    if keep.user_id is None and other.user_id is not None:
        keep.user_id, other.user = other.user_id, None
        other.save(update_fields=["user"])
    for purpose in ConsentPurpose.values:
        # The current answer follows the newest event across both profiles' merged history.
        latest = keep.consent_events.filter(purpose=purpose).order_by("-at", "-pk").first()
        setattr(keep, f"consent_{purpose}", bool(latest and latest.given))
    keep.save()
    record = MergeRecord.objects.create(
        kept=keep, merged_reference=other.reference, moved=moved, merged_by=merged_by
    )
    _blank_personal_data(other)
    other.status = Status.LEFT
    other.erased_at = timezone.now()
    other.save()
    refresh_search(other)
    refresh_search(keep)
    return record


# --- Data rights ---------------------------------------------------------------------------------

_ERASED_TEXT = {
    "first_name": "Erased",
    "last_name": "",
    "known_as": "",
    "email": "",
    "mobile": "",
    "landline": "",
    "address_line_1": "",
    "address_line_2": "",
    "town": "",
    "postcode": "",
    "times_not_to_call": "",
    "access_needs_other": "",
    "lived_experience_other": "",
}


def _blank_personal_data(contributor: Contributor) -> None:
    for name, value in _ERASED_TEXT.items():
        setattr(contributor, name, value)
    contributor.postcode_area = ""
    contributor.preferred_channels = []
    contributor.access_needs = []
    contributor.languages = []
    contributor.available_days = []
    contributor.available_times = []
    contributor.device = contributor.internet = contributor.digital_confidence = ""
    contributor.travel_miles = None
    for purpose in ConsentPurpose.values:
        setattr(contributor, f"consent_{purpose}", False)
    contributor.lived_experience.clear()
    contributor.interests.clear()
    EqualityMonitoring.objects.filter(contributor=contributor).delete()


@transaction.atomic
def request_erasure(contributor: Contributor, *, requested_by=None, how: str = HowGiven.ONLINE):
    existing = contributor.erasure_requests.filter(status=ErasureRequest.Status.REQUESTED).first()
    return existing or ErasureRequest.objects.create(
        contributor=contributor, requested_by=requested_by, how=how
    )


@transaction.atomic
def erase_contributor(contributor: Contributor, *, erased_by=None, how: str = HowGiven.ONLINE) -> Contributor:
    """Remove personal data but keep the row, so records other modules must keep (contributions,
    payments for the legal retention period) stay, anonymised. Consent history stays: it holds
    no personal data and shows that we acted lawfully. Withdrawals are recorded first so that
    every mailing and search that depends on consent stops."""
    contributor = Contributor.objects.select_for_update().get(pk=contributor.pk)
    former = FormerDetails.of(contributor)
    for purpose in ConsentPurpose.values:
        if contributor.has_consent(purpose):
            record_consent(contributor, purpose, given=False, how=how, recorded_by=erased_by)
    _blank_personal_data(contributor)
    user = contributor.user
    contributor.user = None
    contributor.status = Status.LEFT
    contributor.erased_at = timezone.now()
    contributor.save()
    remove_copies(former)
    StatusChange.objects.create(
        contributor=contributor, to_status=Status.LEFT, changed_by=erased_by, reason="Erased on request"
    )
    ProfileChange.objects.filter(contributor=contributor).update(note="")
    # A champion entry for this person names them; it goes with the rest of their details.
    contributor.champion_roles.all().delete()
    ErasureRequest.objects.filter(contributor=contributor, status=ErasureRequest.Status.REQUESTED).update(
        status=ErasureRequest.Status.DONE, done_at=timezone.now(), done_by=erased_by
    )
    contributor_erased.send(sender=Contributor, contributor=contributor, former=former)
    if user is not None and not user.memberships.exists():
        # A public contributor's sign-in holds only their email: remove it entirely.
        user.delete()
    refresh_search(contributor)
    return contributor


# --- API tokens ----------------------------------------------------------------------------------


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_token(organisation, *, name: str, created_by=None) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is shown once and only its hash is kept."""
    raw = "alg_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        prefix=raw[4:12],
        token_hash=hash_token(raw),
        created_by=created_by,
    )
    return token, raw


def authenticate_token(raw: str) -> ApiToken | None:
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
