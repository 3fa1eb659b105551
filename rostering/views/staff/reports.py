"""Sittings per member against their commitment, on the page and as a spreadsheet."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from volunteers.exports import build_workbook
from volunteers.views.common import require_perm

from ... import permissions
from ...forms import ReportForm
from ...reports import member_rows, rota_report
from .imports import XLSX


def _report(request):
    today = timezone.localdate()
    form = ReportForm(
        request.GET or None,
        initial={"start": today.replace(day=1), "end": today, "minimum": 1},
    )
    if request.GET and form.is_valid():
        start, end, minimum = (form.cleaned_data[k] for k in ("start", "end", "minimum"))
    else:
        start, end, minimum = today.replace(day=1), today, Decimal(1)
    report = rota_report(
        regions=permissions.rostering_regions(request.user),
        start=start,
        end=end,
        minimum_per_month=minimum,
    )
    return form, report


@require_GET
@login_required
def reports(request):
    require_perm(request.user, "rostering.roster")
    form, report = _report(request)
    return render(
        request,
        "rostering/reports.html",
        {"form": form, "report": report, "query": request.GET.urlencode()},
    )


@require_GET
@login_required
def report_export(request):
    require_perm(request.user, "rostering.roster")
    _, report = _report(request)
    content = build_workbook(
        title="Sittings per member",
        headers=["Member", "Region", "Sittings", "Commitment"],
        rows=member_rows(report),
        widths=[28, 28, 10, 12],
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="sittings-{report.start}-to-{report.end}.xlsx"'
    )
    return response
