"""Organisation, people and roles pages. Each view: permission helper → form → service →
redirect. Objects outside the user's regions are 404s (see permissions.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.jobs import start_job

from .. import permissions, selectors, services
from ..forms.organisation import (
    CentreForm,
    CentreMoveForm,
    GrantRoleForm,
    NewCentreForm,
    OrganisationModelForm,
    PeopleSearchForm,
    RegionCouncilsForm,
    RegionForm,
    RegionMergeForm,
    RegionRenameForm,
    RotaForm,
    RotaMergeForm,
)
from ..models import (
    CentreRegionLink,
    HearingCentre,
    LocalAuthority,
    OrganisationSetting,
    RegionLocalAuthority,
    RoleAssignment,
    Rota,
    RotaCentreLink,
)
from ..selectors.recruitment import applications_of
from ..tasks import export_people
from .common import apply_service_errors, form_page, require_perm

# --- Public and personal pages ----------------------------------------------------------


@require_GET
def privacy(request):
    return render(request, "pages/privacy.html")


@require_GET
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_GET
@login_required
def dashboard(request):
    # Where everyone lands after signing in: an applicant with an unfinished application is
    # sent straight back to it.
    draft = next((a for a in applications_of(request.user) if a.is_draft), None)
    return render(
        request,
        "volunteers/dashboard.html",
        {"roles": request.user.active_roles(), "draft_application": draft},
    )


# --- Organisation ----------------------------------------------------------------------


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


# --- Hearing centres -------------------------------------------------------------------


@require_GET
@login_required
def centre_list(request):
    require_perm(request.user, "volunteers.administer")
    centres = selectors.centres_with_current_region(permissions.managed_centres(request.user))
    return render(request, "volunteers/centre_list.html", {"centres": centres})


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
            return redirect("volunteers:centres")
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
    if request.method == "POST" and form.is_valid():
        try:
            services.move_centre(centre=centre, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{centre.name} moves to {form.cleaned_data['region']}.")
            return redirect("volunteers:centres")
    return form_page(
        request,
        form,
        heading=f"Move {centre.name} to another region",
        submit="Move centre",
        cancel_url=reverse("volunteers:centres"),
        intro="Sessions before the date you give stay reported under the current region.",
    )


# --- Rotas -----------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rota(rota=rota, name=form.cleaned_data["name"], by=request.user)
            services.redraw_rota(
                rota=rota,
                centres=form.cleaned_data["centres"],
                on=form.cleaned_data["on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Rota {rota.name} saved.")
            return redirect("volunteers:region", code=rota.region.code)
    return form_page(
        request,
        form,
        heading=f"Edit rota {rota.name}",
        submit="Save rota",
        cancel_url=reverse("volunteers:region", args=[rota.region.code]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def rota_merge(request, pk):
    rota = permissions.get_rota_for_user(request.user, pk)
    others = Rota.objects.filter(region=rota.region, is_active=True).exclude(pk=rota.pk)
    form = RotaMergeForm(request.POST or None, rotas=others)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.merge_rotas(source=rota, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{rota.name} merged into {target.name}.")
            return redirect("volunteers:region", code=rota.region.code)
    return form_page(
        request,
        form,
        heading=f"Merge rota {rota.name}",
        submit="Merge rotas",
        cancel_url=reverse("volunteers:region", args=[rota.region.code]),
    )


# --- People and roles ------------------------------------------------------------------


@require_GET
@login_required
def people(request):
    require_perm(request.user, "volunteers.administer")
    form = PeopleSearchForm(request.GET or None)
    q = role = ""
    if form.is_valid():
        q, role = form.cleaned_data["q"], form.cleaned_data["role"]
    found = selectors.people_list(permissions.managed_people(request.user), q=q, role=role)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "volunteers/people.html", {"form": form, "page": page})


@require_GET
@login_required
def person_detail(request, pk):
    require_perm(request.user, "volunteers.administer")
    person = permissions.get_person_for_user(request.user, pk)
    return render(request, "volunteers/person_detail.html", _person_context(request, person))


def _grant_form(request, data=None) -> GrantRoleForm:
    """The grant form offering only roles and regions this user may grant."""
    regions = permissions.managed_regions(request.user).filter(is_active=True)
    roles = sorted(
        {
            r
            for region in [None, *regions]
            for r in permissions.grantable_roles(request.user, region)
        }
    )
    return GrantRoleForm(data, roles=roles, regions=regions)


def _person_context(request, person, form=None):
    form = form or _grant_form(request)
    return {
        "person": person,
        "grants": selectors.role_history(person),
        "form": form,
        "can_grant_any": len(form.fields["role"].choices) > 1,
    }


@require_POST
@login_required
def role_grant(request, pk):
    require_perm(request.user, "volunteers.administer")
    person = permissions.get_person_for_user(request.user, pk)
    form = _grant_form(request, request.POST)
    if form.is_valid():
        try:
            grant = services.grant_role(
                user=person,
                role=form.cleaned_data["role"],
                region=form.cleaned_data["region"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            form.add_error(None, "You may not grant that role in that region.")
        else:
            messages.success(request, f"{person} is now {grant}.")
            return redirect("volunteers:person", pk=person.pk)
    context = _person_context(request, person, form)
    return render(request, "volunteers/person_detail.html", context, status=400)


@require_POST
@login_required
def role_revoke(request, pk):
    require_perm(request.user, "volunteers.administer")
    grant = get_object_or_404(
        RoleAssignment.objects.select_related("region", "user"),
        pk=pk,
        user__in=permissions.managed_people(request.user),
    )
    if not permissions.can_grant(request.user, grant.role, grant.region):
        raise Http404("No such role grant")
    try:
        services.revoke_role(assignment=grant, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{grant} revoked from {grant.user}.")
    return redirect("volunteers:person", pk=grant.user_id)


@require_POST
@login_required
def people_export(request):
    require_perm(request.user, "volunteers.administer")
    job = start_job(owner=request.user, kind="people_export", title="Export people and roles")
    export_people.delay_on_commit(job_id=str(job.pk))
    return redirect("jobs:detail", pk=job.pk)
