"""The volunteer's own pages: My training, booking, released observations, extensions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.views.helpers import apply_service_errors, form_page, require_perm

from .. import permissions, selectors, services
from ..forms import ExtensionRequestForm
from ..models import TrainingSession


@require_GET
@login_required
def my_training(request):
    require_perm(request.user, "training.view_own")
    volunteer = request.user.volunteer
    return render(
        request,
        "training/my_training.html",
        {
            "volunteer": volunteer,
            **selectors.my_training(volunteer, on=timezone.localdate()),
        },
    )


@require_POST
@login_required
def book(request, pk):
    require_perm(request.user, "training.view_own")
    volunteer = request.user.volunteer
    session = selectors.bookable_sessions(volunteer, on=timezone.localdate()).filter(pk=pk).first()
    if session is None:
        # Not offered to this volunteer (another region, past, or already booked).
        messages.error(request, "That session cannot be booked.")
        return redirect("training:my_training")
    try:
        enrolment = services.enrol_volunteer(
            session=session, volunteer=volunteer, by=request.user, self_enrolled=True
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment.status == "booked":
            messages.success(request, f"You are booked on {session}.")
        else:
            messages.success(
                request,
                f"{session} is full: you are on the waiting list and will be told if "
                "a place comes free.",
            )
    return redirect("training:my_training")


@require_POST
@login_required
def cancel_booking(request, pk):
    require_perm(request.user, "training.view_own")
    enrolment = permissions.get_own_enrolment(request.user, pk)
    if enrolment.session.status != TrainingSession.Status.SCHEDULED:
        messages.error(request, "This booking can no longer be cancelled.")
        return redirect("training:my_training")
    try:
        services.cancel_enrolment(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Your booking is cancelled.")
    return redirect("training:my_training")


@require_GET
@login_required
def my_observation(request, pk):
    require_perm(request.user, "training.view_own")
    observation = permissions.get_own_observation(request.user, pk)
    return render(
        request,
        "training/my_observation.html",
        {"observation": observation, "ratings": observation.ratings.select_related("standard")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_extension(request):
    require_perm(request.user, "training.view_own")
    volunteer = request.user.volunteer
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_award_extension(
                volunteer=volunteer, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your request has been sent to your region's trainers.")
            return redirect("training:my_training")
    return form_page(
        request,
        form,
        heading="Ask for more time to complete the award",
        submit="Send request",
        cancel_url=reverse("training:my_training"),
    )
