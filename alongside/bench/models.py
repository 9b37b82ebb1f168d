"""Bookkeeping for synthetic data, so that ``generate --reset`` removes exactly what it made."""

from __future__ import annotations

from django.db import models


class GeneratedRange(models.Model):
    """A block of primary keys in one table written by the generator, in insertion order."""

    table = models.CharField(max_length=100)
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    scale = models.CharField(max_length=10)
    seed = models.IntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.table} {self.first_id}–{self.last_id} ({self.scale})"
