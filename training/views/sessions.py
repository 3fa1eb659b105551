"""Trainers' pages: training sessions, enrolment and bulk attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.views.helpers import apply_service_errors, form_page, require_perm
from volunteers.models import Volunteer

from .. import permissions, services
from ..forms import AttendanceForm, EnrolForm, SessionForm
from ..models import Enrolment, TrainingSession


@require_GET
@login_required
def session_list(request):
    require_perm(request.user, "training.manage_training")
    sessions = (
        TrainingSession.objects.filter(region__in=permissions.training_regions(request.user))
        .select_related("course", "region", "trainer")
        .order_by("-starts_on")
    )
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    booked = {}
    if page.object_list:
        for session_id, status in Enrolment.objects.filter(
            session__in=list(page.object_list)
        ).values_list("session_id", "status"):
            if status == Enrolment.Status.BOOKED:
                booked[session_id] = booked.get(session_id, 0) + 1
    rows = [(s, booked.get(s.pk, 0)) for s in page.object_list]
    return render(request, "training/session_list.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def session_new(request):
    require_perm(request.user, "training.manage_training")
    regions = permissions.training_regions(request.user)
    form = SessionForm(request.POST or None, regions=regions, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.schedule_session(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{session} scheduled.")
            return redirect("training:session", pk=session.pk)
    return form_page(
        request,
        form,
        heading="Schedule a training session",
        submit="Schedule session",
        cancel_url=reverse("training:sessions"),
    )


@require_GET
@login_required
def session_detail(request, pk):
    require_perm(request.user, "training.manage_training")
    session = permissions.get_session_for_user(request.user, pk)
    enrolments = list(
        session.enrolments.exclude(status=Enrolment.Status.CANCELLED)
        .select_related("volunteer__user")
        .order_by("status", "created_at", "pk")
    )
    booked = [e for e in enrolments if e.status == Enrolment.Status.BOOKED]
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "booked": booked,
            "waiting": [e for e in enrolments if e.status == Enrolment.Status.WAITING],
            "attendance_form": AttendanceForm(enrolments=booked),
            "can_mark": session.starts_on <= timezone.localdate()
            and session.status != TrainingSession.Status.CANCELLED,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_enrol(request, pk):
    require_perm(request.user, "training.manage_training")
    session = permissions.get_session_for_user(request.user, pk)
    volunteers = Volunteer.objects.filter(
        home_region__in=permissions.training_regions(request.user)
    )
    form = EnrolForm(request.POST or None, volunteers=volunteers)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrol_volunteer(
                session=session, volunteer=form.cleaned_data["volunteer"], by=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            where = "a place" if enrolment.status == Enrolment.Status.BOOKED else "the waiting list"
            messages.success(request, f"{enrolment.volunteer} added to {where}.")
            return redirect("training:session", pk=session.pk)
    return form_page(
        request,
        form,
        heading=f"Add someone to {session}",
        submit="Add",
        cancel_url=reverse("training:session", args=[session.pk]),
        intro="When the session is full they go on the waiting list and are moved up "
        "automatically if a place comes free.",
    )


@require_POST
@login_required
def enrolment_cancel(request, pk):
    require_perm(request.user, "training.manage_training")
    enrolment = permissions.get_enrolment_for_user(request.user, pk)
    try:
        promoted = services.cancel_enrolment(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = f"{enrolment.volunteer}'s place cancelled."
        if promoted:
            text += f" {promoted.volunteer} moved up from the waiting list."
        messages.success(request, text)
    return redirect("training:session", pk=enrolment.session_id)


@require_POST
@login_required
def session_attendance(request, pk):
    require_perm(request.user, "training.manage_training")
    session = permissions.get_session_for_user(request.user, pk)
    booked = list(
        session.enrolments.filter(status=Enrolment.Status.BOOKED).select_related("volunteer__user")
    )
    form = AttendanceForm(request.POST, enrolments=booked)
    if form.is_valid():
        try:
            granted = services.record_attendance(
                session=session, marks=form.marks(), by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Attendance saved. {granted} competency {'grant' if granted == 1 else 'grants'} "
                "recorded.",
            )
        return redirect("training:session", pk=session.pk)
    messages.error(request, "Some answers were not understood. Please check and try again.")
    return redirect("training:session", pk=session.pk)


@require_POST
@login_required
def session_cancel(request, pk):
    require_perm(request.user, "training.manage_training")
    session = permissions.get_session_for_user(request.user, pk)
    try:
        services.cancel_session(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Session cancelled. Everyone booked has been told.")
    return redirect("training:session", pk=session.pk)
