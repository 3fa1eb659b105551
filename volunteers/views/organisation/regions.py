"""The organisation model, local authorities and regions: create, rename, merge, redraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
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


@require_GET
@login_required
def organisation(request):
    require_perm(request.user, "volunteers.administer")
    regions = selectors.regions_with_counts(permissions.managed_regions(request.user))
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
    return render(
        request,
        "volunteers/region_detail.html",
        {
            "region": region,
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
    if request.method == "POST" and form.is_valid():
        try:
            target = services.merge_regions(
                source=region,
                target=form.cleaned_data["target"],
                on=form.cleaned_data["on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{region.name} has been merged into {target.name}.")
            return redirect("volunteers:region", code=target.code)
    return form_page(
        request,
        form,
        heading=f"Merge {region.name} into another region",
        submit="Merge regions",
        cancel_url=reverse("volunteers:region", args=[region.code]),
        intro=(
            "Its centres, council areas, rotas, volunteers and regional roles move to the region "
            "you choose from the date given. Sessions before that date stay reported under "
            f"{region.name}."
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
    if request.method == "POST" and form.is_valid():
        services.redraw_region_councils(
            region=region,
            local_authorities=form.cleaned_data["local_authorities"],
            on=form.cleaned_data["on"],
            by=request.user,
        )
        messages.success(request, f"Council areas for {region.name} updated.")
        return redirect("volunteers:region", code=region.code)
    return form_page(
        request,
        form,
        heading=f"Council areas served by {region.name}",
        submit="Save council areas",
        cancel_url=reverse("volunteers:region", args=[region.code]),
    )
