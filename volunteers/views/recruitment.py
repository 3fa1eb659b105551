"""Staff pages for recruitment: campaigns, the pipeline, one application, selection.

Selectors (PPAs and regional administrators) see the applications of their own regions;
national administrators see all. Anything outside someone's regions is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.jobs import start_job
from common.views.helpers import apply_service_errors, form_page, require_perm

from .. import permissions
from ..forms import recruitment as forms
from ..forms.recruitment import EQUALITY_CHOICES
from ..models import ApplicationStatus, EqualityResponse, Role
from ..selectors import recruitment as selectors
from ..services import recruitment as services
from ..tasks import bulk_application_action, export_pipeline


def _filtered(request):
    """The pipeline filter form and the applications it selects."""
    regions = permissions.selection_regions(request.user)
    form = forms.PipelineFilterForm(request.GET or None, regions=regions)
    filters = form.cleaned_data if form.is_valid() else {}
    visible = permissions.visible_applications(request.user)
    return form, filters, visible


@require_GET
@login_required
def pipeline(request):
    require_perm(request.user, "volunteers.select_applicants")
    form, filters, visible = _filtered(request)
    applications = selectors.pipeline(visible, **filters)
    without_status = {k: v for k, v in filters.items() if k != "status"}
    counts = selectors.status_counts(selectors.pipeline(visible, **without_status))
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    bulk = forms.BulkActionForm(applications=visible)
    return render(
        request,
        "volunteers/recruitment/pipeline.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "bulk": bulk,
            "events": list(bulk.fields["event"].queryset.select_related("campaign")),
            "query": request.GET.urlencode(),
        },
    )


@require_POST
@login_required
def pipeline_bulk(request):
    require_perm(request.user, "volunteers.select_applicants")
    visible = permissions.visible_applications(request.user)
    form = forms.BulkActionForm(request.POST, applications=visible)
    if not form.is_valid():
        for error in [*form.non_field_errors(), *sum(form.errors.values(), [])]:
            messages.error(request, error)
        return redirect("recruitment:pipeline")
    data = form.cleaned_data
    ids = [a.pk for a in data["applications"]]
    title = dict(forms.BulkActionForm.ACTIONS)[data["action"]]
    job = start_job(
        owner=request.user, kind="recruitment_bulk", title=f"{title} ({len(ids)})", total=len(ids)
    )
    bulk_application_action.delay_on_commit(
        job_id=str(job.pk),
        application_ids=ids,
        action=data["action"],
        event_id=data["event"].pk if data["event"] else None,
        subject=data["subject"],
        message=data["message"],
    )
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@login_required
def pipeline_export(request):
    require_perm(request.user, "volunteers.select_applicants")
    _form, filters, visible = _filtered(request)
    ids = list(selectors.pipeline(visible, **filters).values_list("pk", flat=True))
    job = start_job(owner=request.user, kind="pipeline_export", title="Export the pipeline")
    export_pipeline.delay_on_commit(job_id=str(job.pk), application_ids=ids)
    return redirect("jobs:detail", pk=job.pk)


@require_GET
@login_required
def funnel(request):
    require_perm(request.user, "volunteers.select_applicants")
    form, filters, visible = _filtered(request)
    filters.pop("status", None)
    rows = selectors.funnel(selectors.pipeline(visible, **filters))
    responses = EqualityResponse.objects.filter(
        region__in=permissions.selection_regions(request.user)
    )
    if permissions.is_national_admin(request.user):
        responses = EqualityResponse.objects.all()
    if filters.get("campaign"):
        responses = responses.filter(campaign=filters["campaign"])
    if filters.get("region"):
        responses = responses.filter(region=filters["region"])
    return render(
        request,
        "volunteers/recruitment/funnel.html",
        {
            "form": form,
            "rows": rows,
            "chart": selectors.funnel_chart(rows),
            "equality": selectors.equality_report(responses, EQUALITY_CHOICES)[0],
        },
    )


# --- One application ---------------------------------------------------------------------


def _transition_form(application, data=None):
    choices = [(s, ApplicationStatus(s).label) for s in application.next_statuses()]
    return forms.TransitionForm(data, choices=choices, initial={"version": application.version})


def _detail(request, application, transition_form=None, status=200):
    return render(
        request,
        "volunteers/recruitment/application_detail.html",
        {
            "application": application,
            **selectors.application_detail(application),
            "transition_form": transition_form or _transition_form(application),
        },
        status=status,
    )


@require_GET
@login_required
def application_detail(request, pk):
    require_perm(request.user, "volunteers.select_applicants")
    application = permissions.get_application_for_user(request.user, pk)
    return _detail(request, application)


@require_POST
@login_required
def application_transition(request, pk):
    require_perm(request.user, "volunteers.select_applicants")
    application = permissions.get_application_for_user(request.user, pk)
    form = _transition_form(application, request.POST)
    if not form.is_valid() and "to_status" in form.errors and form.data.get("to_status"):
        # A choice no longer offered means someone else moved it on first: say so plainly.
        form.errors.pop("to_status")
        form.add_error(None, services.STALE_MESSAGE)
        return _detail(request, application, form, status=409)
    if form.is_valid():
        try:
            services.transition_application(
                application=application,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            stale = services.STALE_MESSAGE in error.messages
            application.refresh_from_db()
            return _detail(request, application, form, status=409 if stale else 400)
        messages.success(
            request,
            f"Moved to '{ApplicationStatus(form.cleaned_data['to_status']).label}'.",
        )
        return redirect("recruitment:application", pk=application.pk)
    return _detail(request, application, form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def application_score(request, pk):
    require_perm(request.user, "volunteers.select_applicants")
    application = permissions.get_application_for_user(request.user, pk)
    form = forms.ScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_scores(
                application=application,
                by=request.user,
                stage=form.cleaned_data["stage"],
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comments=form.cleaned_data["comments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your scores have been saved.")
            return redirect("recruitment:application", pk=application.pk)
    return form_page(
        request,
        form,
        heading=f"Score {application.full_name}",
        submit="Save scores",
        cancel_url=reverse("recruitment:application", args=[application.pk]),
        intro="Score each competency on the evidence you saw. Other selectors' scores are "
        "shown on the application once you have saved yours.",
    )


@require_POST
@login_required
def application_references(request, pk):
    require_perm(request.user, "volunteers.select_applicants")
    application = permissions.get_application_for_user(request.user, pk)
    try:
        count = services.request_references(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Reference requests sent to {count} referee(s).")
    return redirect("recruitment:application", pk=application.pk)


@require_http_methods(["GET", "POST"])
@login_required
def application_pvg(request, pk):
    require_perm(request.user, "volunteers.select_applicants")
    application = permissions.get_application_for_user(request.user, pk)
    record = getattr(application, "pvg", None)
    initial = (
        {
            "status": record.status,
            "membership_number": record.membership_number,
            "applied_on": record.applied_on,
            "result_on": record.result_on,
        }
        if record
        else {}
    )
    form = forms.PvgForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pvg(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "PVG record saved.")
            return redirect("recruitment:application", pk=application.pk)
    return form_page(
        request,
        form,
        heading=f"PVG check for {application.full_name}",
        submit="Save PVG record",
        cancel_url=reverse("recruitment:application", args=[application.pk]),
        intro="Record the status, scheme membership number and dates only. Never record the "
        "content of a disclosure.",
    )


# --- Campaigns ---------------------------------------------------------------------------


@require_GET
@login_required
def campaign_list(request):
    require_perm(request.user, "volunteers.select_applicants")
    campaigns = selectors.campaigns_with_counts(permissions.manageable_campaigns(request.user))
    return render(
        request,
        "volunteers/recruitment/campaign_list.html",
        {
            "campaigns": campaigns,
            "can_create": request.user.has_perm("volunteers.manage_campaigns"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def campaign_new(request):
    require_perm(request.user, "volunteers.manage_campaigns")
    regions = permissions.scoped_regions(request.user, Role.REGIONAL_ADMIN).filter(is_active=True)
    form = forms.CampaignForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            form.add_error("regions", "You may only run campaigns in your own regions.")
        else:
            messages.success(request, f"Campaign '{campaign.name}' created.")
            return redirect("recruitment:campaign", pk=campaign.pk)
    return form_page(
        request,
        form,
        heading="New recruitment campaign",
        submit="Create campaign",
        cancel_url=reverse("recruitment:campaigns"),
        intro="People who have expressed interest in the campaign's areas are emailed when "
        "it opens.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def campaign_detail(request, pk):
    campaign = permissions.get_campaign_for_user(request.user, pk)
    form = forms.CampaignEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_campaign_event(campaign=campaign, by=request.user, **form.cleaned_data)
        messages.success(request, "Event added.")
        return redirect("recruitment:campaign", pk=campaign.pk)
    return render(
        request,
        "volunteers/recruitment/campaign_detail.html",
        {
            "campaign": campaign,
            "events": campaign.events.all(),
            "regions": campaign.regions.all(),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
