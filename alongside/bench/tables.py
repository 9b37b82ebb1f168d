"""Turn column arrays into rows for any Django model, filling the columns we do not set.

Raw inserts skip Django's defaults, so every column a step does not give is filled
from the model field's own default (or empty text / NULL), which keeps the rows valid
even when another app adds a field with a default.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from itertools import repeat
from typing import Any

import numpy as np
from django.db import models

from alongside.bench.bulk import BulkWriter

CHUNK = 100_000
DAY = 86_400
EPOCH = np.datetime64("1970-01-01T00:00:00", "s")


def stamps(writer: BulkWriter, seconds: np.ndarray) -> list[str]:
    """Epoch seconds (UTC) -> timestamp text for the current backend."""
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s").tolist()
    return [writer.timestamp(t.replace("T", " ")) for t in text]


def days(values: np.ndarray) -> list[str]:
    """Days since 1970-01-01 -> 'YYYY-MM-DD'."""
    return np.datetime_as_string(values.astype("datetime64[D]")).tolist()


def day_number(date: datetime.date) -> int:
    return (date - datetime.date(1970, 1, 1)).days


def _default(field: models.Field, writer: BulkWriter, now: str) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        value = field.get_default()
        if isinstance(value, datetime.datetime):
            return now
        if isinstance(field, models.JSONField):
            return json.dumps(value)
        if isinstance(value, Decimal):
            return str(value)
        return value
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField | models.FileField):
        return ""
    raise ValueError(f"The generator must give a value for {field.model.__name__}.{field.name}.")


def _column(value: Any, start: int, stop: int):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list):
        return value
    return repeat(value)


def write(
    writer: BulkWriter,
    model,
    count: int,
    make: Callable[[int, int], dict[str, Any]],
    chunk: int = CHUNK,
) -> int:
    """Insert ``count`` rows of ``model``; ``make(start, stop)`` gives columns (by attname) for a slice.

    Values may be numpy arrays or lists of length stop - start, or one value for every row.
    Returns the first primary key written; the rest follow consecutively.
    """
    first = writer.next_id(model)
    fields = model._meta.local_concrete_fields
    now = writer.timestamp(datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"))
    defaults = {f.attname: None if f.primary_key else _default_or_marker(f, writer, now) for f in fields}

    def rows():
        for start in range(0, count, chunk):
            stop = min(count, start + chunk)
            given = make(start, stop)
            unknown = set(given) - set(defaults)
            if unknown:
                raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
            columns = []
            for field in fields:
                if field.primary_key:
                    columns.append(range(first + start, first + stop))
                elif field.attname in given:
                    columns.append(_column(given[field.attname], start, stop))
                else:
                    columns.append(repeat(_required(defaults[field.attname], model, field)))
            yield from zip(*columns, strict=False)

    writer.insert(model, [f.column for f in fields], rows(), first, count)
    return first


class _Missing:
    def __init__(self, error: ValueError):
        self.error = error


def _default_or_marker(field, writer, now):
    try:
        return _default(field, writer, now)
    except ValueError as error:
        return _Missing(error)


def _required(value, model, field):
    if isinstance(value, _Missing):
        raise value.error
    return value
