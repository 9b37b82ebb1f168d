"""Stored codes that must never reach a page (issue 10, review D8): the check every page can take.

A page is read as a person reads it (no scripts, styles or attributes) and searched for what
``alongside.core.words`` exists to replace: a choice's stored value ("large_print", "tue"), a
value joined by underscores, a whole number written "3.0", Python's "None", and a UK phone
number as it is stored ("+447911123456").
"""

from __future__ import annotations

import html
import re

RAW = {
    "a choice's stored value": re.compile(
        r"\b(large_print|easy_read|hearing_loop|step_free|bsl|in_person|"
        r"tue|thu|mon|morning|smartphone)\b"
    ),
    "a value joined by underscores": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    # A share ("65.0%") or a difference in points ("+18.0") shown to one decimal place keeps its
    # column even; a bare "3.0" does not.
    "a whole number with .0": re.compile(r"(?<![+−-])\b\d+\.0\b(?!%)"),
    "Python's None": re.compile(r"\bNone\b(?! (given|set|yet|found))"),
    "a phone number as stored": re.compile(r"\+44"),
}
# Where a code is the point, because staff type it: draw targets ("age_band, 18-24, 1, 3") and
# columns of files they upload (the bank's confirmation file, survey answers on paper).
# Column lists and examples are in <code>, and message placeholders are written
# ((first_name)); both are left out of the check.
ALLOWED = {"age_band", "bank_reference", "may_quote"}


def visible_text(page: str) -> str:
    """What a person reads: no scripts, styles or attributes."""
    page = re.sub(r"<(script|style|code)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _without_placeholders(text: str) -> str:
    return re.sub(r"\(\([a-z_]+\)\)", " ", text)


def raw_values(page: str) -> list[str]:
    """Each stored code the page shows, with the words around it."""
    text = _without_placeholders(visible_text(page))
    found = []
    for what, pattern in RAW.items():
        for match in pattern.finditer(text):
            if match.group(0) not in ALLOWED:
                around = " ".join(text[max(0, match.start() - 60) : match.end() + 60].split())
                found.append(f"shows {what}: …{around}…")
    return found
