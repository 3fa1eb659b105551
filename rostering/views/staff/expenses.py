"""Deciding members' expense claims and exporting the approved ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from volunteers.exports import build_workbook
from volunteers.views.common import require_perm

from ... import permissions, selectors, services
from ...forms import DecisionForm
from ...models import ExpenseClaim
from .imports import XLSX

EXPORT_HEADERS = [
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
]


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
        headers=EXPORT_HEADERS,
        rows=selectors.approved_expense_rows(permissions.rostering_regions(request.user)),
        widths=[24, 30, 12, 28, 8, 12, 14, 18, 10, 12],
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="approved-expenses.xlsx"'
    return response
