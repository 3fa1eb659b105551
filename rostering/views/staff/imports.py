"""Importing the Reporter's schedule of sessions from a spreadsheet, as a Job."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.jobs import start_job
from volunteers.views.common import require_perm

from ... import permissions, services, tasks
from ...forms import ScheduleUploadForm
from ...imports import template_workbook
from ...models import ScheduleImport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def import_template(request):
    require_perm(request.user, "rostering.roster")
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="sessions-template.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def import_new(request):
    require_perm(request.user, "rostering.roster")
    form = ScheduleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = start_job(owner=request.user, kind="schedule_import", title="Schedule import")
            schedule = ScheduleImport(
                original_name=upload.name[:200], uploaded_by=request.user, job=job
            )
            schedule.file.save(f"{job.pk}.xlsx", ContentFile(upload.read()), save=False)
            schedule.save()
            tasks.import_schedule.delay_on_commit(import_id=schedule.pk)
        return redirect("rostering:import", pk=schedule.pk)
    return render(request, "rostering/import_new.html", {"form": form})


@require_GET
@login_required
def import_detail(request, pk):
    schedule = permissions.get_import_for_user(request.user, pk)
    if request.htmx:
        response = render(request, "rostering/includes/progress.html", {"job": schedule.job})
        waiting = schedule.status == ScheduleImport.Status.PENDING
        if not waiting or schedule.job is None or schedule.job.is_finished:
            response["HX-Refresh"] = "true"
        return response
    missing = schedule.summary.get("missing", [])
    return render(
        request,
        "rostering/import_detail.html",
        {"schedule": schedule, "job": schedule.job, "missing": missing},
    )


@require_POST
@login_required
def import_cancel_missing(request, pk):
    schedule = permissions.get_import_for_user(request.user, pk)
    try:
        count = services.cancel_missing_sessions(schedule_import=schedule, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{count} session(s) cancelled.")
    return redirect("rostering:import", pk=schedule.pk)
