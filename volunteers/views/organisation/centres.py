"""Hearing centres: list, create, edit and move between regions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from common.views.helpers import apply_service_errors, form_page, require_perm

from ... import permissions, selectors, services
from ...forms.organisation import CentreForm, CentreMoveForm, NewCentreForm
from .changes import change_page


@require_GET
@login_required
def centre_list(request):
    require_perm(request.user, "volunteers.administer")
    centres = selectors.centres_with_current_region(permissions.managed_centres(request.user))
    return render(request, "volunteers/centre_list.html", {"centres": centres})


@require_GET
@login_required
def centre_detail(request, pk):
    centre = permissions.get_centre_for_user(request.user, pk)
    timeline = selectors.centre_timeline(centre, today=timezone.localdate())
    context = {"centre": centre, "timeline": timeline, "status": selectors.centre_status(timeline)}
    return render(request, "volunteers/centre_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def centre_new(request):
    require_perm(request.user, "volunteers.administer")
    form = NewCentreForm(request.POST or None, regions=permissions.managed_regions(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            centre = services.create_centre(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{centre.name} added.")
            return redirect("volunteers:centres")
    return form_page(
        request,
        form,
        heading="Add a hearing centre",
        submit="Add centre",
        cancel_url=reverse("volunteers:centres"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def centre_edit(request, pk):
    centre = permissions.get_centre_for_user(request.user, pk)
    initial = {f: getattr(centre, f) for f in CentreForm.base_fields}
    form = CentreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_centre(centre=centre, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{centre.name} updated.")
            return redirect("volunteers:centre", pk=centre.pk)
    return form_page(
        request,
        form,
        heading=f"Edit {centre.name}",
        submit="Save changes",
        cancel_url=reverse("volunteers:centres"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def centre_move(request, pk):
    centre = permissions.get_centre_for_user(request.user, pk)
    require_perm(request.user, "volunteers.change_structure")
    form = CentreMoveForm(request.POST or None)
    return change_page(
        request,
        form,
        build=lambda data: services.OrganisationChange.move_centre(
            centre=centre, region=data["region"], on=data["on"]
        ),
        heading=f"Move {centre.name} to another region",
        cancel_url=reverse("volunteers:centres"),
        success_url=reverse("volunteers:centre", args=[centre.pk]),
        intro="Sessions before the date you give stay reported under the current region; "
        "sessions from that date move with the centre.",
    )
