"""The progress page of long work and its file, for the job's owner only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..models import Job
from .helpers import job_progress_response


def _get_job_for_user(user, pk) -> Job:
    try:
        return Job.objects.get(pk=pk, owner=user)
    except (Job.DoesNotExist, ValidationError):
        raise Http404("No such job") from None


@require_GET
@login_required
def job_detail(request, pk):
    job = _get_job_for_user(request.user, pk)
    if request.htmx:
        return job_progress_response(request, job, finished=job.is_finished)
    return render(request, "common/job_detail.html", {"job": job})


@require_GET
@login_required
def job_download(request, pk):
    job = _get_job_for_user(request.user, pk)
    if job.status != Job.Status.SUCCEEDED or not job.result_file:
        raise Http404("This job has no file to download")
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result.get("filename", "export.xlsx"),
    )
