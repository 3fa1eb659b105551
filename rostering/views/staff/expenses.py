"""Attendance, expenses and reports."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.spreadsheets import build_workbook
from common.views.helpers import require_perm

from ... import permissions, selectors, services
from ...forms import (
    DecisionForm,
    ReportForm,
)
from ...models import ExpenseClaim
from ...reports import member_rows, rota_report


@require_http_methods(["GET", "POST"])
@login_required
def session_attendance(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    sittings = selectors.published_sittings(session)
    if request.method == "POST":
        for sitting in sittings:
            choice = request.POST.get(f"attended-{sitting.pk}")
            if choice in ("yes", "no"):
                try:
                    services.mark_attendance(
                        assignment=sitting, attended=choice == "yes", by=request.user
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect("rostering:session_attendance", pk=session.pk)
        messages.success(request, "Attendance saved.")
        return redirect("rostering:session_attendance", pk=session.pk)
    return render(request, "rostering/attendance.html", {"session": session, "sittings": sittings})


def _claims_for(user):
    return selectors.expense_claims(permissions.rostering_regions(user))


@require_GET
@login_required
def expense_list(request):
    require_perm(request.user, "rostering.roster")
    claims = _claims_for(request.user).filter(status=ExpenseClaim.Status.SUBMITTED)
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(request, "rostering/expense_list.html", {"page": page, "form": DecisionForm()})


@require_POST
@login_required
def expense_decide(request, pk):
    require_perm(request.user, "rostering.roster")
    try:
        claim = _claims_for(request.user).get(pk=pk)
    except ExpenseClaim.DoesNotExist:
        raise Http404("No such claim") from None
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_expense_claim(
                claim=claim,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Claim decided.")
    return redirect("rostering:expenses")


@require_GET
@login_required
def expense_export(request):
    require_perm(request.user, "rostering.roster")
    content = build_workbook(
        title="Approved expenses",
        headers=[
            "Member",
            "Email",
            "Sitting",
            "Centre",
            "Miles",
            "Mileage (£)",
            "Subsistence (£)",
            "Loss of earnings (£)",
            "Total (£)",
            "Approved on",
        ],
        rows=selectors.approved_expense_rows(permissions.rostering_regions(request.user)),
        widths=[24, 30, 12, 28, 8, 12, 14, 18, 10, 12],
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="approved-expenses.xlsx"'
    return response


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
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sittings-{report.start}-to-{report.end}.xlsx"'
    )
    return response
