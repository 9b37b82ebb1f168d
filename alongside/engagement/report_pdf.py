"""The engagement report as a PDF, built once for each version of the data.

The PDF is described as ``core.pdf`` blocks. The blocks are the whole content of the PDF, so
their fingerprint (SHA-256, with the language) is the version of the data the PDF shows: when a
response, theme, quote, event, ballot, action or any text changes what the report says, the key
changes and a new PDF is built; when nothing changed, the stored PDF is sent again without
rendering. Only the line "figures as at …" is left out of the fingerprint: it says when the PDF
was built, and the data has not changed since (or the key would differ).

Adding a section type: add a function for its dataclass to ``blocks_for`` (a singledispatch).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import singledispatch

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alongside.core import pdf, words
from alongside.engagement import report, results
from alongside.engagement.models import Process, ReportPdf

# Change when the layout changes, so stored PDFs are built again.
LAYOUT = "1"


@dataclass
class Built:
    content: bytes
    made_at: object
    reused: bool


def document_blocks(built: report.EngagementReport) -> list:
    blocks: list = []
    for section in built.sections:
        body = blocks_for(section)
        if not section.text and not body:
            continue
        blocks.append(pdf.Heading(section.title, 2))
        if section.text:
            blocks.append(pdf.Text(section.text))
        blocks += body
    return blocks


def fingerprint(process: Process, blocks: list) -> str:
    digest = hashlib.sha256()
    digest.update(f"{LAYOUT}|{get_language()}|{process.title}|".encode())
    digest.update(repr(blocks).encode())
    return digest.hexdigest()


def report_pdf(process: Process) -> Built:
    """The stored PDF when the report has not changed since it was built; otherwise a new one."""
    built = report.build(process)
    blocks = document_blocks(built)
    key = fingerprint(process, blocks)
    language = get_language() or "en"
    stored = ReportPdf.objects.filter(process=process, language=language, key=key).first()
    if stored is not None:
        return Built(bytes(stored.content), stored.made_at, reused=True)
    made_at = timezone.now()
    as_at = pdf.Text(_("Figures as at %(when)s.") % {"when": words.when(timezone.localtime(made_at))})
    content = pdf.render(pdf.Document(title=_title(process), blocks=[as_at, *blocks]))
    _store(process, language, key, content, made_at)
    return Built(content, made_at, reused=False)


def _title(process: Process) -> str:
    return _("%(title)s: the engagement report") % {"title": process.title}


def _store(process: Process, language: str, key: str, content: bytes, made_at) -> None:
    try:
        with transaction.atomic():
            ReportPdf.objects.update_or_create(
                process=process,
                language=language,
                defaults={"key": key, "content": content, "made_at": made_at},
            )
    except IntegrityError:
        pass  # another request stored the same report a moment ago: its copy serves as well


# --- Blocks for each kind of section ----------------------------------------------------------------


@singledispatch
def blocks_for(section: report.Section) -> list:
    return []


@blocks_for.register
def _summary(section: report.SummarySection) -> list:
    if not section.headlines:
        return []
    return [pdf.Rows([[h.label, h.value] for h in section.headlines], header=False)]


@blocks_for.register
def _done(section: report.DoneSection) -> list:
    blocks: list = []
    if section.phases:
        blocks.append(pdf.Heading(_("The steps"), 3))
        blocks.append(pdf.Bullets([_phase_line(p) for p in section.phases]))
    if section.events:
        blocks.append(pdf.Heading(_("Events"), 3))
        header = [
            _("Event"),
            _("When"),
            _("Places taken"),
            _("Waiting list"),
            _("Came"),
            _("Breakout groups"),
        ]
        rows = [
            [
                e.title,
                words.when(e.starts_at),
                str(e.places),
                str(e.waiting),
                str(e.attended) if e.happened else _("still to come"),
                str(e.groups),
            ]
            for e in section.events
        ]
        blocks.append(pdf.Rows([header, *rows]))
    if section.taking_part:
        blocks.append(pdf.Heading(_("Who took part, and how"), 3))
        ways = section.ways
        header = [_("Activity"), _("When"), _("People")] + [label for _way, label in ways]
        rows = [
            [row.activity, row.when, str(row.total)] + [str(row.ways[way]) for way, _label in ways]
            for row in section.taking_part
        ]
        blocks.append(pdf.Rows([header, *rows]))
    return blocks


def _phase_line(phase: report.PhaseLine) -> str:
    dates = ""
    if phase.starts_on:
        dates = words.day(phase.starts_on)
        if phase.ends_on and phase.ends_on != phase.starts_on:
            dates += " – " + words.day(phase.ends_on)
        dates = f" ({dates})"
    line = f"{phase.title}{dates}: {phase.state_label}"
    return f"{line}. {phase.decisions}" if phase.decisions else line


@blocks_for.register
def _surveys(section: report.SurveysSection) -> list:
    blocks: list = []
    for found in section.surveys:
        blocks.append(pdf.Heading(found.survey.title, 3))
        blocks.append(pdf.Text(_("People who answered: %(n)s.") % {"n": found.answered}))
        for result, chart in found.questions:
            blocks += _question(result, chart)
    return blocks


def _question(result, chart) -> list:
    title = f"{result.number}. {result.question.text}"
    if result.answered.hidden:
        return [pdf.Text(title), pdf.Text(_("Fewer than 10 people answered, so the results are not shown."))]
    blocks: list = []
    if chart is not None:
        blocks.append(pdf.Bars(title, _bars(result)))
    else:
        blocks.append(pdf.Text(title))
    if result.numbers:
        blocks.append(pdf.Text(_("Average: %(mean)s") % {"mean": words.number(result.numbers["mean"])}))
    blocks.append(pdf.Text(_("%(n)s people answered this question.") % {"n": result.answered.count}))
    return blocks


def _bars(result) -> list[tuple[str, float | None, str]]:
    """The chart's bars, from the same figures as the HTML chart (the top N for a ranking)."""
    bars = []
    for row in result.rows:
        figure = (row.top if row.top else row.figures)[results.ALL]
        percent = figure.percent
        words_after = _("hidden: fewer than 10") if figure.hidden else f"{percent}%"
        bars.append((row.label, None if percent is None else float(percent), words_after))
    return bars


