"""Answers gathered elsewhere, imported from CSV or Excel: checked whole, written only when confirmed.

The format (docs/engagement.md, "Importing answers"): one row per person, a header row, and
one column per question headed ``Q1``, ``Q2``... (the question's number in the survey). Optional
columns: ``channel`` (paper, phone or import; import if left out), ``group`` (public, researcher,
staff), ``may_quote`` (yes or no) and, for named surveys, ``reference`` (the person's reference).

Choices are written as the option's words or its number (1 for the first option); several choices
are separated by ``;``. A ranking lists options in order, first place first, separated by ``;``.
Dates are ``2026-03-27`` or ``27/03/2026``. The equality questions are not imported.
"""

from __future__ import annotations

import csv
import io
import re

from django.db import transaction
from django.utils.translation import gettext as _

from alongside.engagement import answering, queries
from alongside.engagement.models import Channel, Group, Question, Survey, SurveyImport
from alongside.people.models import Contributor

K = Question.Kind
MAX_ROWS = 20000
CHANNELS = {"paper": Channel.PAPER, "phone": Channel.PHONE, "import": Channel.IMPORT, "": Channel.IMPORT}
GROUPS = {"public": Group.PUBLIC, "researcher": Group.RESEARCHER, "staff": Group.STAFF, "": Group.NOT_KNOWN}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


class UnreadableFile(Exception):
    pass


