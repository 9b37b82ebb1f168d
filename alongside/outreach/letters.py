"""Letters on paper: one PDF per batch, one letter per person, address in the envelope window.

Drawn on a ReportLab canvas directly (the shared ``core.pdf`` builder flows text
but cannot place an address at a fixed spot) with the same fonts and sizes as
``core.pdf``: 12 pt body, 18 pt for large print. Text is measured, wrapped and drawn
through ``core.fonts``, so every script and right-to-left names print (see that module).
Each letter is laid out first and drawn second, so its own page count ("Page 1 of 2") is known and recorded.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from alongside.core import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 20 * mm
RIGHT = PAGE_WIDTH - 20 * mm
TEXT_WIDTH = RIGHT - LEFT
BOTTOM = 22 * mm

# A DL window envelope (110 x 220 mm) with the window 20 mm from the left and
# 50 mm from the top holds an A4 letter folded in three: the address sits in
# this box on the top third of the first page.
WINDOW_LEFT = 22 * mm
WINDOW_TOP = PAGE_HEIGHT - 47 * mm
WINDOW_WIDTH = 86 * mm
WINDOW_HEIGHT = 38 * mm
# The address keeps to 12 pt in large-print letters too, so seven lines still fit the window.
ADDRESS_SIZE = 12
BODY_TOP_FIRST_PAGE = PAGE_HEIGHT - 100 * mm
BODY_TOP = PAGE_HEIGHT - 25 * mm


@dataclass
class Letter:
    reference: str
    address: list[str]
    greeting: str
    subject: str
    body: str
    sender: str
    contact_phone: str
    date: datetime.date = field(default_factory=datetime.date.today)
    large_print: bool = False
    reply_slip: bool = True


@dataclass
class PrintPackResult:
    pdf: bytes
    page_counts: list[int]
    manifest: str

    @property
    def pages(self) -> int:
        return sum(self.page_counts)


def _clean(text: str) -> str:
    # Control characters have no meaning on paper and can upset some printers' RIPs.
    return "".join(ch for ch in str(text) if ch == "\n" or ord(ch) >= 32)


class _Layout:
    """Places lines on pages for one letter; ``pages`` holds drawing operations."""

    def __init__(self, letter: Letter):
        self.size = 18 if letter.large_print else 12
        self.leading = self.size * 1.45
        self.pages: list[list[tuple]] = [[]]
        self.y = BODY_TOP_FIRST_PAGE

    def new_page(self) -> None:
        self.pages.append([])
        self.y = BODY_TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def text(self, text: str, *, bold: bool = False, size: float | None = None, after: float = 0.6) -> None:
        size = size or self.size
        for paragraph in _clean(text).split("\n"):
            # A paragraph written right to left (Arabic, Urdu, Hebrew) is aligned right.
            right = fonts.starts_rtl(paragraph)
            for line in fonts.wrap(paragraph, size, TEXT_WIDTH, bold=bold):
                self.need(size * 1.45)
                self.y -= size * 1.45
                self.pages[-1].append(("text", bold, size, RIGHT if right else LEFT, self.y, line, right))
        self.y -= size * after

    def op(self, *operation) -> None:
        self.pages[-1].append(operation)


def _reply_slip(layout: _Layout, letter: Letter) -> None:
    size = layout.size
    height = size * 1.45 * 12 + 20 * mm
    layout.need(height)
    layout.y -= 6 * mm
    layout.op("dash", layout.y)
    layout.y -= 2 * mm
    layout.text("Reply slip. Cut along the dashed line and post it back to us.", bold=True, after=0.3)
    layout.text(f"Your reference: {letter.reference}", after=0.3)
    for choice in (
        "Please stop sending me messages like this one.",
        "Please contact me another way: email, text message or phone call.",
        "Please phone me. The best time is:",
    ):
        layout.need(size * 1.6)
        layout.op("box", LEFT, layout.y - size * 1.2, size)
        layout.y -= size * 1.45
        layout.pages[-1].append(("text", False, size, LEFT + size * 1.6, layout.y, choice, False))
        layout.y -= size * 0.5
    # Not "free": 0300 and most other numbers cost the same as a call to a local number.
    layout.text(f"Or phone us on {letter.contact_phone}.", after=0.3)


def _layout(letter: Letter) -> _Layout:
    layout = _Layout(letter)
    layout.text(letter.subject, bold=True, size=layout.size * 1.35)
    if letter.greeting:
        layout.text(letter.greeting)
    layout.text(letter.body)
    layout.text(f"If you have any questions, phone us on {letter.contact_phone}.")
    layout.text(f"From {letter.sender}")
    if letter.reply_slip:
        _reply_slip(layout, letter)
    return layout


def _draw_address(canvas: Canvas, address: list[str]) -> None:
    lines = [_clean(line) for line in address]
    widest = max((fonts.width(line, ADDRESS_SIZE) for line in lines), default=0)
    size = (
        ADDRESS_SIZE if widest <= WINDOW_WIDTH - 4 * mm else ADDRESS_SIZE * (WINDOW_WIDTH - 4 * mm) / widest
    )
    y = WINDOW_TOP - 4 * mm - size
    for line in lines:
        fonts.draw(canvas, WINDOW_LEFT + 2 * mm, y, line, size)
        y -= size * 1.2


def _draw_sender(canvas: Canvas, letter: Letter) -> None:
    fonts.draw(canvas, RIGHT, PAGE_HEIGHT - 20 * mm, _clean(letter.sender), 12, bold=True, right=True)
    for offset, line in (
        (26, f"Phone {letter.contact_phone}"),
        (32, letter.date.strftime("%-d %B %Y")),
        (38, f"Our reference {_clean(letter.reference)}"),
    ):
        fonts.draw(canvas, RIGHT, PAGE_HEIGHT - offset * mm, line, 11, right=True)


def _draw(canvas: Canvas, letter: Letter, layout: _Layout) -> int:
    total = len(layout.pages)
    for number, operations in enumerate(layout.pages, start=1):
        if number == 1:
            _draw_sender(canvas, letter)
            _draw_address(canvas, letter.address)
        for operation in operations:
            if operation[0] == "text":
                _, bold, size, x, y, line, right = operation
                fonts.draw(canvas, x, y, line, size, bold=bold, right=right)
            elif operation[0] == "box":
                _, x, y, size = operation
                canvas.rect(x, y, size, size)
            elif operation[0] == "dash":
                canvas.saveState()
                canvas.setDash(4, 3)
                canvas.line(LEFT, operation[1], RIGHT, operation[1])
                canvas.restoreState()
        footer = f"Page {number} of {total}  ({_clean(letter.reference)})"
        fonts.draw(canvas, RIGHT, 10 * mm, footer, 9, right=True)
        canvas.showPage()
    return total


def _safe_cell(value: str) -> str:
    # A spreadsheet would run a cell that starts like a formula.
    value = _clean(value).replace("\n", " ")
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def build_print_pack(
    letters: Sequence[Letter], *, title: str = "Letters", enclosures: Sequence[bytes | None] = ()
) -> PrintPackResult:
    """One PDF holding every letter, each starting on a new page, and a CSV manifest.

    ``enclosures`` (one per letter, or none) are PDFs put after the letter they go with, such as a
    paper survey; each letter's page count includes its enclosure.
    """
    enclosure_pages = [_page_count(pdf) for pdf in enclosures] or [0] * len(letters)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Alongside")
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["sequence", "reference", "name", "postcode", "first_page", "pages", "large_print"])
    page_counts: list[int] = []
    first_page = 1
    letter_pages: list[int] = []
    for sequence, letter in enumerate(letters, start=1):
        drawn = _draw(canvas, letter, _layout(letter))
        letter_pages.append(drawn)
        pages = drawn + enclosure_pages[sequence - 1]
        page_counts.append(pages)
        writer.writerow(
            [
                sequence,
                _safe_cell(letter.reference),
                _safe_cell(letter.address[0] if letter.address else ""),
                _safe_cell(letter.address[-1] if letter.address else ""),
                first_page,
                pages,
                "yes" if letter.large_print else "no",
            ]
        )
        first_page += pages
    canvas.save()
    pdf = buffer.getvalue()
    if any(enclosure_pages):
        pdf = _with_enclosures(pdf, letter_pages, list(enclosures), title)
    return PrintPackResult(pdf=pdf, page_counts=page_counts, manifest=manifest.getvalue())


def _page_count(pdf: bytes | None) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages) if pdf else 0


def _with_enclosures(
    pdf: bytes, letter_pages: list[int], enclosures: list[bytes | None], title: str
) -> bytes:
    """Each letter's pages, then its enclosure's, in order."""
    from pypdf import PdfReader, PdfWriter

    letters = PdfReader(io.BytesIO(pdf))
    readers: dict[bytes, PdfReader] = {}
    writer = PdfWriter()
    start = 0
    for count, enclosure in zip(letter_pages, enclosures, strict=True):
        for page in letters.pages[start : start + count]:
            writer.add_page(page)
        start += count
        if enclosure:
            reader = readers.setdefault(enclosure, PdfReader(io.BytesIO(enclosure)))
            for page in reader.pages:
                writer.add_page(page)
    writer.add_metadata({"/Title": title, "/Author": "Alongside"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
