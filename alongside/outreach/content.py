"""Wording with ((placeholders)): checking them before sending and filling them per person."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

PLACEHOLDER = re.compile(r"\(\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\)")

# Filled for everyone from their record; other names come from the sender.
PERSON_PLACEHOLDERS = ("first_name", "name", "reference", "organisation", "contact_phone")


class PlaceholderError(ValueError):
    def __init__(self, unknown: list[str]):
        self.unknown = unknown
        names = ", ".join(f"(({name}))" for name in unknown)
        super().__init__(f"These placeholders are not known: {names}")


@dataclass
class Content:
    """What a sender hands to ``services.send``."""

    subject: str
    body: str
    easy_read_body: str = ""
    phone_script: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    context: dict[str, str] = field(default_factory=dict)
    # A PDF posted with each letter (a paper survey, say), in standard and large print.
    enclosure: bytes | None = None
    enclosure_large_print: bytes | None = None

    def texts(self) -> list[str]:
        found = [self.subject, self.body, self.easy_read_body, self.phone_script]
        for version in self.translations.values():
            found += [version.get("subject", ""), version.get("body", "")]
        return found


def in_every_language(build: Callable[[], Content]) -> Content:
    """Wording written in code (with gettext), in the site's language plus a version for each
    other language whose translation exists, so each person gets the language they read.

    ``build`` is called once per language with that language active; it must put anything a
    person typed (titles, reasons) in ``context`` placeholders, never into the words themselves.
    """
    with translation.override(settings.LANGUAGE_CODE):
        content = build()
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        with translation.override(code):
            version = build()
        if (version.subject, version.body) != (content.subject, content.body):
            content.translations[code] = {"subject": version.subject, "body": version.body}
    return content


# "Dear Sam," "Hello ((first_name))," "Annwyl …": the writer has greeted the person already.
_GREETING = re.compile(r"^\s*(dear|hello|hi|helo|annwyl|shwmae|good (morning|afternoon|evening))\b", re.I)


def opens_with_greeting(body: str) -> bool:
    return bool(_GREETING.match(body or ""))


def placeholders(text: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))


def unknown_placeholders(texts, known) -> list[str]:
    known = set(known)
    found: list[str] = []
    for text in texts:
        found += [name for name in placeholders(text) if name not in known and name not in found]
    return found


def check(content: Content, personal_keys=()) -> None:
    """Raise PlaceholderError when any wording uses a placeholder nobody will fill."""
    unknown = unknown_placeholders(
        content.texts(), (*PERSON_PLACEHOLDERS, *content.context.keys(), *personal_keys)
    )
    if unknown:
        raise PlaceholderError(unknown)


def person_values(contributor, organisation_name: str) -> dict[str, str]:
    return {
        "first_name": contributor.known_as or contributor.first_name,
        "name": contributor.display_name,
        "reference": contributor.reference,
        "organisation": organisation_name,
        "contact_phone": settings.ALONGSIDE_CONTACT_PHONE,
    }


def fill(text: str, values: dict) -> str:
    # Values are inserted as plain text; each channel escapes for its own medium.
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), text or "")


@dataclass
class Rendered:
    subject: str
    body: str
    phone_script: str


def render(message, delivery, contributor) -> Rendered:
    """The words this person gets: their language, Easy Read when they need it."""
    values = {
        **message.context,
        **person_values(contributor, message.organisation.name),
        **delivery.personalisation,
    }
    version = message.translations.get(delivery.language, {}) if delivery.language else {}
    subject = version.get("subject") or message.subject
    body = version.get("body") or message.body
    if delivery.easy_read and message.easy_read_body:
        body = message.easy_read_body
    script = message.phone_script or body
    # Newlines in a subject would let a name inject mail headers.
    subject = " ".join(fill(subject, values).split())
    return Rendered(subject=subject, body=fill(body, values), phone_script=fill(script, values))
