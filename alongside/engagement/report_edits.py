"""Changes to the engagement report: the text of its sections (with a history of every edit), and
whether it is on the public page. The figures are never edited: ``report.py`` counts them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.engagement.models import Process, Report, ReportPart, ReportText, ReportTextRevision

MAX_LENGTH = 20_000


@transaction.atomic
def edit_text(process: Process, part: str, text: str, *, by) -> ReportText:
    """Save a section's text; an edit that changes nothing adds no history."""
    if part not in ReportPart.values:
        raise ValidationError(_("There is no such part of the report."))
    text = text.strip().replace("\r\n", "\n")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {"text": [_("Keep the text under %(n)s characters.") % {"n": f"{MAX_LENGTH:,}"}]}
        )
    section, _created = ReportText.objects.select_for_update().get_or_create(process=process, part=part)
    if section.text == text and not _created:
        return section
    section.text, section.updated_at, section.updated_by = text, timezone.now(), by
    section.save()
    ReportTextRevision.objects.create(text_of=section, text=text, edited_at=section.updated_at, edited_by=by)
    return section


@transaction.atomic
def publish(process: Process, published: bool, *, by) -> Report:
    found, _created = Report.objects.select_for_update().get_or_create(process=process)
    if found.published != published:
        found.published = published
        found.published_at = timezone.now() if published else None
        found.published_by = by if published else None
        found.save()
    return found
