"""Writing (and reading back) a Bacs Standard 18 direct credit file.

Standard 18 is the fixed-width format Bacs has used since the days of tape;
bureau software and bank portals still take it. A file is a run of records:

    VOL1  volume header label                         80 characters
    HDR1  file header label 1                         80
    HDR2  file header label 2                         80
    UHL1  user header label (processing day)          80
          detail records, one per payment            100
          contra record, balancing the credits       100
    EOF1  end-of-file label 1 (mirrors HDR1)          80
    EOF2  end-of-file label 2 (mirrors HDR2)          80
    UTL1  user trailer label (totals and counts)      80

Detail record (100 characters), positions counted from 1:
     1-6   destination sort code            (6, digits)
     7-14  destination account number       (8, digits)
    15     destination account type         (1, "0")
    16-17  transaction code                 (2, "99" = direct credit)
    18-23  originating sort code            (6, the organisation's account)
    24-31  originating account number       (8)
    32-35  free format                      (4, spaces)
    36-46  amount in pence                  (11, zero-padded)
    47-64  service user's name              (18)
    65-82  reference                        (18, what the payee's statement shows)
    83-100 destination account name         (18)

The contra record uses the organisation's own account as both destination and
origin, transaction code "17" (debit contra), the total of the credits, and
"CONTRA" as its reference. Text fields use the Bacs character set: capital
letters, digits, space and . & / - ; anything else is replaced by a space.

Dates are " YYDDD" (a space, the two-digit year and the day of the year).
Records end with CR LF, as most bureau software expects.

This is written from the published record layout for Alongside; before a
real submission, finance teams should validate a file with their bureau's test
facility, as every bureau asks.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

NEWLINE = "\r\n"
CREDIT = "99"
REFERENCE_WIDTH = 18
CONTRA = "17"
_NOT_ALLOWED = re.compile(r"[^A-Z0-9 .&/-]")
_SAFE_REFERENCE = re.compile(r"[A-Z0-9 .&/-]{0,18}")  # already in the Bacs character set and width


def text(value: str, width: int) -> str:
    cleaned = _NOT_ALLOWED.sub(" ", (value or "").upper())
    return cleaned[:width].ljust(width)


def digits(value, width: int) -> str:
    value = str(value)
    if not value.isdigit() or len(value) > width:
        raise ValueError(f"{value!r} does not fit {width} digits")
    return value.zfill(width)


def bacs_date(day: datetime.date) -> str:
    return f" {day:%y}{day.timetuple().tm_yday:03d}"


@dataclass(frozen=True)
class Originator:
    service_user_number: str
    name: str
    sort_code: str
    account_number: str


def _check(record: str, width: int) -> str:
    if len(record) != width:
        raise AssertionError(f"Bacs record is {len(record)} characters, not {width}: {record!r}")
    return record + NEWLINE


def vol1(serial: str, sun: str) -> str:
    return _check(
        f"VOL1{text(serial, 6)} {' ' * 20}{' ' * 6}{' ' * 4}{digits(sun, 6)}{' ' * 4}{' ' * 28}1", 80
    )


def _hdr1(label: str, sun: str, serial: str, created: datetime.date) -> str:
    file_id = f"A{digits(sun, 6)}S{' ' * 9}"
    expiry = bacs_date(created + datetime.timedelta(days=30))
    dates = f"{bacs_date(created)}{expiry}"
    body = f"{label}{file_id}{text(serial, 6)}00010001{' ' * 4}  {dates} 000000{' ' * 13}{' ' * 7}"
    return _check(body, 80)


def _hdr2(label: str) -> str:
    return _check(f"{label}F0200000100{' ' * 35}00{' ' * 28}", 80)


def uhl1(processing: datetime.date) -> str:
    # Label, processing day, receiving party (all 9s), spaces, currency "00", country "000000",
    # work code "1 DAILY  " (a single-day file), file number "001", then spaces.
    return _check(f"UHL1{bacs_date(processing)}999999{' ' * 4}000000001 DAILY  001{' ' * 7}{' ' * 33}", 80)


def detail(
    origin: Originator,
    *,
    sort_code: str,
    account_number: str,
    name: str,
    pence: int,
    reference: str,
    code: str = CREDIT,
) -> str:
    record = (
        f"{digits(sort_code, 6)}{digits(account_number, 8)}0{code}"
        f"{digits(origin.sort_code, 6)}{digits(origin.account_number, 8)}{' ' * 4}"
        f"{digits(pence, 11)}{text(origin.name, 18)}{text(reference, 18)}{text(name, 18)}"
    )
    return _check(record, 100)


def utl1(debit_pence: int, credit_pence: int, debit_count: int, credit_count: int) -> str:
    values = f"{digits(debit_pence, 13)}{digits(credit_pence, 13)}"
    counts = f"{digits(debit_count, 7)}{digits(credit_count, 7)}"
    body = f"UTL1{values}{counts}{' ' * 36}"
    return _check(body, 80)


class Writer:
    """Streams a Standard 18 file to ``out`` (a text file); call ``credit`` per payment, then ``close``."""

    def __init__(self, out, origin: Originator, *, serial: str, processing: datetime.date):
        self.out, self.origin, self.serial, self.processing = out, origin, serial, processing
        self.count = 0
        self.pence = 0
        self._origin = f"{digits(origin.sort_code, 6)}{digits(origin.account_number, 8)}{' ' * 4}"
        self._name = text(origin.name, 18)
        out.write(vol1(serial, origin.service_user_number))
        out.write(_hdr1("HDR1", origin.service_user_number, serial, processing))
        out.write(_hdr2("HDR2"))
        out.write(uhl1(processing))

    def credit(self, *, sort_code: str, account_number: str, name: str, pence: int, reference: str) -> None:
        if pence <= 0 or pence >= 10**11:
            raise ValueError("A Bacs credit must be more than 0p and fit 11 digits")
        if len(sort_code) != 6 or len(account_number) != 8 or not (sort_code + account_number).isdigit():
            raise ValueError(f"Bad sort code or account number for {reference}")
        # The same fields as ``detail``, with the originator's part built once per file.
        payee = f"{sort_code}{account_number}0{CREDIT}"
        reference = reference.ljust(18) if _SAFE_REFERENCE.fullmatch(reference) else text(reference, 18)
        record = f"{payee}{self._origin}{pence:011d}{self._name}{reference}{text(name, 18)}"
        self.out.write(_check(record, 100))
        self.count += 1
        self.pence += pence

    def close(self) -> None:
        o = self.origin
        if self.count:
            self.out.write(
                detail(
                    o,
                    sort_code=o.sort_code,
                    account_number=o.account_number,
                    name=o.name,
                    pence=self.pence,
                    reference="CONTRA",
                    code=CONTRA,
                )
            )
        self.out.write(_hdr1("EOF1", o.service_user_number, self.serial, self.processing))
        self.out.write(_hdr2("EOF2"))
        self.out.write(utl1(self.pence, self.pence, 1 if self.count else 0, self.count))


@dataclass
class ParsedCredit:
    sort_code: str
    account_number: str
    code: str
    pence: int
    reference: str
    name: str


@dataclass
class ParsedFile:
    service_user_number: str
    processing: str
    credits: list[ParsedCredit]
    contra_pence: int
    trailer_credit_pence: int
    trailer_credit_count: int


def parse(content: str) -> ParsedFile:
    """Read a file written by ``Writer`` back, checking record lengths, order and totals."""
    records = content.split(NEWLINE)
    if records[-1] != "":
        raise ValueError("The file must end with CR LF")
    records = records[:-1]
    labels = [r[:4] for r in records[:4]] + [r[:4] for r in records[-3:]]
    if labels != ["VOL1", "HDR1", "HDR2", "UHL1", "EOF1", "EOF2", "UTL1"]:
        raise ValueError(f"Unexpected labels {labels}")
    for r in records[:4] + records[-3:]:
        if len(r) != 80:
            raise ValueError(f"Label record of {len(r)} characters")
    credits, contra = [], 0
    for r in records[4:-3]:
        if len(r) != 100:
            raise ValueError(f"Detail record of {len(r)} characters")
        entry = ParsedCredit(r[0:6], r[6:14], r[15:17], int(r[35:46]), r[64:82].rstrip(), r[82:100].rstrip())
        if entry.code == CONTRA:
            contra += entry.pence
        else:
            credits.append(entry)
    trailer = records[-1]
    return ParsedFile(
        service_user_number=records[0][41:47],
        processing=records[3][4:10],
        credits=credits,
        contra_pence=contra,
        trailer_credit_pence=int(trailer[17:30]),
        trailer_credit_count=int(trailer[37:44]),
    )
