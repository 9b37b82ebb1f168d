"""Population benchmarks (census releases) and the counts of involved people kept beside them.

``PopulationFigure`` holds the census tables as published, one row per area, dimension and
category, under the ``CensusRelease`` they came from, so a newer release can be loaded beside an
older one. ``InvolvedCount`` holds the counts the representation view reads: how many people who
consented to equality monitoring were involved, by organisation or region, per group. They are
worked out in the database by ``services.refresh_counts`` (nightly and on demand), so a page view
sums at most a few hundred small rows instead of reading every contributor.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation


class CensusRelease(models.Model):
    """One set of census figures, e.g. "Census 2021 (Scotland 2022)"."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    # Releases are compared by this: the newest is the default benchmark.
    published_on = models.DateField()
    notes = models.TextField(blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class PopulationFigure(models.Model):
    release = models.ForeignKey(CensusRelease, on_delete=models.CASCADE, related_name="figures")
    area_code = models.CharField(max_length=12)
    area_name = models.CharField(max_length=60)
    dimension = models.CharField(max_length=30)
    category = models.CharField(max_length=120)
    count = models.PositiveBigIntegerField()
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "area_code", "dimension", "category"], name="one_figure_per_cell"
            )
        ]
        indexes = [models.Index(fields=["release", "area_name", "dimension"], name="figure_area_dimension")]

    def __str__(self) -> str:
        return f"{self.area_name} {self.dimension} {self.category}: {self.count}"


class Involvement(models.TextChoices):
    """What counts as "involved" in the representation view."""

    REGISTERED = "registered", _("Registered")
    ACTIVE = "active", _("Took part in the last 12 months")
    SELECTED = "selected", _("Selected for an opportunity")
    PAID = "paid", _("Paid for their time")


class InvolvedCount(models.Model):
    """People involved on ``as_at``, per group: the exact counts, never shown as they are.

    A row with an organisation counts that organisation's people (``region`` is blank); a row
    without one counts distinct people across every organisation, split by the region they
    live in (blank when not known). Pages publish them only through ``disclosure``.
    """

    as_at = models.DateField()
    involvement = models.CharField(max_length=12, choices=Involvement.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.CharField(max_length=40, blank=True)
    dimension = models.CharField(max_length=12)
    category = models.CharField(max_length=40)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["involvement", "as_at", "organisation", "region"], name="involved_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.as_at} {self.involvement} {self.dimension}={self.category}: {self.count}"


class CountRefresh(models.Model):
    """When the counts were last worked out, so the page can say how current they are."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    as_at = models.DateField()
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Counts as at {self.as_at}"
