"""Outreach benchmarks: building a print pack of letters, and queuing a bulk send."""

from __future__ import annotations


def _missing():
    try:
        from alongside.outreach import services  # noqa: F401
    except ImportError:
        return True
    return False


def print_pack(f):
    if _missing():
        return None, "print pack: outreach not on main yet"
    return None, "print pack: not wired yet"


def bulk_send(f):
    if _missing():
        return None, "queuing a bulk send: outreach not on main yet"
    return None, "queuing a bulk send: not wired yet"
