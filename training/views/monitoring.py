"""PPAs' pages: observations, practice reviews and who is due for them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.views.helpers import apply_service_errors, form_page, require_perm
from volunteers.permissions import managed_regions

from .. import permissions, selectors, services
from ..forms import FollowUpForm, ObservationForm, PpaAssignmentForm, PracticeReviewForm
from ..models import CompetencyStandard, PpaAssignment


@require_GET
@login_required
def monitoring_home(request):
    require_perm(request.user, "training.monitor")
    user = request.user
    return render(
        request,
        "training/monitoring_home.html",
        {
            "observations": permissions.visible_observations(user)
            .select_related("volunteer__user", "centre", "observer")
            .order_by("-session_date")[:100],
            "reviews": permissions.visible_reviews(user)
            .select_related("volunteer__user", "reviewer")
            .order_by("-held_on")[:100],
            "due": selectors.monitoring_due(
                permissions.monitoring_regions(user), on=timezone.localdate()
            ),
            "assigned": PpaAssignment.objects.filter(ppa=user, ended_at__isnull=True)
            .select_related("volunteer__user")
            .order_by("volunteer__user__last_name"),
            "can_assign": user.has_perm("training.assign_ppa"),
        },
    )


def _observable_standards(framework):
    return CompetencyStandard.objects.filter(framework=framework, observable=True).select_related(
        "area"
    )


@require_http_methods(["GET", "POST"])
@login_required
def observation_new(request):
    require_perm(request.user, "training.monitor")
    framework = selectors.live_framework()
    form = ObservationForm(
        request.POST or None,
        volunteers=permissions.monitored_volunteers(request.user),
        standards=_observable_standards(framework),
        initial={"volunteer": request.GET.get("email", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            observation = services.record_observation(
                volunteer=form.cleaned_data["volunteer"],
                ratings=form.ratings(),
                by=request.user,
                **form.details(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Observation saved as a draft. Only you can see it.")
            return redirect("training:observation", pk=observation.pk)
    return form_page(
        request,
        form,
        heading="Record an observation",
        submit="Save draft",
        intro="Record the session by centre, date and the Reporter's reference. "
        "Never write a child's name or case details.",
        cancel_url=reverse("training:monitoring"),
    )


@require_GET
@login_required
def observation_detail(request, pk):
    require_perm(request.user, "training.monitor")
    observation = permissions.get_observation_for_user(request.user, pk)
    return render(
        request,
        "training/observation_detail.html",
        {
            "observation": observation,
            "ratings": observation.ratings.select_related("standard__area"),
            "can_change": not observation.is_released
            and observation.observer_id == request.user.pk,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def observation_edit(request, pk):
    require_perm(request.user, "training.monitor")
    observation = permissions.get_observation_for_user(request.user, pk)
    ratings = {r.standard_id: r for r in observation.ratings.all()}
    initial = {
        "centre": observation.centre_id,
        "session_date": observation.session_date,
        "half": observation.half,
        "session_reference": observation.session_reference,
        "role": observation.role,
        "strengths": observation.strengths,
        "development_points": observation.development_points,
        "outcome": observation.outcome,
    }
    for standard_id, rating in ratings.items():
        initial[f"rating_{standard_id}"] = rating.rating
        initial[f"comment_{standard_id}"] = rating.comment
    form = ObservationForm(
        request.POST or None,
        volunteers=None,
        standards=_observable_standards(observation.framework),
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_observation(
                observation=observation, by=request.user, ratings=form.ratings(), **form.details()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Observation saved.")
            return redirect("training:observation", pk=observation.pk)
    return form_page(
        request,
        form,
        heading=f"Observation of {observation.volunteer}",
        submit="Save",
        cancel_url=reverse("training:observation", args=[observation.pk]),
    )


@require_POST
@login_required
def observation_release(request, pk):
    require_perm(request.user, "training.monitor")
    observation = permissions.get_observation_for_user(request.user, pk)
    try:
        services.release_observation(observation=observation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Shared with {observation.volunteer}.")
    return redirect("training:observation", pk=observation.pk)


@require_http_methods(["GET", "POST"])
@login_required
def review_new(request):
    require_perm(request.user, "training.monitor")
    form = PracticeReviewForm(
        request.POST or None, volunteers=permissions.monitored_volunteers(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.record_practice_review(
                volunteer=data["volunteer"],
                held_on=data["held_on"],
                summary=data["summary"],
                next_review_due=data["next_review_due"],
                actions=form.actions(),
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Practice review recorded.")
            return redirect("training:review", pk=review.pk)
    return form_page(
        request,
        form,
        heading="Record a practice review",
        submit="Save review",
        cancel_url=reverse("training:monitoring"),
    )


@require_GET
@login_required
def review_detail(request, pk):
    require_perm(request.user, "training.monitor")
    review = permissions.get_review_for_user(request.user, pk)
    return render(
        request,
        "training/review_detail.html",
        {"review": review, "actions": review.actions.all()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_follow_up(request, pk):
    require_perm(request.user, "training.monitor")
    action = permissions.get_action_for_user(request.user, pk)
    form = FollowUpForm(
        request.POST or None,
        initial={"note": action.follow_up_note, "completed_on": action.completed_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_action(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Follow-up recorded.")
            return redirect("training:review", pk=action.review_id)
    return form_page(
        request,
        form,
        heading=f"Follow up: {action.description}",
        submit="Save follow-up",
        cancel_url=reverse("training:review", args=[action.review_id]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignments(request):
    require_perm(request.user, "training.assign_ppa")
    volunteers = permissions.assignable_volunteers(request.user)
    form = PpaAssignmentForm(
        request.POST or None, volunteers=volunteers, regions=managed_regions(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assign_ppa(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{assignment.ppa} now monitors {assignment.volunteer}.")
            return redirect("training:assignments")
    current = (
        PpaAssignment.objects.filter(ended_at__isnull=True, volunteer__in=volunteers)
        .select_related("volunteer__user", "volunteer__home_region", "ppa")
        .order_by("volunteer__user__last_name", "volunteer__user__first_name")
    )
    return render(request, "training/assignments.html", {"form": form, "assignments": current})
