"""Services for the registry search: the search log with its opaque token, the daily limit, and
inviting people chosen at random from a search.

Kept apart from ``services`` so that how a search is logged and resolved does not depend on
how invitations are delivered (``services.send_invitation`` and the opportunities app do that).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.people import disclosure, invite_targets, queries
from alongside.people.models import SearchRecord
from alongside.people.queries import SearchFilters, SearchResult

logger = logging.getLogger("alongside.security")

TOKEN_LIFETIME = datetime.timedelta(hours=24)
MOST_PER_INVITATION = 50


class SearchLimitReached(Exception):
    """The user has run as many different searches as a day allows."""


def searches_per_day() -> int:
    return settings.ALONGSIDE_SEARCHES_PER_DAY


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def fingerprint(filters: SearchFilters) -> str:
    return hashlib.sha256(json.dumps(filters.as_dict(), sort_keys=True).encode()).hexdigest()


def _allowed(user, print_: str, now) -> bool:
    """Repeating a search (or paging it) is free: it shows the same figures. Only *different*
    searches count towards the limit, because only they can be compared with each other."""
    today = SearchRecord.objects.filter(searched_by=user, created_at__gt=now - datetime.timedelta(days=1))
    if today.filter(fingerprint=print_).exists():
        return True
    return today.values("fingerprint").distinct().count() < searches_per_day()


@transaction.atomic
def run_search(user, filters: SearchFilters) -> tuple[SearchResult, str]:
    """Run a search, log it, and return its result with a fresh opaque token for invitations.
    Raises SearchLimitReached (logged for the security team) after the day's different searches."""
    now = timezone.now()
    print_ = fingerprint(filters)
    if not _allowed(user, print_, now):
        logger.warning("registry search limit reached by user %s", user.pk)
        raise SearchLimitReached
    result = queries.search_contributors(user, filters)
    raw = secrets.token_urlsafe(32)
    SearchRecord.objects.create(
        searched_by=user,
        filters=filters.as_dict(),
        fingerprint=print_,
        published_count=result.published,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + TOKEN_LIFETIME,
    )
    return result, raw


def find_search(user, raw_token: str) -> SearchRecord | None:
    """The user's own, unexpired search for this token. Anything else — unknown, expired, or
    someone else's — is None, so callers answer all of them the same way."""
    if not raw_token:
        return None
    return SearchRecord.objects.filter(
        token_hash=hash_token(raw_token), searched_by=user, expires_at__gt=timezone.now()
    ).first()


def most_invitable(eligible) -> int:
    """How many of ``eligible`` can be invited, from a published figure (never above the truth)."""
    totals = eligible.aggregate(n=Count("pk"), fingerprint=Min(disclosure.member_key_expression("pk")))
    published = disclosure.publish(totals["n"], totals["fingerprint"], "invitable")
    return min(disclosure.invitable(published), MOST_PER_INVITATION)


@transaction.atomic
def invite_from_search(record: SearchRecord, *, user, target_key: str, number: int, message: str = "") -> str:
    """Invite ``number`` people chosen at random from the search, to the chosen target. The people
    are found again now, so anyone who withdrew since the search is left out. Returns the address
    to go to next. Raises ValidationError, with a message for the researcher, when it cannot."""
    target = invite_targets.target_for(user, target_key)
    if target is None:
        raise ValidationError(_("Choose what to invite people to."), code="target")
    if target.needs_message and not message.strip():
        raise ValidationError(_("Write the message to send with the invitation."), code="message")
    found = queries.matching_contributor_ids(user, SearchFilters.from_dict(record.filters))
    eligible = target.eligible(found)
    most = most_invitable(eligible)
    if most < 1:
        raise ValidationError(
            _("Too few people from this search can still be invited to this. Widen the search."),
            code="number",
        )
    if number > most:
        raise ValidationError(
            _("You can invite up to %(n)s people from this search to this.") % {"n": most}, code="number"
        )
    chosen = list(eligible.order_by("?")[:number])
    return target.send(user=user, contributors=chosen, message=message.strip())
