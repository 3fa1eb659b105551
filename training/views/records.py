"""Trainers' pages: the regional dashboard, a person's record, sign-off, extensions, import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.jobs import start_job
from common.models import Job
from common.views.helpers import apply_service_errors, form_page, require_perm
from volunteers.permissions import is_national_admin

from .. import permissions, selectors, services
from ..forms import ExtensionDecisionForm, ImportForm, SignOffForm
from ..models import AwardExtension
from ..tasks import export_training_due, upload_path, validate_training_import


@require_GET
@login_required
def dashboard(request):
    require_perm(request.user, "training.manage_training")
    regions = permissions.training_regions(request.user)
    chosen = request.GET.get("region", "")
    if chosen:
        regions = regions.filter(code=chosen)
    today = timezone.localdate()
    items = selectors.training_due(regions, on=today)
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    chart = selectors.due_chart(items)
    return render(
        request,
        "training/dashboard.html",
        {
            "page": page,
            "chart": chart,
            "overdue": items.total("overdue"),
            "due": items.total("due"),
            "regions": permissions.training_regions(request.user),
            "chosen": chosen,
            "pending_extensions": AwardExtension.objects.filter(
                status=AwardExtension.Status.PENDING,
                volunteer__home_region__in=permissions.training_regions(request.user),
            ).select_related("volunteer__user"),
        },
    )


@require_POST
@login_required
def dashboard_export(request):
    require_perm(request.user, "training.manage_training")
    job = start_job(owner=request.user, kind="training_export", title="Training due export")
    export_training_due.delay_on_commit(job_id=str(job.pk))
    return redirect("jobs:detail", pk=job.pk)


@require_GET
@login_required
def person_record(request, pk):
    require_perm(request.user, "training.manage_training")
    volunteer = permissions.get_trainee_for_user(request.user, pk)
    today = timezone.localdate()
    sit, chair = selectors.eligibility_for([volunteer], on=today)[volunteer.pk]
    return render(
        request,
        "training/person_record.html",
        {
            "volunteer": volunteer,
            "holdings": selectors.holdings(volunteer, on=today),
            "history": volunteer.competency_grants.select_related(
                "competency", "framework", "granted_by"
            ),
            "can_sit": sit,
            "can_chair": chair,
            "award": selectors.award_progress(volunteer, on=today),
            "enrolments": volunteer.enrolments.select_related("session__course").order_by(
                "-session__starts_on"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def sign_off(request, pk):
    require_perm(request.user, "training.manage_training")
    volunteer = permissions.get_trainee_for_user(request.user, pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_competency(volunteer=volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['competency']} signed off.")
            return redirect("training:person", pk=volunteer.pk)
    return form_page(
        request,
        form,
        heading=f"Sign off a competency for {volunteer}",
        submit="Sign off",
        cancel_url=reverse("training:person", args=[volunteer.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def extension_decide(request, pk):
    require_perm(request.user, "training.manage_training")
    extension = permissions.get_extension_for_user(request.user, pk)
    form = ExtensionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_award_extension(
                extension=extension,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("training:person", pk=extension.volunteer_id)
    return form_page(
        request,
        form,
        heading=f"Extension request from {extension.volunteer}",
        submit="Record decision",
        intro=f"Asks for the award deadline to move to {extension.extend_to:%-d %B %Y}. "
        f"Reason given: {extension.reason}",
        cancel_url=reverse("training:person", args=[extension.volunteer_id]),
    )


# --- Import ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request):
    require_perm(request.user, "training.manage_training")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(
            owner=request.user, kind=services.IMPORT_KIND, title="Training records import"
        )
        job.result = {"filename": upload.name[:100]}
        job.save(update_fields=["result"])
        storages["private"].save(upload_path(job.pk), ContentFile(upload.read()))
        region_ids = (
            None
            if is_national_admin(request.user)
            else list(permissions.training_regions(request.user).values_list("pk", flat=True))
        )
        validate_training_import.delay_on_commit(job_id=str(job.pk), region_ids=region_ids)
        return redirect("training:import_report", pk=job.pk)
    return form_page(
        request,
        form,
        heading="Import past training records",
        submit="Check the file",
        intro="Nothing is saved until every row passes the checks and you confirm.",
        cancel_url=reverse("training:dashboard"),
        multipart=True,
    )


def _import_job(request, pk) -> Job:
    try:
        return Job.objects.get(pk=pk, owner=request.user, kind=services.IMPORT_KIND)
    except Job.DoesNotExist:
        raise Http404("No such import") from None


@require_GET
@login_required
def import_report(request, pk):
    require_perm(request.user, "training.manage_training")
    job = _import_job(request, pk)
    return render(request, "training/import_report.html", {"job": job})


@require_POST
@login_required
def import_confirm(request, pk):
    require_perm(request.user, "training.manage_training")
    job = _import_job(request, pk)
    try:
        count = services.confirm_training_import(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:import_report", pk=job.pk)
    messages.success(request, f"{count} training records imported.")
    return redirect("training:dashboard")
