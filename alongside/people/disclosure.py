"""Small-number disclosure control: the one rule for every count researchers see about people.

The rule (explained for staff in docs/people.md, "How counts are published"):

1. Every person has a secret *member key*: their internal id scrambled by a multiplier derived
   from the server's secret key. A set of people is fingerprinted by the smallest member key in
   it. The fingerprint depends only on who is in the set (not on the search that found them) and
   almost never changes when one person joins or leaves: only when that person held the
   smallest key, which for a set of ``n`` people happens one time in ``n``.
2. A secret offset from 0 to 9 is derived from the fingerprint (a keyed hash, with a label so
   that different figures about the same set get different offsets).
3. The figure shown is ``count + offset`` rounded *down* to a multiple of 10. This is unbiased
   random rounding to base 10 (the figure is never 10 or more away from the truth) whose
   randomness is fixed per set of people.
4. Below 10 nothing is shown: the page says "fewer than 10", which covers none at all, so an
   empty result and a result of one person look the same.

Why it resists differencing. Two searches whose results differ by one person (12 and 11 people,
say) almost always share the fingerprint, so they share the offset, and their figures differ only
when ``count + offset`` crosses a multiple of 10: one time in 10. In the other nine the two pages
are identical and the comparison says nothing. Plain rounding crosses at known places (15 shows
20 and 14 shows 10, so 15 is exact); here the crossing point is secret and different for every
set. Noise drawn afresh for every different set would be worse: two searches would then almost
always differ when their results differ by one person, and never when the results are the same,
which tells the researcher exactly what the comparison was meant to find. Because figures depend
only on the set of people, asking again, or asking in a different way that finds the same people,
gives the same figure: nothing can be averaged away.

What remains: a researcher who runs many pairs of searches, each isolating the same person, sees
a change in about one pair in ten. The daily limit on different searches and the search log
(``SearchRecord``) make that slow, visible and attributable. Searches show one figure each, with
no breakdown and no list of people, so each search can leak at most one such change.

``invitable`` is the figure less 9, which is never more than the people really there, so a
researcher who invites that many always gets exactly the number asked for, and the list of
invitations cannot be used to count a result either. Invitations need a figure of at least 20,
which means at least 11 people: a search narrow enough to pick out one person (shown, one time in
ten, as "about 10") cannot be used to send that person a message.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db.models import F
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

THRESHOLD = 10
BASE = 10
# A figure is never more than BASE - 1 above the truth, so 20 means at least 11 people.
INVITE_FROM = THRESHOLD + BASE
_PRIME = 2_147_483_647  # 2**31 - 1: keys stay far inside 64-bit integers in either database
_SALT = "alongside.people.disclosure"


def _multiplier() -> int:
    return _multiplier_for(settings.SECRET_KEY)


@cache
def _multiplier_for(secret: str) -> int:
    digest = salted_hmac(_SALT, "member-key", secret=secret).digest()
    return int.from_bytes(digest[:8], "big") % (_PRIME - 1) + 1


def member_key(contributor_id: int) -> int:
    return contributor_id * _multiplier() % _PRIME


def member_key_expression(field: str = "contributor_id"):
    """The same key computed by the database, so ``Min`` of it fingerprints a set in one query."""
    return F(field) * _multiplier() % _PRIME


def member_key_sql(column: str = "contributor_id") -> str:
    """The member key as SQL text for a statement run with parameters (``%%`` is a literal %)."""
    return f"{column} * {_multiplier()} %% {_PRIME}"


def _offset(label: str, fingerprint: int | None) -> int:
    digest = salted_hmac(_SALT, f"{label}|{fingerprint}").digest()
    return int.from_bytes(digest[:8], "big") % BASE


def publish(count: int, fingerprint: int | None, label: str = "total") -> int | None:
    """The figure to show for ``count`` people whose smallest member key is ``fingerprint``, or
    None for "fewer than 10" (which includes none)."""
    rounded = BASE * ((count + _offset(label, fingerprint)) // BASE)
    return rounded if rounded >= THRESHOLD else None


def publish_ids(contributor_ids, label: str) -> int | None:
    """``publish`` for a set of people already in memory."""
    ids = set(contributor_ids)
    return publish(len(ids), min((member_key(i) for i in ids), default=None), label)


def shown(published: int | None) -> str:
    if published is None:
        return gettext("fewer than %(n)s") % {"n": THRESHOLD}
    return gettext("about %(n)s") % {"n": published}


def invitable(published: int | None) -> int:
    """How many people may be invited from a set shown as ``published``: never more than are there,
    and nobody unless the set surely holds more than 10 people (a figure of 20 or more), so an
    invitation never goes to a group too small to show."""
    if published is None or published < INVITE_FROM:
        return 0
    return published - (BASE - 1)
