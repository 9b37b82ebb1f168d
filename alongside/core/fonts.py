"""Fonts for every PDF: Unicode coverage, right-to-left text, and a plain rule for what cannot print.

ReportLab's built-in Helvetica holds only Latin-1, so "Ŵyn", "Llŷr", Greek, Cyrillic and
Arabic printed as black boxes. Alongside sets text in the Noto fonts from the
``manimgx-fonts`` package on PyPI (SIL Open Font License 1.1, which allows embedding): Noto
Sans for Latin (Welsh, Polish, Vietnamese...), Greek and Cyrillic; Noto Sans Arabic, Hebrew,
Armenian, Georgian, Ethiopic, Thai and the South Asian scripts for the rest; Noto Sans
Symbols; and Noto Emoji (one colour) last. Each piece of text is split into runs, each run in
the first font that has all its letters.

The files are variable fonts. ReportLab embeds their default instance (regular weight); the
bold instance is made once per process with fontTools' instancer, in memory.

Right-to-left text (Arabic, Urdu, Farsi, Hebrew) is written in logical order. PDF text is
drawn left to right, so it is shaped first (Arabic letters take their joined forms, with
``arabic-reshaper``) and then put in visual order with the Unicode bidirectional algorithm
(``python-bidi``), one line at a time, after the line breaks are chosen in logical order.

A character that no bundled font holds (Chinese, Japanese and Korean, for example) prints as
"?" and is logged, never as a silent box. Invisible format characters (joiners, direction
marks, variation selectors) are dropped after they have done their work.
"""

from __future__ import annotations

import functools
import io
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import arabic_reshaper
import manimgx_fonts
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)

FONT = "AlongsideSans"
BOLD = "AlongsideSans-Bold"
MISSING = "?"

_ROOT = Path(manimgx_fonts.__file__).resolve().parent
# Tried in this order for each character; Noto Sans first so Latin text stays in one font.
_FALLBACKS = (
    "NotoSans",
    "NotoSansArabic",
    "NotoSansHebrew",
    "NotoSansArmenian",
    "NotoSansGeorgian",
    "NotoSansEthiopic",
    "NotoSansDevanagari",
    "NotoSansBengali",
    "NotoSansGurmukhi",
    "NotoSansGujarati",
    "NotoSansTamil",
    "NotoSansTelugu",
    "NotoSansKannada",
    "NotoSansMalayalam",
    "NotoSansOriya",
    "NotoSansSinhala",
    "NotoSansThai",
    "NotoSansLao",
    "NotoSansKhmer",
    "NotoSansMyanmar",
    "NotoSansSymbols",
    "NotoEmoji",
)
_INVISIBLE = {"Cf", "Cc", "Zl", "Zp"}
_RTL_CLASSES = {"R", "AL"}


@dataclass(frozen=True)
class _Face:
    name: str
    chars: frozenset[int]


def _path(stem: str) -> Path:
    return _ROOT / f"{stem}[wght].ttf"


def _bold_bytes(stem: str) -> io.BytesIO:
    from fontTools.ttLib import TTFont as ToolsFont
    from fontTools.varLib import instancer

    font = ToolsFont(_path(stem))
    # ReportLab neither shapes nor kerns with these tables; dropping them makes the instance 7x faster.
    for tag in ("GPOS", "GSUB", "GDEF", "STAT", "MVAR"):
        if tag in font:
            del font[tag]
    instancer.instantiateVariableFont(font, {"wght": 700}, inplace=True, optimize=False)
    # ReportLab shares one embedded font between faces with the same PostScript name.
    for record in font["name"].names:
        if record.nameID == 6:
            record.string = f"{stem}-Bold"
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    return buffer


def _register(name: str, source) -> _Face:
    font = TTFont(name, source)
    pdfmetrics.registerFont(font)
    return _Face(name, frozenset(font.face.charToGlyph))


@functools.cache
def _faces(bold: bool) -> tuple[_Face, ...]:
    """The fallback list for regular or bold text; registered with ReportLab on first use."""
    if bold:
        # Only the main face has a bold instance; other scripts use their regular weight.
        return (_register(BOLD, _bold_bytes(_FALLBACKS[0])), *_faces(False)[1:])
    main = _register(FONT, str(_path(_FALLBACKS[0])))
    rest = tuple(_register(f"Alongside-{stem}", str(_path(stem))) for stem in _FALLBACKS[1:])
    return (main, *rest)


def register() -> None:
    """Make ``FONT`` and ``BOLD`` known to ReportLab (styles name them before any text is set)."""
    _faces(True)


def is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def visual(line: str) -> str:
    """One line of logical-order text as it is drawn: joined Arabic forms, in visual order."""
    line = unicodedata.normalize("NFC", line)
    if is_rtl(line):
        line = get_display(arabic_reshaper.reshape(line))
    return line


def _font_for(code: int, faces: tuple[_Face, ...]) -> str | None:
    for face in faces:
        if code in face.chars:
            return face.name
    return None


def runs(text: str, *, bold: bool = False, ordered: bool = False) -> list[tuple[str, str]]:
    """``text`` (logical order unless ``ordered``) as (font name, characters) runs, in drawing order."""
    faces = _faces(bold)
    line = text if ordered else visual(text)
    result: list[tuple[str, str]] = []
    missing: set[str] = set()
    for ch in line:
        font = _font_for(ord(ch), faces)
        if result and font and not ch.isalnum() and ord(ch) in _chars_of(result[-1][0], faces):
            # Spaces and punctuation stay in the run they sit in: fewer font changes in a line.
            font = result[-1][0]
        if font is None:
            if unicodedata.category(ch) in _INVISIBLE or _is_variation_selector(ch):
                continue
            missing.add(f"U+{ord(ch):04X}")
            font, ch = faces[0].name, MISSING
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + ch)
        else:
            result.append((font, ch))
    if missing:
        logger.warning("pdf.missing_glyphs", extra={"code_points": sorted(missing)})
    return result


def _chars_of(name: str, faces: tuple[_Face, ...]) -> frozenset[int]:
    return next(face.chars for face in faces if face.name == name)


def _is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in points of ``text`` (logical order) as it will be drawn."""
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs(text, bold=bold))


def wrap(text: str, size: float, max_width: float, *, bold: bool = False) -> list[str]:
    """Break one paragraph into lines (logical order) that fit ``max_width``, at spaces where possible."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if width(candidate, size, bold=bold) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
        while width(current, size, bold=bold) > max_width and len(current) > 1:
            head = _longest_fitting(current, size, max_width, bold)
            lines.append(current[:head])
            current = current[head:]
    lines.append(current)
    return lines


def _longest_fitting(text: str, size: float, max_width: float, bold: bool) -> int:
    end = len(text) - 1
    while end > 1 and width(text[:end], size, bold=bold) > max_width:
        end -= 1
    return end


def draw(canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, right: bool = False):
    """Draw one line (logical order) at ``x``, or ending at ``x`` when ``right``."""
    pieces = runs(text, bold=bold)
    if right:
        x -= sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in pieces)
    for font, chunk in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)


def starts_rtl(text: str) -> bool:
    """True when the paragraph's first strong letter is right-to-left (its base direction)."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction == "L":
            return False
        if direction in _RTL_CLASSES:
            return True
    return False
