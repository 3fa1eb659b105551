"""Rota managers' pages: sessions, imports, periods, runs, review, panels, cover.

Each view: permission helper → form → service → redirect. Anything outside the user's
regions is a 404 (rostering/permissions.py)."""

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.jobs import start_job
from common.spreadsheets import build_workbook
from common.views.helpers import apply_service_errors, form_page, require_perm
from volunteers.models import Volunteer
from volunteers.permissions import managed_centres

from .. import permissions, selectors, services, tasks
from ..forms import (
    AddMemberForm,
    DecisionForm,
    ExclusionForm,
    PeriodForm,
    ReasonForm,
    ReportForm,
    RunForm,
    ScheduleUploadForm,
    SessionForm,
    SingleSexReasonForm,
)
from ..imports import template_workbook
from ..instances import sid
from ..models import Assignment, CoverRequest, ExpenseClaim, RotaRun, ScheduleImport, Session
from ..reports import member_rows, rota_report

REVIEW_PAGE_SIZE = 40


# --- Home and sessions --------------------------------------------------------------------


@require_GET
@login_required
def home(request):
    require_perm(request.user, "rostering.roster")
    periods = permissions.periods_for(request.user).select_related("region")[:20]
    imports = ScheduleImport.objects.filter(uploaded_by=request.user)[:5]
    cover = (
        CoverRequest.objects.filter(
            session__region__in=permissions.rostering_regions(request.user),
            status__in=[CoverRequest.Status.OPEN, CoverRequest.Status.ESCALATED],
        )
        .select_related("session__centre")
        .order_by("session__date")[:20]
    )
    return render(
        request,
        "rostering/home.html",
        {"periods": periods, "imports": imports, "cover": cover},
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


# --- Import -------------------------------------------------------------------------------


@require_GET
@login_required
def import_template(request):
    require_perm(request.user, "rostering.roster")
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="sessions-template.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def import_new(request):
    require_perm(request.user, "rostering.roster")
    form = ScheduleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = start_job(owner=request.user, kind="schedule_import", title="Schedule import")
            schedule = ScheduleImport(
                original_name=upload.name[:200], uploaded_by=request.user, job=job
            )
            schedule.file.save(f"{job.pk}.xlsx", ContentFile(upload.read()), save=False)
            schedule.save()
            tasks.import_schedule.delay_on_commit(import_id=schedule.pk)
        return redirect("rostering:import", pk=schedule.pk)
    return render(request, "rostering/import_new.html", {"form": form})


def _progress(request, job, *, done: bool) -> HttpResponse:
    """The progress partial for a page that polls itself; once done, stop and reload it."""
    response = render(
        request,
        "common/job_progress.html",
        {"job": job, "poll_url": request.path, "hide_counts": True},
    )
    if done:
        # 286 stops htmx polling; HX-Refresh reloads the page to show the outcome.
        response.status_code = 286
        response["HX-Refresh"] = "true"
    return response


@require_GET
@login_required
def import_detail(request, pk):
    schedule = permissions.get_import_for_user(request.user, pk)
    if request.htmx:
        waiting = schedule.status == ScheduleImport.Status.PENDING
        done = not waiting or schedule.job is None or schedule.job.is_finished
        return _progress(request, schedule.job, done=done)
    missing = schedule.summary.get("missing", [])
    return render(
        request,
        "rostering/import_detail.html",
        {"schedule": schedule, "job": schedule.job, "missing": missing},
    )


@require_POST
@login_required
def import_cancel_missing(request, pk):
    schedule = permissions.get_import_for_user(request.user, pk)
    try:
        count = services.cancel_missing_sessions(schedule_import=schedule, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{count} session(s) cancelled.")
    return redirect("rostering:import", pk=schedule.pk)


# --- Periods and runs ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def period_new(request):
    require_perm(request.user, "rostering.roster")
    national = request.user.has_perm("rostering.roster_nationally")
    form = PeriodForm(
        request.POST or None,
        regions=permissions.rostering_regions(request.user),
        national=national,
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = services.create_rota_period(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Rota period created.")
            return redirect("rostering:period", pk=period.pk)
    return form_page(
        request,
        form,
        heading="New rota period",
        submit="Create period",
        cancel_url=reverse("rostering:home"),
    )


@require_GET
@login_required
def period_detail(request, pk):
    period = permissions.get_period_for_user(request.user, pk)
    runs = period.runs.select_related("created_by", "job")
    sessions = Session.objects.filter(
        status=Session.Status.SCHEDULED, date__range=(period.start, period.end)
    )
    if period.region_id:
        sessions = sessions.filter(region_id=period.region_id)
    return render(
        request,
        "rostering/period_detail.html",
        {"period": period, "runs": runs, "form": RunForm(), "session_count": sessions.count()},
    )


@require_POST
@login_required
def period_open(request, pk):
    period = permissions.get_period_for_user(request.user, pk)
    try:
        count = services.open_rota_period(period=period, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Open for availability: {count} members have been emailed.")
    return redirect("rostering:period", pk=period.pk)


@require_POST
@login_required
def period_run(request, pk):
    period = permissions.get_period_for_user(request.user, pk)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a time limit between 5 and 600 seconds.")
        return redirect("rostering:period", pk=period.pk)
    with transaction.atomic():
        run = services.start_rota_run(
            period=period, by=request.user, time_limit=form.cleaned_data["time_limit"]
        )
        tasks.run_rota.delay_on_commit(run_id=run.pk)
    return redirect("rostering:run", pk=run.pk)


def _review_context(request, run):
    sessions = selectors.run_sessions(run)
    page = Paginator(sessions, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    panels = selectors.panels_for(run, page.object_list)
    return {
        "run": run,
        "page": page,
        "days": selectors.group_by_day(panels),
        "fair": selectors.fairness(run),
        "blocking": selectors.single_sex_without_reason(run)
        if run.status == RotaRun.Status.DRAFT
        else [],
        "left_out": _left_out_labels(run),
        "left_out_count": len(run.left_out),
    }


def _left_out_labels(run, limit: int = 50) -> list[tuple[str, str]]:
    """Who or what the run left out, by name rather than the engine's ids (two queries)."""
    items = list(run.left_out.items())[:limit]
    people = Volunteer.objects.select_related("user").in_bulk(
        [int(k[1:]) for k, _ in items if k.startswith("V")]
    )
    sessions = Session.objects.select_related("centre").in_bulk(
        [int(k[1:]) for k, _ in items if k.startswith("S")]
    )
    labels = []
    for key, reason in items:
        if key.startswith("V") and int(key[1:]) in people:
            person = people[int(key[1:])]
            key = person.user.get_full_name() or person.user.email
        elif key.startswith("S") and int(key[1:]) in sessions:
            session = sessions[int(key[1:])]
            key = f"{session.centre.name}, {session.date:%d %b} {session.half}"
        labels.append((key, reason))
    return labels


@require_GET
@login_required
def run_detail(request, pk):
    run = permissions.get_run_for_user(request.user, pk)
    if request.htmx:
        waiting = run.status in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING)
        done = not waiting or run.job is None or run.job.is_finished
        return _progress(request, run.job, done=done)
    if run.status in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING):
        return render(request, "rostering/run_progress.html", {"run": run, "job": run.job})
    return render(request, "rostering/run_review.html", _review_context(request, run))


def _json_download(data, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def run_instance(request, pk):
    """The engine's input, exactly as it ran, for audit."""
    run = permissions.get_run_for_user(request.user, pk)
    return _json_download(run.instance, f"rota-run-{run.pk}-instance.json")


@require_GET
@login_required
def run_solution(request, pk):
    """The engine's output, exactly as it came back, for audit."""
    run = permissions.get_run_for_user(request.user, pk)
    return _json_download(run.solution, f"rota-run-{run.pk}-solution.json")


@require_POST
@login_required
def run_publish(request, pk):
    run = permissions.get_run_for_user(request.user, pk)
    try:
        count = services.publish_run(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Rota published: {count} members have been emailed.")
    return redirect("rostering:run", pk=run.pk)


def _candidates(run, session) -> list[tuple[str, str]]:
    """Members in the run who offered the session's half-day, by name."""
    slot = session.slot
    ids = [int(v["id"][1:]) for v in run.instance.get("volunteers", []) if slot in v["available"]]
    people = Volunteer.objects.filter(pk__in=ids).select_related("user")
    return sorted(
        ((str(v.pk), v.user.get_full_name() or v.user.email) for v in people), key=lambda c: c[1]
    )


def _panel_context(request, run, session, form=None):
    session = (
        Session.objects.filter(pk=session.pk)
        .select_related("centre")
        .prefetch_related(selectors._active_prefetch())
        .get()
    )
    panel = selectors.panels_for(run, [session])[0]
    return {
        "run": run,
        "session": session,
        "panel": panel,
        "form": form or AddMemberForm(candidates=_candidates(run, session)),
        "sex_form": SingleSexReasonForm(initial={"reason": session.single_sex_reason}),
        "remove_form": ReasonForm(),
        "explanation": run.explanations.get(sid(session.pk), ""),
        "editable": run.status in (RotaRun.Status.DRAFT, RotaRun.Status.PUBLISHED),
    }


def _run_session(request, pk, session_pk):
    run = permissions.get_run_for_user(request.user, pk)
    session = permissions.get_session_for_user(request.user, session_pk)
    return run, session


@require_GET
@login_required
def panel_edit(request, pk, session_pk):
    run, session = _run_session(request, pk, session_pk)
    return render(request, "rostering/panel_edit.html", _panel_context(request, run, session))


def _member_from(form, run):
    """The chosen member; the form only offers members of the run (any region, nationally)."""
    pk = int(form.cleaned_data["volunteer"])
    if f"V{pk}" not in {v["id"] for v in run.instance.get("volunteers", [])}:
        raise Http404("No such member")
    return Volunteer.objects.select_related("user").get(pk=pk)


@require_POST
@login_required
def panel_check(request, pk, session_pk):
    """htmx: what the change would break, or merely make worse, before it is saved."""
    run, session = _run_session(request, pk, session_pk)
    form = AddMemberForm(request.POST, candidates=_candidates(run, session))
    check = None
    if form.is_valid():
        volunteer = _member_from(form, run)
        check = services.check_panel_change(
            run=run, session=session, add=volunteer, chair=form.cleaned_data["chair"]
        )
    return render(request, "rostering/includes/panel_check.html", {"check": check})


@require_POST
@login_required
def panel_add(request, pk, session_pk):
    run, session = _run_session(request, pk, session_pk)
    form = AddMemberForm(request.POST, candidates=_candidates(run, session))
    if form.is_valid():
        volunteer = _member_from(form, run)
        try:
            services.add_member(
                run=run,
                session=session,
                volunteer=volunteer,
                chair=form.cleaned_data["chair"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{volunteer.user.get_full_name()} added to the panel.")
            return redirect("rostering:panel", pk=run.pk, session_pk=session.pk)
    return render(
        request,
        "rostering/panel_edit.html",
        _panel_context(request, run, session, form),
        status=400,
    )


@require_POST
@login_required
def panel_remove(request, pk, assignment_pk):
    run = permissions.get_run_for_user(request.user, pk)
    assignment = permissions.get_run_assignment_for_user(request.user, run, assignment_pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.remove_member(
            run=run,
            assignment=assignment,
            reason=form.cleaned_data.get("reason", ""),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{assignment.volunteer.user.get_full_name()} taken off the panel."
        )
    return redirect("rostering:panel", pk=run.pk, session_pk=assignment.session_id)


@require_POST
@login_required
def panel_single_sex(request, pk, session_pk):
    run, session = _run_session(request, pk, session_pk)
    form = SingleSexReasonForm(request.POST)
    if form.is_valid():
        services.record_single_sex_reason(
            session=session, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, "Reason recorded.")
    else:
        messages.error(request, "Say why the panel could not include both sexes.")
    return redirect("rostering:panel", pk=run.pk, session_pk=session.pk)


# --- Members' conflicts -------------------------------------------------------------------


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


# --- Attendance, expenses and reports -------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def session_attendance(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    sittings = session.assignments.filter(status=Assignment.Status.PUBLISHED).select_related(
        "volunteer__user"
    )
    if request.method == "POST":
        for sitting in sittings:
            choice = request.POST.get(f"attended-{sitting.pk}")
            if choice in ("yes", "no"):
                try:
                    services.mark_attendance(
                        assignment=sitting, attended=choice == "yes", by=request.user
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect("rostering:session_attendance", pk=session.pk)
        messages.success(request, "Attendance saved.")
        return redirect("rostering:session_attendance", pk=session.pk)
    return render(request, "rostering/attendance.html", {"session": session, "sittings": sittings})


def _claims_for(user):
    return ExpenseClaim.objects.filter(
        assignment__session__region__in=permissions.rostering_regions(user)
    ).select_related("assignment__session__centre", "assignment__volunteer__user")


@require_GET
@login_required
def expense_list(request):
    require_perm(request.user, "rostering.roster")
    claims = _claims_for(request.user).filter(status=ExpenseClaim.Status.SUBMITTED)
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(request, "rostering/expense_list.html", {"page": page, "form": DecisionForm()})


@require_POST
@login_required
def expense_decide(request, pk):
    require_perm(request.user, "rostering.roster")
    try:
        claim = _claims_for(request.user).get(pk=pk)
    except ExpenseClaim.DoesNotExist:
        raise Http404("No such claim") from None
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_expense_claim(
                claim=claim,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Claim decided.")
    return redirect("rostering:expenses")


@require_GET
@login_required
def expense_export(request):
    require_perm(request.user, "rostering.roster")
    rows = [
        [
            c.assignment.volunteer.user.get_full_name(),
            c.assignment.volunteer.user.email,
            c.assignment.date.isoformat(),
            c.assignment.session.centre.name,
            float(c.miles),
            c.mileage_pence / 100,
            c.subsistence_pence / 100,
            c.loss_of_earnings_pence / 100,
            c.total_pence / 100,
            c.decided_at.date().isoformat() if c.decided_at else "",
        ]
        for c in _claims_for(request.user).filter(status=ExpenseClaim.Status.APPROVED)
    ]
    content = build_workbook(
        title="Approved expenses",
        headers=[
            "Member",
            "Email",
            "Sitting",
            "Centre",
            "Miles",
            "Mileage (£)",
            "Subsistence (£)",
            "Loss of earnings (£)",
            "Total (£)",
            "Approved on",
        ],
        rows=rows,
        widths=[24, 30, 12, 28, 8, 12, 14, 18, 10, 12],
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="approved-expenses.xlsx"'
    return response


def _report(request):
    today = timezone.localdate()
    form = ReportForm(
        request.GET or None,
        initial={"start": today.replace(day=1), "end": today, "minimum": 1},
    )
    if request.GET and form.is_valid():
        start, end, minimum = (form.cleaned_data[k] for k in ("start", "end", "minimum"))
    else:
        start, end, minimum = today.replace(day=1), today, Decimal(1)
    report = rota_report(
        regions=permissions.rostering_regions(request.user),
        start=start,
        end=end,
        minimum_per_month=minimum,
    )
    return form, report


@require_GET
@login_required
def reports(request):
    require_perm(request.user, "rostering.roster")
    form, report = _report(request)
    return render(
        request,
        "rostering/reports.html",
        {"form": form, "report": report, "query": request.GET.urlencode()},
    )


@require_GET
@login_required
def report_export(request):
    require_perm(request.user, "rostering.roster")
    _, report = _report(request)
    content = build_workbook(
        title="Sittings per member",
        headers=["Member", "Region", "Sittings", "Commitment"],
        rows=member_rows(report),
        widths=[28, 28, 10, 12],
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sittings-{report.start}-to-{report.end}.xlsx"'
    )
    return response
