"""Print-ready PDF documents, built with ReportLab.

Every public document has a PDF. Callers describe the content as a list of
blocks; this module owns fonts, sizes, margins and the large-print variant so
that every PDF in Alongside looks and reads the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from alongside.core import fonts

FONT = fonts.FONT
BOLD = fonts.BOLD


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Text:
    text: str


@dataclass
class Bullets:
    items: Sequence[str]


@dataclass
class Rows:
    """A two-or-more column table; the first row is the header when ``header`` is true."""

    rows: Sequence[Sequence[str]]
    header: bool = True


@dataclass
class Box:
    """A bordered box, for example an answer space on a paper form."""

    label: str
    lines: int = 2


@dataclass
class Break:
    pass


@dataclass
class Bars:
    """A horizontal bar chart: one bar per (label, percent or None, the words after the bar).

    A bar with no percent (a hidden figure) is drawn empty with its words, so the chart and the
    table beside it always say the same thing."""

    title: str
    bars: Sequence[tuple[str, float | None, str]]


@dataclass
class Document:
    title: str
    blocks: list = field(default_factory=list)
    large_print: bool = False
    author: str = "Alongside"


def _styles(large_print: bool) -> dict[str, ParagraphStyle]:
    # 12pt is the minimum for standard print; large print is 18pt (RNIB clear print guidance).
    fonts.register()
    base = 18 if large_print else 12
    leading = base * 1.45
    return {
        "body": ParagraphStyle(
            "body", fontName=FONT, fontSize=base, leading=leading, alignment=TA_LEFT, spaceAfter=base * 0.6
        ),
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=base * 1.8, leading=base * 2.2, spaceAfter=base),
        "h2": ParagraphStyle(
            "h2",
            fontName=BOLD,
            fontSize=base * 1.35,
            leading=base * 1.7,
            spaceBefore=base * 0.6,
            spaceAfter=base * 0.5,
        ),
        "h3": ParagraphStyle(
            "h3",
            fontName=BOLD,
            fontSize=base * 1.1,
            leading=base * 1.45,
            spaceBefore=base * 0.4,
            spaceAfter=base * 0.3,
        ),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=base * 0.95, leading=base * 1.3),
        "cellhead": ParagraphStyle("cellhead", fontName=BOLD, fontSize=base * 0.95, leading=base * 1.3),
    }


def _markup(line: str, bold: bool) -> str:
    # Each run names its font, so letters the main font lacks come from a fallback (core.fonts).
    return "".join(
        escape(chunk) if font in (FONT, BOLD) else f'<font name="{font}">{escape(chunk)}</font>'
        for font, chunk in fonts.runs(line, bold=bold)
    )


def para(text: str, style: ParagraphStyle) -> Flowable:
    """A paragraph of plain text: user input is escaped, never read as markup."""
    text = str(text)
    bold = style.fontName == BOLD
    if fonts.is_rtl(text):
        return _BidiParagraph(text, style, bold)
    return Paragraph("<br/>".join(_markup(line, bold) for line in text.split("\n")), style)


class _BidiParagraph(Flowable):
    """Text with right-to-left parts. Lines are chosen in logical order, then each line is put in
    visual order, so a long Arabic answer reads from its first line down; a paragraph that starts
    right-to-left is aligned right."""

    def __init__(self, text: str, style: ParagraphStyle, bold: bool):
        super().__init__()
        self.text, self.style, self.bold = text, style, bold
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self._inner: Paragraph | None = None

    def _paragraph(self, width: float) -> Paragraph:
        size = self.style.fontSize
        parts = self.text.split("\n")
        lines = [line for part in parts for line in fonts.wrap(part, size, width - 1, bold=self.bold)]
        style = self.style
        if fonts.starts_rtl(self.text):
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        return Paragraph("<br/>".join(_markup(line, self.bold) for line in lines), style)

    def wrap(self, availWidth, availHeight):
        self._inner = self._paragraph(availWidth)
        return self._inner.wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):
        return self._paragraph(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        self._inner.drawOn(self.canv, 0, 0)


def _flowables(block, styles, large_print: bool) -> Iterable:
    if isinstance(block, Heading):
        yield para(block.text, styles[f"h{min(max(block.level, 1), 3)}"])
    elif isinstance(block, Text):
        yield para(block.text, styles["body"])
    elif isinstance(block, Bullets):
        for item in block.items:
            yield para(f"•  {item}", styles["body"])
    elif isinstance(block, Rows):
        yield _table(block, styles)
    elif isinstance(block, Box):
        height = (18 if large_print else 12) * 1.6 * block.lines
        box = Table([[""]], colWidths=[170 * mm], rowHeights=[height])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.black)]))
        yield KeepTogether([para(block.label, styles["h3"]), box, Spacer(1, 4 * mm)])
    elif isinstance(block, Break):
        yield PageBreak()
    elif isinstance(block, Bars):
        yield KeepTogether([para(block.title, styles["h3"]), _BarChart(block, styles["cell"].fontSize)])
    else:
        raise TypeError(f"Unknown PDF block {block!r}")


class _BarChart(Flowable):
    """Each bar under its label, its figure after it; drawn with the report's fonts."""

    def __init__(self, block: Bars, size: float):
        super().__init__()
        self.block, self.size = block, size
        self.row = size * 3.2

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.row * len(self.block.bars) + self.size * 0.5

    def draw(self) -> None:
        canvas, size = self.canv, self.size
        space = self.width * 0.78  # the rest holds the figure after the longest bar
        y = self.row * len(self.block.bars)
        for label, percent, words in self.block.bars:
            fonts.draw(canvas, 0, y - size, label[:90], size)
            length = 0 if percent is None else space * max(0.0, min(float(percent), 100.0)) / 100
            canvas.setFillColor(colors.HexColor("#1d70b8"))
            canvas.rect(0, y - size * 2.6, length, size * 1.2, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            fonts.draw(canvas, length + size * 0.5, y - size * 2.35, words, size)
            y -= self.row


def _table(block: Rows, styles) -> Table:
    data = []
    for index, row in enumerate(block.rows):
        style = styles["cellhead"] if block.header and index == 0 else styles["cell"]
        data.append([para(cell, style) for cell in row])
    table = Table(data, repeatRows=1 if block.header else 0, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1") if block.header else colors.white),
            ]
        )
    )
    return table


def _footer(canvas, doc) -> None:
    canvas.saveState()
    fonts.draw(canvas, 20 * mm, 10 * mm, doc.title, 9)
    canvas.setFont(FONT, 9)
    canvas.drawRightString(190 * mm, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()


def render(document: Document) -> bytes:
    """Render a document to PDF bytes."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=document.title,
        author=document.author,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    styles = _styles(document.large_print)
    story = [para(document.title, styles["h1"])]
    for block in document.blocks:
        story.extend(_flowables(block, styles, document.large_print))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def pdf_response(content: bytes, filename: str, inline: bool = False):
    """A PDF Alongside made, as a download (or shown in the browser when ``inline``)."""
    from alongside.core.downloads import file_response

    name = filename.removesuffix(".pdf")
    return file_response(content, content_type="application/pdf", name=name, inline=inline)