@blocks_for.register
def _themes(section: report.ThemesSection) -> list:
    blocks: list = []
    for themed in section.questions:
        blocks.append(pdf.Heading(themed.question.text, 3))
        if themed.themes:
            header = [_("Theme"), _("People"), _("Percent")]
            rows = [
                [t.name, _("fewer than 10") if t.figure.hidden else str(t.figure.count), _pct(t.figure)]
                for t in themed.themes
            ]
            blocks.append(pdf.Rows([header, *rows]))
        for theme in themed.themes:
            if theme.quotes:
                blocks.append(pdf.Text(_("In people's own words: %(theme)s") % {"theme": theme.name}))
                blocks.append(pdf.Bullets([f"“{q}”" for q in theme.quotes]))
        if themed.other_quotes:
            blocks.append(pdf.Text(_("Other things people said")))
            blocks.append(pdf.Bullets([f"“{q}”" for q in themed.other_quotes]))
    return blocks


def _pct(figure) -> str:
    return "–" if figure.percent is None else f"{figure.percent}%"


@blocks_for.register
def _ideas(section: report.IdeasSection) -> list:
    blocks: list = []
    if section.rounds:
        blocks.append(pdf.Heading(_("How people chose"), 3))
        lines = []
        for r in section.rounds:
            groups = "; ".join(f"{label}: {people}" for label, people in r.groups)
            line = _("%(title)s – %(method)s (%(status)s): %(n)s people voted") % {
                "title": r.title,
                "method": r.method,
                "status": r.status.lower(),
                "n": r.ballots,
            }
            lines.append(f"{line} ({groups})" if groups else line)
        blocks.append(pdf.Bullets(lines))
    for topic in section.topics:
        blocks.append(pdf.Heading(topic.title, 3))
        blocks.append(pdf.Text(_("Ideas: %(n)s. Supports: %(s)s.") % {"n": topic.ideas, "s": topic.supports}))
        if topic.chosen:
            header = [_("Place"), _("Idea"), _("Result")]
            blocks.append(pdf.Rows([header, *[[str(i.place), i.title, i.measure] for i in topic.chosen]]))
    return blocks


@blocks_for.register
def _actions(section: report.ActionsSection) -> list:
    blocks: list = []
    for area in section.areas:
        blocks.append(pdf.Heading(area.name, 3))
        if area.description:
            blocks.append(pdf.Text(area.description))
        lines = []
        for action in area.actions:
            line = f"{action.title} ({action.status})"
            if action.owner:
                line += " – " + _("led by %(owner)s") % {"owner": action.owner}
            lines.append(line)
        if lines:
            blocks.append(pdf.Bullets(lines))
    return blocks


@blocks_for.register
def _text(section: report.TextSection) -> list:
    if not section.coming:
        return []
    return [pdf.Heading(_("Still to come"), 3), pdf.Bullets([_phase_line(p) for p in section.coming])]
