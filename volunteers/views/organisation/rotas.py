"""Rotas within a region: create, edit and merge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.views.helpers import apply_service_errors, form_page

from ... import permissions, services
from ...forms.organisation import RotaForm, RotaMergeForm
from ...models import CentreRegionLink, HearingCentre, Rota, RotaCentreLink
from .changes import change_page


def _region_centres(region):
    return HearingCentre.objects.filter(
        region_links__in=CentreRegionLink.objects.current().filter(region=region)
    )


@require_http_methods(["GET", "POST"])
@login_required
def rota_new(request, code):
    region = permissions.get_region_for_user(request.user, code)
    form = RotaForm(request.POST or None, centres=_region_centres(region))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_rota(region=region, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Rota {form.cleaned_data['name']} created.")
            return redirect("volunteers:region", code=region.code)
    return form_page(
        request,
        form,
        heading=f"New rota in {region.name}",
        submit="Create rota",
        cancel_url=reverse("volunteers:region", args=[region.code]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def rota_edit(request, pk):
    rota = permissions.get_rota_for_user(request.user, pk)
    current = RotaCentreLink.objects.current().filter(rota=rota)
    form = RotaForm(
        request.POST or None,
        centres=_region_centres(rota.region),
        initial={"name": rota.name, "centres": [link.centre_id for link in current]},
    )
    return change_page(
        request,
        form,
        build=lambda data: services.OrganisationChange.redraw_rota(
            rota=rota, centres=data["centres"], on=data["on"]
        ),
        heading=f"Edit rota {rota.name}",
        cancel_url=reverse("volunteers:region", args=[rota.region.code]),
        success_url=reverse("volunteers:region", args=[rota.region.code]),
        before_apply=lambda data: services.update_rota(
            rota=rota, name=data["name"], by=request.user
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def rota_merge(request, pk):
    rota = permissions.get_rota_for_user(request.user, pk)
    others = Rota.objects.filter(region=rota.region, is_active=True).exclude(pk=rota.pk)
    form = RotaMergeForm(request.POST or None, rotas=others)
    return change_page(
        request,
        form,
        build=lambda data: services.OrganisationChange.merge_rotas(
            source=rota, target=data["target"], on=data["on"]
        ),
        heading=f"Merge rota {rota.name}",
        cancel_url=reverse("volunteers:region", args=[rota.region.code]),
        success_url=reverse("volunteers:region", args=[rota.region.code]),
    )
