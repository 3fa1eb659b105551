"""People and their roles: search, detail, grant, revoke and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from common.jobs import start_job
from common.views.helpers import apply_service_errors, require_perm

from ... import permissions, selectors, services
from ...forms.organisation import GrantRoleForm, PeopleSearchForm
from ...models import RoleAssignment
from ...tasks import export_people


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
