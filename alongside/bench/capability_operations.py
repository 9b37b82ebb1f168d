"""Operations of the capability apps that land after the core models.

Each builder returns ``(operation, None)`` when its capability is on main and
``(None, reason)`` when it is not yet, so ``alongside bench`` runs either way.
"""

from __future__ import annotations


def opportunity_page(f):
    return None, "opportunity page: no opportunity detail URL on main yet"


def applicant_list(f):
    return None, "applicant list: no applicant list page on main yet"


def payment_run(f):
    return None, "payment run: payments app not on main yet"


def print_pack(f):
    return None, "print pack: outreach letters not on main yet"


def bulk_send(f):
    return None, "queuing a bulk send: outreach not on main yet"


BUILDERS = [opportunity_page, applicant_list, payment_run, print_pack, bulk_send]
