"""Staff pages for serving volunteers: their record, leave, moves, leaving, reappointment,
and (for national administrators) the audit log of people's records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.views.helpers import apply_service_errors, form_page, require_perm

from .. import permissions, reappointment
from ..forms import lifecycle as forms
from ..models import (
    CentreRegionLink,
    DataDeletionRequest,
    HearingCentre,
    Rota,
    VolunteerStatus,
)
from ..selectors import recruitment as selectors
from ..services import lifecycle as services
from ..services.recruitment import close_deletion_request


@require_GET
@login_required
def volunteer_list(request):
    require_perm(request.user, "volunteers.manage_volunteers")
    status = request.GET.get("status", "")
    volunteers = permissions.managed_volunteers(request.user).select_related(
        "user", "home_region", "home_local_authority"
    )
    if status in VolunteerStatus.values:
        volunteers = volunteers.filter(status=status)
    page = Paginator(volunteers.order_by("user__last_name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "volunteers/lifecycle/volunteer_list.html",
        {"page": page, "statuses": VolunteerStatus.choices, "status": status},
    )


@require_GET
@login_required
def volunteer_detail(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    return render(
        request,
        "volunteers/lifecycle/volunteer_detail.html",
        {
            "volunteer": volunteer,
            **selectors.volunteer_history(volunteer),
            "centres": volunteer.centres.all(),
            "rotas": volunteer.rotas.all(),
            "active": volunteer.status in services.ACTIVE,
        },
    )


def _action_page(request, volunteer, form, heading, submit, intro=""):
    return form_page(
        request,
        form,
        heading=heading,
        submit=submit,
        cancel_url=reverse("lifecycle:volunteer", args=[volunteer.pk]),
        intro=intro,
        label=str(volunteer),
    )


@require_http_methods(["GET", "POST"])
@login_required
def volunteer_edit(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    centres = HearingCentre.objects.filter(
        region_links__in=CentreRegionLink.objects.current().filter(region=volunteer.home_region)
    )
    rotas = Rota.objects.filter(region=volunteer.home_region, is_active=True)
    initial = {
        "max_travel_km": volunteer.max_travel_km,
        "languages": volunteer.languages,
        "accessibility_needs": volunteer.accessibility_needs,
        "declared_conflicts": volunteer.declared_conflicts,
        "centres": list(volunteer.centres.values_list("pk", flat=True)),
        "rotas": list(volunteer.rotas.values_list("pk", flat=True)),
    }
    form = forms.VolunteerProfileForm(
        request.POST or None, initial=initial, centres=centres, rotas=rotas
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_volunteer_profile(
                volunteer=volunteer, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Record updated.")
            return redirect("lifecycle:volunteer", pk=volunteer.pk)
    return _action_page(request, volunteer, form, f"Edit {volunteer}", "Save changes")


@require_http_methods(["GET", "POST"])
@login_required
def volunteer_leave(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    form = forms.LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_leave(volunteer=volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Leave of absence recorded.")
            return redirect("lifecycle:volunteer", pk=volunteer.pk)
    return _action_page(request, volunteer, form, "Record a leave of absence", "Record leave")


@require_POST
@login_required
def volunteer_return(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    try:
        services.return_from_leave(volunteer=volunteer, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{volunteer} is back from leave.")
    return redirect("lifecycle:volunteer", pk=volunteer.pk)


@require_http_methods(["GET", "POST"])
@login_required
def volunteer_move(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    form = forms.MoveForm(request.POST or None, regions=permissions.managed_regions(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_volunteer(volunteer=volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Move recorded; the previous area is kept in the history.")
            return redirect("lifecycle:volunteer", pk=volunteer.pk)
    return _action_page(request, volunteer, form, "Record a move", "Record move")


@require_http_methods(["GET", "POST"])
@login_required
def volunteer_resign(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    form = forms.ResignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resign_volunteer(volunteer=volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Resignation recorded.")
            return redirect("lifecycle:volunteer", pk=volunteer.pk)
    return _action_page(request, volunteer, form, "Record a resignation", "Record resignation")


@require_http_methods(["GET", "POST"])
@login_required
def volunteer_remove(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    require_perm(request.user, "volunteers.remove_volunteers")
    form = forms.RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_volunteer(volunteer=volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Removal recorded.")
            return redirect("lifecycle:volunteer", pk=volunteer.pk)
    return _action_page(
        request,
        volunteer,
        form,
        "Record a removal",
        "Record removal",
        intro="A panel member can be removed only by the National Convener, with the consent of "
        "the Lord President of the Court of Session. Record who consented and when; the record "
        "keeps who entered it.",
    )


@require_GET
@login_required
def reappointments(request):
    require_perm(request.user, "volunteers.manage_volunteers")
    terms = selectors.terms_ending(permissions.managed_volunteers(request.user))
    facts = {}
    if terms:
        start = min(t.starts_on for t in terms)
        end = max(t.ends_on for t in terms)
        facts = reappointment.facts_for(
            [t.volunteer for t in terms], term_start=start, term_end=end
        )
    rows = [{"term": t, "facts": facts.get(t.volunteer_id, [])} for t in terms]
    return render(request, "volunteers/lifecycle/reappointments.html", {"rows": rows})


@require_POST
@login_required
def volunteer_reappoint(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    try:
        term = services.reappoint_volunteer(volunteer=volunteer, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{volunteer} reappointed until {term.ends_on:%-d %B %Y}.")
    return redirect("lifecycle:reappointments")


@require_POST
@login_required
def volunteer_end_term(request, pk):
    require_perm(request.user, "volunteers.manage_volunteers")
    volunteer = permissions.get_volunteer_for_user(request.user, pk)
    try:
        services.end_term(volunteer=volunteer, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{volunteer}'s service ends with their term.")
    return redirect("lifecycle:reappointments")


@require_GET
@login_required
def audit(request):
    require_perm(request.user, "volunteers.view_audit")
    page = Paginator(selectors.audit_entries(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/lifecycle/audit.html",
        {
            "page": page,
            "deletion_requests": DataDeletionRequest.objects.filter(handled_at__isnull=True),
        },
    )


@require_POST
@login_required
def deletion_handled(request, pk):
    require_perm(request.user, "volunteers.view_audit")
    deletion_request = get_object_or_404(DataDeletionRequest, pk=pk)
    try:
        close_deletion_request(deletion_request=deletion_request, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Request from {deletion_request.email} marked as dealt with.")
    return redirect("lifecycle:audit")