def read_table(content: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file as dicts of lower-cased header to text."""
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableFile(
                _("The file is not saved as UTF-8 text. Save it as “CSV UTF-8” and try again.")
            ) from None
        rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise UnreadableFile(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    body = [row for row in rows[1:] if any(str(cell or "").strip() for cell in row)]
    if len(body) > MAX_ROWS:
        raise UnreadableFile(
            _("The file has more than %(n)s rows. Split it into smaller files.") % {"n": f"{MAX_ROWS:,}"}
        )
    return [
        {
            header[i]: str(cell if cell is not None else "").strip()
            for i, cell in enumerate(row)
            if i < len(header)
        }
        for row in body
    ]


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook gets the same message
        raise UnreadableFile(_("The file could not be read as an Excel workbook.")) from error
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    return [[_cell_text(cell) for cell in row] for row in rows]


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if hasattr(cell, "date") and hasattr(cell, "hour"):
        return cell.date().isoformat()
    return str(cell)


def template_csv(survey: Survey) -> str:
    """A header row to fill in, with the optional columns."""
    questions = [q for q in queries.questions(survey) if q.kind != K.EQUALITY]
    header = ["channel", "group", "may_quote"] + ([] if survey.anonymous else ["reference"])
    return ",".join(header + [f"Q{q.position}" for q in questions]) + "\n"


# --- Checking every row ----------------------------------------------------------------------------


def check(survey: Survey, rows: list[dict[str, str]], *, people) -> tuple[list[dict], list[dict]]:
    """Every row checked: (rows ready to write, problems as {row, column, message})."""
    questions = queries.questions(survey)
    problems: list[dict] = []
    unknown = [h for h in (rows[0] if rows else {}) if not _known_column(h, questions)]
    for heading in unknown:
        problems.append({"row": 1, "column": heading, "message": _("This column is not part of the format.")})
    ready, seen_references = [], set()
    for number, row in enumerate(rows, start=2):
        checked = _check_row(survey, questions, row, number, people, problems, seen_references)
        if checked:
            ready.append(checked)
    return ready, problems


def _known_column(heading: str, questions: list[Question]) -> bool:
    if heading in {"channel", "group", "may_quote", "reference", ""}:
        return True
    match = re.fullmatch(r"q(\d+)", heading)
    return bool(match) and any(q.position == int(match.group(1)) and q.kind != K.EQUALITY for q in questions)


def _check_row(survey, questions, row, number, people, problems, seen) -> dict | None:
    before = len(problems)
    say = lambda column, message: problems.append({"row": number, "column": column, "message": message})  # noqa: E731
    channel = CHANNELS.get(row.get("channel", "").lower())
    if channel is None:
        say("channel", _("Write paper, phone or import."))
    group = GROUPS.get(row.get("group", "").lower())
    if group is None:
        say("group", _("Write public, researcher or staff, or leave it empty."))
    quote = row.get("may_quote", "").lower()
    if quote not in YES | NO:
        say("may_quote", _("Write yes or no."))
    respondent_id = _respondent(survey, row, people, seen, say)
    raw, unreadable = {}, set()
    for question in questions:
        if question.kind == K.EQUALITY:
            continue
        column = f"q{question.position}"
        try:
            raw[str(question.pk)] = _raw(question, row.get(column, ""))
        except ValueError as error:
            say(column.upper(), str(error))
            unreadable.add(str(question.pk))
    _clean, errors = answering.check_all(questions, raw, equality=False)
    for question in questions:
        if str(question.pk) in errors and str(question.pk) not in unreadable:
            say(f"Q{question.position}", errors[str(question.pk)])
    if len(problems) > before:
        return None
    return {
        "raw": raw,
        "channel": channel,
        "group": group,
        "may_quote": quote in YES,
        "respondent": respondent_id,
    }


def _respondent(survey, row, people, seen, say) -> int | None:
    reference = row.get("reference", "").strip().upper()
    if survey.anonymous or not reference:
        return None
    person = people.filter(reference=reference).first()
    if person is None:
        say("reference", _("There is nobody with this reference number in your records."))
        return None
    if reference in seen:
        say("reference", _("This person is in the file more than once."))
    elif survey.responses.filter(respondent=person).exists():
        say("reference", _("This person has already answered the survey."))
    seen.add(reference)
    return person.pk


def _raw(question: Question, text: str):
    """A cell's text in the shape the form would have sent (option ids as text)."""
    text = text.strip()
    if not text or question.kind not in Question.CHOICE_KINDS:
        if question.kind == K.DATE and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            day, month, year = text.split("/")
            return {"day": day, "month": month, "year": year}
        return text
    parts = [part.strip() for part in text.split(";") if part.strip()]
    ids = [_option_id(question, part) for part in parts]
    if question.kind == K.RANK:
        return {option_id: str(place) for place, option_id in enumerate(ids, start=1)}
    if question.kind in {K.SINGLE, K.SCALE}:
        return ids if len(ids) > 1 else ids[0]
    return ids


def _option_id(question: Question, text: str) -> str:
    options = list(question.options.all())
    if text.isdigit() and 1 <= int(text) <= len(options):
        return str(options[int(text) - 1].pk)
    for option in options:
        if option.label.casefold() == text.casefold():
            return str(option.pk)
    raise ValueError(_("“%(text)s” is not one of the options of this question.") % {"text": text})


# --- Keeping and confirming ------------------------------------------------------------------------


@transaction.atomic
def prepare(survey: Survey, content: bytes, filename: str, *, by, people) -> SurveyImport:
    rows = read_table(content, filename)
    ready, problems = check(survey, rows, people=people)
    return SurveyImport.objects.create(
        survey=survey,
        created_by=by,
        filename=filename[:200],
        rows=ready,
        errors=problems,
        total_rows=len(rows),
    )


class NotReady(Exception):
    pass


@transaction.atomic
def confirm(batch: SurveyImport, *, good_rows_only: bool = False) -> int:
    """Write every checked row, all at once.

    Refused while problems remain, unless staff asked for the good rows only.
    """
    batch = SurveyImport.objects.select_for_update().select_related("survey").get(pk=batch.pk)
    if batch.status != SurveyImport.Status.CHECKED:
        raise NotReady(_("This import has already been finished."))
    if batch.errors and not good_rows_only:
        raise NotReady(
            _("Some rows have problems. Fix the file and upload it again, or import the good rows only.")
        )
    questions = queries.questions(batch.survey)
    written = len(batch.rows)
    for row in batch.rows:
        respondent = Contributor.objects.get(pk=row["respondent"]) if row["respondent"] else None
        answering.record(
            batch.survey,
            row["raw"],
            questions,
            channel=row["channel"],
            group=row["group"],
            respondent=respondent,
            may_quote=row["may_quote"],
            source=batch,
        )
    batch.status, batch.rows = SurveyImport.Status.IMPORTED, []
    batch.save(update_fields=["status", "rows"])
    return written


@transaction.atomic
def cancel(batch: SurveyImport) -> None:
    SurveyImport.objects.filter(pk=batch.pk, status=SurveyImport.Status.CHECKED).update(
        status=SurveyImport.Status.CANCELLED, rows=[]
    )
