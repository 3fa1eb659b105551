"""Spreadsheet import of past training records: check everything, write nothing.

`validate_workbook` turns an untrusted .xlsx into either clean rows or a report of
(row, column, reason). Only after the whole file is clean, and the trainer confirms, does
`services.imports.confirm_training_import` write the rows.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from volunteers.models import Volunteer

from .models import Competency

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ZIP_ENTRIES = 200
MAX_ENTRY_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 5000
MAX_ERRORS = 200
COLUMNS = ["Email", "Competency", "Completed on", "Valid until", "Evidence"]

# openpyxl uses defusedxml when it is installed; refuse to parse untrusted XML without it.
assert openpyxl.DEFUSEDXML, "defusedxml must be installed to read uploaded spreadsheets"


class UnsafeFile(Exception):
    """The file is not one we will open at all (too big, not an .xlsx, a zip bomb)."""


@dataclass
class ImportReport:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, row: int, column: str, reason: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "column": column, "reason": reason})

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def check_container(data: bytes) -> None:
    """Reject a file before any XML parser sees it: size, entries, sizes and ratios."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnsafeFile("The file is larger than 5 MB. Split it into smaller files.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnsafeFile("This is not an Excel (.xlsx) file.") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UnsafeFile("The file has too many parts to be a simple spreadsheet.")
        total = 0
        for entry in entries:
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES or ratio > MAX_RATIO:
                raise UnsafeFile(
                    "The file expands to far more data than a spreadsheet of training records "
                    "would. It may be damaged or malicious, so it was not opened."
                )
        names = {entry.filename for entry in entries}
        if "xl/workbook.xml" not in names:
            raise UnsafeFile("This is not an Excel (.xlsx) file.")
        if "xl/vbaProject.bin" in names:
            raise UnsafeFile("Files with macros are not accepted. Save it as a plain .xlsx.")


def _parse_date(value, row: int, column: str, report: ImportReport, *, required: bool):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            report.error(row, column, "A date is needed.")
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    report.error(row, column, f"“{value}” is not a date. Use DD/MM/YYYY.")
    return None


def validate_workbook(data: bytes, *, region_ids: set[int] | None, today: datetime.date):
    """Check an uploaded workbook; return an ImportReport (rows only if there are no errors).

    `region_ids` limits which volunteers may be named (None: any region, for national admins).
    """
    check_container(data)
    report = ImportReport()
    try:
        # data_only=False on purpose: it shows formulas (data_type "f") so they can be
        # rejected; with data_only=True they would pass silently as their cached values.
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile):
        raise UnsafeFile("The spreadsheet could not be read. Save it again as .xlsx.") from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=len(COLUMNS) + 5)
        header = next(rows, None)
        header_values = [
            (c.value.strip() if isinstance(c.value, str) else c.value) for c in header or ()
        ]
        while header_values and header_values[-1] in (None, ""):
            header_values.pop()
        if header_values != COLUMNS:
            report.error(
                1,
                "Header",
                f"The first row must be exactly: {', '.join(COLUMNS)}. "
                f"It was: {', '.join(str(v) for v in header_values) or 'empty'}.",
            )
            return report
        raw = []
        for row in rows:
            number = row[0].row if row else len(raw) + 2
            cells = list(row)[: len(COLUMNS)]
            cells += [None] * (len(COLUMNS) - len(cells))
            if all(c is None or c.value in (None, "") for c in cells):
                continue
            if len(raw) >= MAX_ROWS:
                report.error(number, "", f"Too many rows: at most {MAX_ROWS} in one file.")
                break
            values = {}
            for column, cell in zip(COLUMNS, cells, strict=True):
                if cell is not None and cell.data_type == "f":
                    report.error(number, column, "Formulas are not accepted; type the value.")
                    values[column] = None
                else:
                    values[column] = None if cell is None else cell.value
            raw.append((number, values))
    finally:
        workbook.close()
    _check_rows(raw, report, region_ids=region_ids, today=today)
    if report.errors:
        report.rows = []
    return report


def _check_rows(raw, report: ImportReport, *, region_ids, today) -> None:
    emails = {str(v["Email"]).strip().lower() for _, v in raw if v["Email"]}
    volunteers = Volunteer.objects.filter(user__email__in=emails).select_related("user")
    by_email = {v.user.email.lower(): v for v in volunteers}
    competencies = list(Competency.objects.all())
    by_name = {c.key.lower(): c for c in competencies} | {c.name.lower(): c for c in competencies}
    seen = set()
    for number, values in raw:
        email = str(values["Email"] or "").strip().lower()
        volunteer = by_email.get(email)
        if not email:
            report.error(number, "Email", "An email address is needed.")
        elif volunteer is None or (
            region_ids is not None and volunteer.home_region_id not in region_ids
        ):
            report.error(number, "Email", f"No volunteer in your regions has the email {email}.")
        name = str(values["Competency"] or "").strip()
        competency = by_name.get(name.lower())
        if competency is None:
            report.error(number, "Competency", f"“{name}” is not a competency in the framework.")
        completed = _parse_date(
            values["Completed on"], number, "Completed on", report, required=True
        )
        until = _parse_date(values["Valid until"], number, "Valid until", report, required=False)
        if completed and completed > today:
            report.error(number, "Completed on", "The date cannot be in the future.")
        if completed and until and until < completed:
            report.error(number, "Valid until", "It must be on or after the completion date.")
        evidence = str(values["Evidence"] or "").strip()
        if len(evidence) > 300:
            report.error(number, "Evidence", "Keep the evidence to 300 characters.")
        key = (email, name.lower(), completed)
        if key in seen:
            report.error(number, "", "This row repeats an earlier one.")
        seen.add(key)
        if volunteer and competency and completed:
            report.rows.append(
                {
                    "row": number,
                    "volunteer_id": volunteer.pk,
                    "volunteer": str(volunteer),
                    "competency_id": competency.pk,
                    "competency": competency.name,
                    "completed_on": completed.isoformat(),
                    "valid_until": until.isoformat() if until else None,
                    "evidence": evidence,
                }
            )
