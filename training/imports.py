"""Spreadsheet import of past training records: check everything, write nothing.

`validate_workbook` turns an untrusted .xlsx into either clean rows or a report of
(row, column, reason). Only after the whole file is clean, and the trainer confirms, does
`services.imports.confirm_training_import` write the rows.
"""

import datetime
from dataclasses import dataclass, field

from common.spreadsheets import FORMULA_REFUSED, read_sheet
from volunteers.models import Volunteer

from .models import Competency

MAX_ROWS = 5000
MAX_ERRORS = 200
COLUMNS = ["Email", "Competency", "Completed on", "Valid until", "Evidence"]


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
    Raises common.spreadsheets.SpreadsheetRejected for a file refused as a whole.
    """
    sheet = read_sheet(data, max_rows=MAX_ROWS, max_columns=len(COLUMNS) + 5)
    report = ImportReport()
    if sheet.header != COLUMNS:
        report.error(
            1,
            "Header",
            f"The first row must be exactly: {', '.join(COLUMNS)}. "
            f"It was: {', '.join(sheet.header) or 'empty'}.",
        )
        return report
    raw = []
    for row in sheet.rows:
        values = row.values[: len(COLUMNS)]
        formulas = [COLUMNS[i] for i in row.formulas if i < len(COLUMNS)]
        if not formulas and all(v is None or str(v).strip() == "" for v in values):
            continue  # Only notes beyond the record's columns: not a record.
        for column in formulas:
            report.error(row.number, column, FORMULA_REFUSED)
        raw.append((row.number, dict(zip(COLUMNS, values, strict=True))))
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
