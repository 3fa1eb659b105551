"""Members' conflicts of interest: the exclusions the engine must respect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from volunteers.views.common import apply_service_errors

from ... import permissions, services
from ...forms import ExclusionForm


@require_http_methods(["GET", "POST"])
@login_required
def member_exclusions(request, pk):
    volunteer = permissions.get_member_for_user(request.user, pk)
    form = ExclusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_exclusion(volunteer=volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Exclusion recorded.")
            return redirect("rostering:member_exclusions", pk=volunteer.pk)
    exclusions = volunteer.exclusions.select_related("local_authority", "centre")
    return render(
        request,
        "rostering/member_exclusions.html",
        {"volunteer": volunteer, "exclusions": exclusions, "form": form},
    )


@require_POST
@login_required
def exclusion_remove(request, pk):
    exclusion = permissions.get_exclusion_for_user(request.user, pk)
    services.remove_exclusion(exclusion=exclusion, by=request.user)
    messages.success(request, "Exclusion removed.")
    return redirect("rostering:member_exclusions", pk=exclusion.volunteer_id)
