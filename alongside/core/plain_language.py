"""The plain-language check used wherever staff write for the public.

It reports a reading age (from textstat's Flesch-Kincaid grade), long
sentences, jargon and unexplained acronyms. The jargon list can be extended by
each organisation; the built-in list is the platform's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import textstat
from django.utils.translation import gettext_noop

LONG_SENTENCE_WORDS = 25
TARGET_READING_AGE = 12

# term -> plainer alternative. Lower case; matched as whole words. The alternatives are English
# (staff write in English); the public glossary shows them translated (gettext_noop marks them).
BUILT_IN_JARGON: dict[str, str] = {
    "ppi": gettext_noop("public involvement"),
    "ppie": gettext_noop("public involvement and engagement"),
    "ppi/e": gettext_noop("public involvement and engagement"),
    "lay": gettext_noop("public (avoid 'lay person')"),
    "lay person": gettext_noop("member of the public"),
    "rct": gettext_noop("a study that compares treatments by chance (randomised controlled trial)"),
    "cohort": gettext_noop("group of people"),
    "honorarium": gettext_noop("payment for your time"),
    "remuneration": gettext_noop("payment"),
    "stakeholder": gettext_noop("people involved"),
    "utilise": gettext_noop("use"),
    "facilitate": gettext_noop("help"),
    "methodology": gettext_noop("method"),
    "qualitative": gettext_noop("based on people's views and experiences"),
    "quantitative": gettext_noop("based on numbers"),
    "co-production": gettext_noop("working together as equals"),
    "dissemination": gettext_noop("sharing the results"),
    "efficacy": gettext_noop("how well it works"),
    "longitudinal": gettext_noop("over a long time"),
    "randomised": gettext_noop("chosen by chance"),
}

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&/]{1,7}s?\b")
# Common capitalised words that are not acronyms needing explanation.
_NOT_ACRONYMS = {"I", "OK", "UK", "NHS", "TV", "GP", "AM", "PM", "A", "BSL"}


@dataclass
class PlainLanguageReport:
    reading_age: int | None
    long_sentences: list[str] = field(default_factory=list)
    jargon: dict[str, str] = field(default_factory=dict)
    unexplained_acronyms: list[str] = field(default_factory=list)

    @property
    def too_hard(self) -> bool:
        return self.reading_age is not None and self.reading_age > TARGET_READING_AGE

    @property
    def has_problems(self) -> bool:
        return bool(self.too_hard or self.long_sentences or self.jargon or self.unexplained_acronyms)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def reading_age(text: str) -> int | None:
    """Reading age in years: the US school grade plus five, as is usual in UK guidance."""
    if len(text.split()) < 3:
        return None
    return max(5, round(textstat.flesch_kincaid_grade(text) + 5))


def find_jargon(text: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    terms = {**BUILT_IN_JARGON, **{k.lower(): v for k, v in (extra or {}).items()}}
    lowered = text.lower()
    return {
        term: plain
        for term, plain in terms.items()
        if re.search(rf"(?<![\w/]){re.escape(term)}(?![\w/])", lowered)
    }


def unexplained_acronyms(text: str, explained: Iterable[str] = ()) -> list[str]:
    """Acronyms that are not spelled out in brackets next to them, nor in ``explained``."""
    known = {a.upper() for a in explained} | _NOT_ACRONYMS
    found = []
    for match in _ACRONYM.finditer(text):
        acronym = match.group().rstrip("s") if match.group().endswith("s") else match.group()
        if acronym in known or acronym in found:
            continue
        after = text[match.end() : match.end() + 80]
        before = text[max(0, match.start() - 80) : match.start()]
        # "randomised controlled trial (RCT)" or "RCT (randomised controlled trial)"
        if after.lstrip().startswith("(") or before.rstrip().endswith("("):
            continue
        found.append(acronym)
    return found


def check(
    text: str, extra_jargon: dict[str, str] | None = None, explained_acronyms: Iterable[str] = ()
) -> PlainLanguageReport:
    text = text or ""
    return PlainLanguageReport(
        reading_age=reading_age(text),
        long_sentences=[s for s in sentences(text) if len(s.split()) > LONG_SENTENCE_WORDS],
        jargon=find_jargon(text, extra_jargon),
        unexplained_acronyms=unexplained_acronyms(text, explained_acronyms),
    )
