"""Publishing a draft rota: the rota is published at once; a Job emails its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ... import permissions, services, tasks


@require_POST
@login_required
def run_publish(request, pk):
    run = permissions.get_run_for_user(request.user, pk)
    try:
        with transaction.atomic():
            job = services.publish_run(run=run, by=request.user)
            tasks.email_published_rota.delay_on_commit(job_id=str(job.pk), run_id=run.pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("rostering:run", pk=run.pk)
    messages.success(request, f"Rota published: emailing {job.total} members their sittings.")
    return redirect("jobs:detail", pk=job.pk)
