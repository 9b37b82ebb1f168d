"""Importing contributor lists: parse, check every row, and only then write — all or the good rows.

Every row keeps its spreadsheet row number from the start (header is row 1), so the report,
the confirmation and the write all talk about the same rows.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core import services as progress
from alongside.people import cleaning
from alongside.people.choices import ConsentPurpose, HowGiven, Status
from alongside.people.models import ConsentEvent, Contributor, ImportBatch, StatusChange
from alongside.people.regions import normalise_postcode, postcode_area, region_for_postcode

# The columns that are contributor details, checked by the same cleaner as the forms and the API.
DETAILS = (
    "first_name",
    "last_name",
    "known_as",
    "email",
    "mobile",
    "landline",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
)
COLUMNS = (*DETAILS, "date_joined", "consent_contact", "consent_newsletter")
MAX_ROWS = 200_000
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}
_PROGRESS_EVERY = 500


class ImportFileError(ValueError):
    pass


def _header(name) -> str:
    return str(name or "").strip().lower().replace(" ", "_")


def parse_file(upload, filename: str) -> list[dict]:
    """Rows as dicts of text, keyed by known column names; unknown columns are ignored."""
    raw_rows = _xlsx_rows(upload) if filename.lower().endswith(".xlsx") else _csv_rows(upload)
    try:
        header = [_header(h) for h in next(raw_rows)]
    except StopIteration as exc:
        raise ImportFileError(_("The file is empty. Add a header row and one row per person.")) from exc
    if "first_name" not in header:
        raise ImportFileError(
            _("The header row needs a first_name column. Columns we read: %s.") % ", ".join(COLUMNS)
        )
    rows = []
    for values in raw_rows:
        if not any(str(v or "").strip() for v in values):
            continue
        row = {name: _text(value) for name, value in zip(header, values, strict=False) if name in COLUMNS}
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %s rows. Split it into smaller files.") % MAX_ROWS
            )
    return rows


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value).strip()


def _csv_rows(upload):
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return iter(csv.reader(io.StringIO(text)))


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    workbook = load_workbook(upload, read_only=True, data_only=True)
    return iter(workbook.worksheets[0].iter_rows(values_only=True))


def _date(value: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError


class RowChecker:
    """Checks rows one by one, remembering emails and phone numbers seen in the file and the database."""

    def __init__(self, organisation):
        existing = Contributor.objects.filter(organisation=organisation, erased_at__isnull=True)
        self.known_emails = {e.lower() for e in existing.exclude(email="").values_list("email", flat=True)}
        self.known_mobiles = set(existing.exclude(mobile="").values_list("mobile", flat=True))
        self.file_emails: dict[str, int] = {}
        self.file_mobiles: dict[str, int] = {}

    def check(self, number: int, row: dict) -> tuple[dict, list[dict], list[str]]:
        """Returns the cleaned row, its errors and its warnings."""
        errors: list[dict] = []
        warnings: list[str] = []
        clean = dict(row)

        def bad(field, message):
            errors.append(
                {"row": number, "field": field, "value": row.get(field, "")[:80], "message": message}
            )

        details = {field: row.get(field, "") for field in DETAILS}
        tidy, problems = cleaning.check_contributor(details, creating=True)
        clean.update(tidy)
        for field, messages in problems.items():
            bad(field, messages[0])
        self._email_duplicates(tidy, number, bad)
        self._mobile_duplicates(tidy, number, bad)
        warning = cleaning.postcode_warning(tidy.get("postcode", ""))
        if warning:
            warnings.append(_("Row %(row)s: %(warning)s") % {"row": number, "warning": warning})
        if row.get("date_joined"):
            try:
                clean["date_joined"] = _date(row["date_joined"]).isoformat()
                if clean["date_joined"] > timezone.localdate().isoformat():
                    bad("date_joined", _("The date is in the future. Use the date the person joined."))
            except ValueError:
                bad("date_joined", _("This is not a date. Write it as 31/12/2024 or 2024-12-31."))
        for field in ("consent_contact", "consent_newsletter"):
            value = row.get(field, "").lower()
            if value not in _YES | _NO:
                bad(field, _("Write yes or no."))
            clean[field] = value in _YES
        return clean, errors, warnings

    def _email_duplicates(self, clean, number, bad):
        email = clean.get("email")
        if not email:
            return
        if email in self.known_emails:
            bad("email", _("Someone with this email address is already in your contributors."))
        elif email in self.file_emails:
            bad("email", _("This email address is also on row %s of the file.") % self.file_emails[email])
        else:
            self.file_emails[email] = number

    def _mobile_duplicates(self, clean, number, bad):
        mobile = clean.get("mobile")
        if not mobile or not mobile.startswith("+"):
            return
        if mobile in self.known_mobiles:
            bad("mobile", _("Someone with this mobile number is already in your contributors."))
        elif mobile in self.file_mobiles:
            bad("mobile", _("This mobile number is also on row %s of the file.") % self.file_mobiles[mobile])
        else:
            self.file_mobiles[mobile] = number


def check_batch(batch: ImportBatch) -> ImportBatch:
    """The dry run: check every row and store the report. Writes no contributor."""
    checker = RowChecker(batch.organisation)
    errors, warnings, cleaned = [], [], []
    progress_id = batch.progress_id
    if progress_id:
        progress.mark_running(progress_id, total=len(batch.rows))
    for index, row in enumerate(batch.rows):
        clean, row_errors, row_warnings = checker.check(index + 2, row)
        clean["_row"] = index + 2
        cleaned.append(clean)
        errors += row_errors
        warnings += row_warnings
        if progress_id and (index + 1) % _PROGRESS_EVERY == 0:
            progress.advance(progress_id, _PROGRESS_EVERY)
    batch.rows = cleaned
    batch.errors = errors
    batch.warnings = warnings
    batch.total_rows = len(cleaned)
    batch.status = ImportBatch.Status.CHECKED
    batch.save(update_fields=["rows", "errors", "warnings", "total_rows", "status"])
    if progress_id:
        bad_rows = len(batch.bad_row_numbers)
        progress.finish(
            progress_id,
            message=_("Checked %(n)s rows: %(bad)s need fixing.") % {"n": len(cleaned), "bad": bad_rows},
            result_url=f"/staff/people/import/{batch.pk}/",
        )
    return batch


@transaction.atomic
def run_batch(batch: ImportBatch, mode: str) -> int:
    """Write the rows. All-or-nothing refuses when any row is bad; good-rows skips the bad ones.
    The whole write is one transaction, so a failure part-way leaves nothing behind."""
    from alongside.people.services import current_wording, new_reference

    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.CHECKED:
        raise ValueError("This import has already been run or cancelled.")
    bad = batch.bad_row_numbers
    if bad and mode == ImportBatch.Mode.ALL_OR_NOTHING:
        raise ValueError("Some rows are bad; fix them or choose to import the good rows only.")
    now = timezone.now()
    people = []
    for row in batch.rows:
        if row["_row"] in bad:
            continue
        people.append(_contributor(row, batch, now, new_reference()))
    Contributor.objects.bulk_create(people, batch_size=1000)
    # bulk_create returns primary keys on SQLite 3.35+ and PostgreSQL.
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                contributor=c, to_status=Status.ACTIVE, changed_by=batch.created_by, reason="Imported", at=now
            )
            for c in people
        ],
        batch_size=1000,
    )
    _consents(people, batch, now, current_wording)
    batch.status = ImportBatch.Status.DONE
    batch.mode = mode
    batch.imported = len(people)
    batch.rows = []  # the personal data now lives on the profiles only
    batch.save(update_fields=["status", "mode", "imported", "rows"])
    return len(people)


def _contributor(row: dict, batch: ImportBatch, now, reference: str) -> Contributor:
    postcode = row.get("postcode", "")
    joined = row.get("date_joined")
    created = timezone.make_aware(datetime.datetime.fromisoformat(joined)) if joined else now
    person = Contributor(
        organisation_id=batch.organisation_id,
        reference=reference,
        created_by=batch.created_by,
        created_via=HowGiven.IMPORT,
        created_at=created,
        consent_contact=row.get("consent_contact", False),
        consent_newsletter=row.get("consent_newsletter", False),
        postcode=normalise_postcode(postcode),
        postcode_area=postcode_area(postcode),
        region=region_for_postcode(postcode),
        preferred_channels=[],
    )
    for field in DETAILS:
        if field != "postcode":
            setattr(person, field, row.get(field, ""))
    return person


def _consents(people, batch, now, current_wording) -> None:
    events = []
    for purpose in (ConsentPurpose.CONTACT, ConsentPurpose.NEWSLETTER):
        wording = current_wording(purpose)
        for person in people:
            if getattr(person, f"consent_{purpose}"):
                events.append(
                    ConsentEvent(
                        contributor=person,
                        purpose=purpose,
                        given=True,
                        wording=wording,
                        how=HowGiven.IMPORT,
                        recorded_by=batch.created_by,
                        at=now,
                    )
                )
    ConsentEvent.objects.bulk_create(events, batch_size=1000)
