"""The engagement report: staff-written text around figures Alongside computes, and its PDF.

The figures are never stored: ``report.py`` counts them from the database each time the report is
shown. What staff write is stored per section with an append-only history of every edit. The PDF
is kept per process and language under a fingerprint of everything it shows (``report_pdf.py``),
so a change to the data gives a new PDF and an unchanged report is not built again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.engagement.models import Process


class ReportPart(models.TextChoices):
    """The sections staff write text for, in the order the report shows them."""

    SUMMARY = "summary", _("Summary")
    DONE = "done", _("What was done and when")
    SURVEYS = "surveys", _("What people told us in the surveys")
    THEMES = "themes", _("Themes and people's own words")
    IDEAS = "ideas", _("The ideas people chose")
    ACTIONS = "actions", _("What will change")
    NEXT_STEPS = "next_steps", _("Next steps")


class Report(models.Model):
    """One per process: whether the report is on the public page."""

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="report")
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Report: {self.process}"


class ReportText(models.Model):
    """The current text of one section; every edit is also kept in ``ReportTextRevision``."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="report_texts")
    part = models.CharField(max_length=20, choices=ReportPart.choices)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "part"], name="one_report_text_per_part")]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.process}"


class ReportTextRevision(models.Model):
    """One edit of a section's text, as it read after the edit. Never changed or deleted."""

    text_of = models.ForeignKey(ReportText, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(blank=True)
    edited_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-edited_at", "-pk"]

    def __str__(self) -> str:
        return f"Edit of {self.text_of}"


class ReportPdf(models.Model):
    """The last PDF built for a process in one language, under the fingerprint of what it shows."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="report_pdfs")
    language = models.CharField(max_length=10)
    key = models.CharField(max_length=64)
    content = models.BinaryField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "language"], name="one_report_pdf_per_language")
        ]

    def __str__(self) -> str:
        return f"Report PDF ({self.language}): {self.process}"
