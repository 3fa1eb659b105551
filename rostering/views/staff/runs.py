"""Rota periods and runs: open a period, run the engine, review, download and publish."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.views.helpers import (
    apply_service_errors,
    form_page,
    job_progress_response,
    require_perm,
)

from ... import permissions, selectors, services, tasks
from ...forms import (
    PeriodForm,
    RunForm,
)
from ...models import RotaRun
from .board import render_board

REVIEW_PAGE_SIZE = 40


@require_http_methods(["GET", "POST"])
@login_required
def period_new(request):
    require_perm(request.user, "rostering.roster")
    national = request.user.has_perm("rostering.roster_nationally")
    form = PeriodForm(
        request.POST or None,
        regions=permissions.rostering_regions(request.user),
        national=national,
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = services.create_rota_period(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Rota period created.")
            return redirect("rostering:period", pk=period.pk)
    return form_page(
        request,
        form,
        heading="New rota period",
        submit="Create period",
        cancel_url=reverse("rostering:home"),
    )


@require_GET
@login_required
def period_detail(request, pk):
    period = permissions.get_period_for_user(request.user, pk)
    runs = period.runs.select_related("created_by", "job")
    return render(
        request,
        "rostering/period_detail.html",
        {
            "period": period,
            "runs": runs,
            "form": RunForm(),
            "session_count": selectors.period_session_count(period),
        },
    )


@require_POST
@login_required
def period_open(request, pk):
    """Open the period; its members are emailed by a Job, not inside this request."""
    period = permissions.get_period_for_user(request.user, pk)
    try:
        with transaction.atomic():
            job = services.open_rota_period(period=period, by=request.user)
            tasks.email_period_opened.delay_on_commit(job_id=str(job.pk), period_id=period.pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("rostering:period", pk=period.pk)
    messages.success(request, f"Open for availability: emailing {job.total} members.")
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@login_required
def period_run(request, pk):
    period = permissions.get_period_for_user(request.user, pk)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a time limit between 5 and 600 seconds.")
        return redirect("rostering:period", pk=period.pk)
    with transaction.atomic():
        run = services.start_rota_run(
            period=period, by=request.user, time_limit=form.cleaned_data["time_limit"]
        )
        tasks.run_rota.delay_on_commit(run_id=run.pk)
    return redirect("rostering:run", pk=run.pk)


def _review_context(request, run):
    sessions = selectors.run_sessions(run)
    page = Paginator(sessions, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    panels = selectors.panels_for(run, page.object_list)
    return {
        "run": run,
        "page": page,
        "days": selectors.group_by_day(panels),
        "fair": selectors.fairness(run),
        "blocking": selectors.single_sex_without_reason(run)
        if run.status == RotaRun.Status.DRAFT
        else [],
        "left_out": selectors.left_out_labels(run),
        "left_out_count": len(run.left_out),
    }


@require_GET
@login_required
def run_detail(request, pk):
    run = permissions.get_run_for_user(request.user, pk)
    if request.htmx:
        waiting = run.status in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING)
        done = not waiting or run.job is None or run.job.is_finished
        return job_progress_response(
            request, run.job, finished=done, reload=True, poll_url=request.path, hide_counts=True
        )
    if run.status in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING):
        return render(request, "rostering/run_progress.html", {"run": run, "job": run.job})
    if run.status in (RotaRun.Status.DRAFT, RotaRun.Status.PUBLISHED):
        return render_board(request, run)
    return render(request, "rostering/run_review.html", _review_context(request, run))


@require_GET
@login_required
def run_review(request, pk):
    """The run's long review: every panel in turn, the engine's figures and fairness chart."""
    run = permissions.get_run_for_user(request.user, pk)
    return render(request, "rostering/run_review.html", _review_context(request, run))


def _json_download(data, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def run_instance(request, pk):
    """The engine's input, exactly as it ran, for audit."""
    run = permissions.get_run_for_user(request.user, pk)
    return _json_download(run.instance, f"rota-run-{run.pk}-instance.json")


@require_GET
@login_required
def run_solution(request, pk):
    """The engine's output, exactly as it came back, for audit."""
    run = permissions.get_run_for_user(request.user, pk)
    return _json_download(run.solution, f"rota-run-{run.pk}-solution.json")
