"""The organisation model, local authorities and regions: create, rename, merge, redraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from common.views.helpers import apply_service_errors, form_page, require_perm

from ... import permissions, selectors, services
from ...forms.organisation import (
    OrganisationModelForm,
    RegionCouncilsForm,
    RegionForm,
    RegionMergeForm,
    RegionRenameForm,
)
from ...models import LocalAuthority, OrganisationSetting, RegionLocalAuthority
from .changes import change_page


@require_GET
@login_required
def organisation(request):
    require_perm(request.user, "volunteers.administer")
    regions = list(selectors.regions_with_counts(permissions.managed_regions(request.user)))
    today = timezone.localdate()
    for region in regions:
        region.status = region.status_on(today)
        region.merged = region.is_merged_on(today)
    return render(
        request,
        "volunteers/organisation.html",
        {
            "regions": regions,
            "setting": OrganisationSetting.load(),
            "can_change_structure": request.user.has_perm("volunteers.change_structure"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def organisation_model(request):
    require_perm(request.user, "volunteers.change_organisation_model")
    setting = OrganisationSetting.load()
    form = OrganisationModelForm(request.POST or None, initial={"model": setting.model})
    if request.method == "POST" and form.is_valid():
        services.set_organisation_model(model=form.cleaned_data["model"], by=request.user)
        messages.success(request, "The organisation model has been changed.")
        return redirect("volunteers:organisation")
    return render(request, "volunteers/organisation_model.html", {"form": form, "setting": setting})


@require_GET
@login_required
def local_authorities(request):
    require_perm(request.user, "volunteers.administer")
    links = RegionLocalAuthority.objects.current().select_related("region")
    by_council: dict[int, list] = {}
    for link in links:
        by_council.setdefault(link.local_authority_id, []).append(link.region)
    councils = [(la, by_council.get(la.pk, [])) for la in LocalAuthority.objects.all()]
    return render(request, "volunteers/local_authorities.html", {"councils": councils})


@require_http_methods(["GET", "POST"])
@login_required
def region_new(request):
    require_perm(request.user, "volunteers.change_structure")
    form = RegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            region = services.create_region(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Region {region.name} created.")
            return redirect("volunteers:region", code=region.code)
    return form_page(
        request,
        form,
        heading="Create a region",
        submit="Create region",
        cancel_url=reverse("volunteers:organisation"),
        intro="Link council areas and hearing centres to it once it exists.",
    )


@require_GET
@login_required
def region_detail(request, code):
    region = permissions.get_region_for_user(request.user, code)
    today = timezone.localdate()
    return render(
        request,
        "volunteers/region_detail.html",
        {
            "region": region,
            "status": region.status_on(today),
            "timeline": selectors.region_timeline(region, today=today),
            **selectors.region_detail(region),
            "can_change_structure": request.user.has_perm("volunteers.change_structure"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def region_rename(request, code):
    region = permissions.get_region_for_user(request.user, code)
    require_perm(request.user, "volunteers.change_structure")
    form = RegionRenameForm(request.POST or None, initial={"name": region.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_region(region=region, name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Region renamed.")
            return redirect("volunteers:region", code=region.code)
    return form_page(
        request,
        form,
        heading=f"Rename {region.name}",
        submit="Rename",
        cancel_url=reverse("volunteers:region", args=[region.code]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def region_merge(request, code):
    region = permissions.get_region_for_user(request.user, code)
    require_perm(request.user, "volunteers.change_structure")
    form = RegionMergeForm(request.POST or None, source=region)
    return change_page(
        request,
        form,
        build=lambda data: services.OrganisationChange.merge_regions(
            source=region, target=data["target"], on=data["on"]
        ),
        heading=f"Merge {region.name} into another region",
        cancel_url=reverse("volunteers:region", args=[region.code]),
        success_url=lambda: reverse("volunteers:region", args=[form.cleaned_data["target"].code]),
        intro=(
            "Its centres, council areas, rotas, volunteers and regional roles move to the region "
            "you choose from the date given, and so do sessions already imported for that date "
            f"onwards. Sessions before that date stay reported under {region.name}. You will see "
            "what changes before anything is saved."
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def region_councils(request, code):
    region = permissions.get_region_for_user(request.user, code)
    require_perm(request.user, "volunteers.change_structure")
    current = RegionLocalAuthority.objects.current().filter(region=region)
    form = RegionCouncilsForm(
        request.POST or None,
        initial={"local_authorities": [link.local_authority_id for link in current]},
    )
    return change_page(
        request,
        form,
        build=lambda data: services.OrganisationChange.redraw_region_councils(
            region=region, local_authorities=data["local_authorities"], on=data["on"]
        ),
        heading=f"Council areas served by {region.name}",
        cancel_url=reverse("volunteers:region", args=[region.code]),
        success_url=reverse("volunteers:region", args=[region.code]),
    )
