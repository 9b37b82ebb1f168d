"""Everything held about a person (subject access), and the paper joining form."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from alongside.core import pdf, words
from alongside.people.choices import AccessNeed, Channel, TimeOfDay
from alongside.people.models import Contributor, SearchEntry
from alongside.people.services import reverse_relations

# Internal machinery that holds nothing the person told us.
_SKIP_RELATED = {SearchEntry}
# Secrets and ciphertext mean nothing to the person; their app should export them readably.
_SKIP_FIELDS = {"token_hash", "encrypted"}


def _value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _row(instance: models.Model) -> dict:
    row = {}
    for field in instance._meta.concrete_fields:
        if field.name in _SKIP_FIELDS:
            continue
        if field.is_relation:
            target = getattr(instance, field.name)
            row[field.name] = str(target) if target is not None else None
        else:
            row[field.name] = _value(getattr(instance, field.attname))
    return row


def subject_access_data(contributor: Contributor) -> dict:
    """The profile, then every record in any app that points at it, found through Django's
    relation metadata so that apps added later are included without changes here."""
    contributor = Contributor.objects.get(pk=contributor.pk)
    data = {
        "generated_at": timezone.localtime().isoformat(),
        "profile": _row(contributor),
        "lived_experience": [e.name for e in contributor.lived_experience.all()],
        "interests": [t.name for t in contributor.interests.all()],
        "related": {},
    }
    for relation in reverse_relations():
        model = relation.related_model
        if model in _SKIP_RELATED or model._meta.auto_created:
            continue
        rows = model._base_manager.filter(**{relation.field.name: contributor})
        found = [_row(r) for r in rows[:10_000]]
        if found:
            data["related"][model._meta.verbose_name_plural.title()] = found
    return data


# Profile values kept as codes, shown to the person as words (the JSON export keeps the codes).
_PROFILE_WORDS = {
    "access_needs": lambda v: words.and_list(words.labels(v, AccessNeed)),
    "preferred_channels": lambda v: words.and_list(words.labels(v, Channel)),
    "available_days": words.days,
    "available_times": lambda v: words.and_list(words.labels(v, TimeOfDay)),
    "languages": words.and_list,
    "mobile": words.phone,
    "landline": words.phone,
    "travel_miles": words.miles,
}
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}.*)?$")


def _pretty(value) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return words.and_list(value)
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        return words.when(datetime.datetime.fromisoformat(value), "short") if "T" in value else words.day(
            datetime.date.fromisoformat(value), "short"
        )
    return str(value)


def _profile_item(name: str, value) -> list[str]:
    field = Contributor._meta.get_field(name)
    label = capfirst(str(getattr(field, "verbose_name", name.replace("_", " "))))
    if value not in (None, "", []) and name in _PROFILE_WORDS:
        return [label, _PROFILE_WORDS[name](value) or "—"]
    if value not in (None, "") and getattr(field, "choices", None):
        return [label, str(dict(field.choices).get(value, value))]
    return [label, _pretty(value)]


def subject_access_pdf(data: dict) -> bytes:
    blocks: list = [
        pdf.Text(
            "This is everything Alongside holds about you, on the date below. "
            "If anything is wrong, tell us and we will correct it."
        ),
        pdf.Text(f"Produced: {_pretty(data['generated_at'])}"),
        pdf.Heading("Your profile", 2),
        pdf.Rows(
            [["Item", "What we hold"]]
            + [_profile_item(k, v) for k, v in data["profile"].items()]
        ),
        pdf.Heading("Experience and interests", 2),
        pdf.Text("Lived experience: " + _pretty(data["lived_experience"])),
        pdf.Text("Interests: " + _pretty(data["interests"])),
    ]
    for title, rows in data["related"].items():
        blocks.append(pdf.Heading(capfirst(title.lower()), 2))
        for row in rows:
            blocks.append(
                pdf.Rows(
                    [[k.replace("_", " ").capitalize(), _pretty(v)] for k, v in row.items()], header=False
                )
            )
    large_print = AccessNeed.LARGE_PRINT in (data["profile"].get("access_needs") or [])
    return pdf.render(
        pdf.Document(title="Your information held by Alongside", blocks=blocks, large_print=large_print)
    )


def paper_join_form(wordings: dict, *, large_print: bool = False) -> bytes:
    """The same questions as the online joining form, with boxes to write in."""
    blocks: list = [
        pdf.Text(
            "Fill in as much as you like. Only your name and one way to contact you are needed. "
            "Send it back to us, or phone us and we will fill it in with you."
        ),
        pdf.Heading("About you", 2),
        pdf.Box("First name", 1),
        pdf.Box("Last name", 1),
        pdf.Heading("How to contact you", 2),
        pdf.Box("Email address", 1),
        pdf.Box("Mobile number", 1),
        pdf.Box("Landline number", 1),
        pdf.Box("Address and postcode", 3),
        pdf.Text(
            "How would you like us to contact you? Write 1 for your first choice, 2 for your second "
            "and 3 for your third."
        ),
        pdf.Rows([["Way of contact", "Order"]] + [[str(label), ""] for _, label in Channel.choices]),
        pdf.Heading("What you are interested in", 2),
        pdf.Box("Health and care topics that matter to you", 3),
        pdf.Heading("Support you need", 2),
        pdf.Text("Tick any that apply:"),
        pdf.Rows([["Support", "Tick"]] + [[str(label), ""] for _, label in AccessNeed.choices]),
        pdf.Box("Any other support, in your own words", 3),
        pdf.Heading("Your choices", 2),
    ]
    for purpose in ("contact", "findable", "newsletter"):
        wording = wordings[purpose]
        blocks.append(pdf.Rows([[f"{wording.text} (version {wording.version})", "Yes / No"]], header=False))
    blocks.append(pdf.Box("Signature and date", 2))
    blocks.append(pdf.Text("For staff: key this in with 'Add a contributor', choosing 'On a paper form'."))
    return pdf.render(pdf.Document(title="Join Alongside", blocks=blocks, large_print=large_print))
