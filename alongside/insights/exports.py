"""Every insights table as CSV and as an Excel workbook, with the same figures as the page.

Only published figures go into a file (hidden counts stay hidden). Text cells that a spreadsheet
would run as a formula (a partner's name starting with "=") get a leading quote.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list]


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(sheets: list[Sheet], about: list[tuple[str, str]]) -> bytes:
    """One CSV: the "about" lines, then each table under a column saying which table it is."""
    out = io.StringIO()
    writer = csv.writer(out)
    for label, value in about:
        writer.writerow([_safe(str(label)), _safe(str(value))])
    for sheet in sheets:
        writer.writerow([])
        writer.writerow([_("Table"), *sheet.header])
        for row in sheet.rows:
            writer.writerow([_safe(str(sheet.title)), *(_safe(v) for v in row)])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheets: list[Sheet], about: list[tuple[str, str]]) -> bytes:
    """A workbook: an "About" sheet, then a sheet per table."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = _("About")[:31]
    for label, value in about:
        first.append([_safe(str(label)), _safe(str(value))])
    used = {first.title}
    for sheet in sheets:
        ws = book.create_sheet(_sheet_title(str(sheet.title), used))
        ws.append([str(h) for h in sheet.header])
        for row in sheet.rows:
            ws.append([_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Table"
    name, n = clean, 2
    while name in used:
        name, n = f"{clean[:25]} {n}", n + 1
    used.add(name)
    return name
