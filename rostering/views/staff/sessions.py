"""The rota manager's home and the sessions: list, add, edit, cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.views.helpers import apply_service_errors, form_page, require_perm
from volunteers.permissions import managed_centres

from ... import permissions, selectors, services
from ...forms import (
    SessionForm,
)
from ...models import ScheduleImport


@require_GET
@login_required
def home(request):
    require_perm(request.user, "rostering.roster")
    periods = permissions.periods_for(request.user).select_related("region")[:20]
    imports = ScheduleImport.objects.filter(uploaded_by=request.user)[:5]
    regions = permissions.rostering_regions(request.user)
    cover = selectors.open_cover_requests(regions)
    unconfirmed = selectors.unconfirmed_sittings(regions, today=timezone.localdate())
    return render(
        request,
        "rostering/home.html",
        {"periods": periods, "imports": imports, "cover": cover, "unconfirmed": unconfirmed},
    )


@require_GET
@login_required
def session_list(request):
    require_perm(request.user, "rostering.roster")
    past = request.GET.get("when") == "past"
    today = timezone.localdate()
    sessions = permissions.sessions_for(request.user).select_related("centre")
    if past:
        sessions = sessions.filter(date__lt=today).order_by("-date", "-half", "centre__name")
    else:
        sessions = sessions.filter(date__gte=today).order_by("date", "half", "centre__name")
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    return render(request, "rostering/session_list.html", {"page": page, "past": past})


def _session_form_page(request, form, heading, cancel_url):
    return form_page(request, form, heading=heading, submit="Save session", cancel_url=cancel_url)


@require_http_methods(["GET", "POST"])
@login_required
def session_new(request):
    require_perm(request.user, "rostering.roster")
    form = SessionForm(request.POST or None, centres=managed_centres(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.save_session(session=None, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Session {session.reference} added.")
            return redirect("rostering:sessions")
    return _session_form_page(request, form, "Add a session", reverse("rostering:sessions"))


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    initial = {
        "reference": session.reference,
        "centre": session.centre,
        "date": session.date,
        "half": session.half,
        "start_time": session.start_time,
        "mode": session.mode,
        "pre_hearing_panel": session.pre_hearing_panel,
        "hearings": "\n".join(
            f"{h.case_reference}, {h.local_authority.name}"
            for h in session.hearings.select_related("local_authority")
        ),
    }
    form = SessionForm(request.POST or None, initial=initial, centres=managed_centres(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_session(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Session {session.reference} saved.")
            return redirect("rostering:sessions")
    return _session_form_page(
        request, form, f"Session {session.reference}", reverse("rostering:sessions")
    )


@require_POST
@login_required
def session_cancel(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    services.cancel_session(session=session, by=request.user)
    messages.success(request, f"Session {session.reference} cancelled; its panel has been told.")
    return redirect("rostering:sessions")
