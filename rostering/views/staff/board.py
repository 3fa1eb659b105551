"""The rota board: a run's panels by day and centre, changed in place, refilled and published.

Each change is a POST to a service (`services.add_member`/`remove_member`, which check the
engine's hard rules); with htmx the answer is the open panel again plus out-of-band copies of
the summary and the panel's cell, so everything on the page says the same after the change.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ... import board, permissions, selectors, services, tasks
from ...models import RotaRun, Session
from ...services.holds import manual_choices, start_fill_the_rest

EDITABLE = (RotaRun.Status.DRAFT, RotaRun.Status.PUBLISHED)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filters(get) -> board.Filters:
    return board.Filters(
        unfilled=get.get("unfilled") == "1",
        needs_reason=get.get("needs_reason") == "1",
        flagged=get.get("flagged") == "1",
        centre=_int(get.get("centre")),
        member=_int(get.get("member")),
    )


def _span(get, period) -> tuple[datetime.date, datetime.date, datetime.date, str]:
    """(first day shown, last day shown, the Monday asked for, "week" or "month")."""
    try:
        asked = datetime.date.fromisoformat(get.get("week", ""))
    except ValueError:
        asked = period.start
    asked = min(max(asked, period.start), period.end)
    monday = asked - datetime.timedelta(days=asked.weekday())
    if get.get("span") == "month":
        first = asked.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        return max(first, period.start), min(last, period.end), monday, "month"
    sunday = monday + datetime.timedelta(days=6)
    return max(monday, period.start), min(sunday, period.end), monday, "week"


def _query(get, **changes) -> str:
    params = {k: v for k, v in get.items() if v}
    params.update(changes)
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _navigation(request, run, monday, span) -> dict:
    get = request.GET
    period = run.period
    prev_monday = monday - datetime.timedelta(days=7)
    next_monday = monday + datetime.timedelta(days=7)
    if span == "month":
        first = monday.replace(day=1)
        prev_monday = (first - datetime.timedelta(days=1)).replace(day=1)
        next_monday = (first + datetime.timedelta(days=32)).replace(day=1)
    return {
        "previous": _query(get, week=prev_monday.isoformat())
        if prev_monday + datetime.timedelta(days=6) >= period.start
        else "",
        "next": _query(get, week=next_monday.isoformat()) if next_monday <= period.end else "",
        "week_link": _query(get, span="week"),
        "month_link": _query(get, span="month"),
        "grid_link": _query(get, layout="grid"),
        "table_link": _query(get, layout="table"),
    }


def _held(run) -> int:
    """How many draft choices made by hand "Fill the rest" would keep."""
    if run.status != RotaRun.Status.DRAFT:
        return 0
    return len(manual_choices(board.run_session_ids(run)))


def board_context(request, run) -> dict:
    """What the board page shows for the run, from the GET parameters."""
    start, end, monday, span = _span(request.GET, run.period)
    filters = _filters(request.GET)
    sessions = board.board_sessions(run, start=start, end=end, centre=filters.centre)
    panels = [p for p in board.build_panels(run, sessions) if board.keep(p, filters)]
    centres, members = board.filter_choices(run)
    return {
        "run": run,
        "start": start,
        "end": end,
        "span": span,
        "layout": "table" if request.GET.get("layout") == "table" else "grid",
        "filters": filters,
        "panels": panels,
        "weeks": board.weeks_of(panels, start, end),
        "summary": board.summary(run),
        "centres": centres,
        "members": members,
        "nav": _navigation(request, run, monday, span),
        "editable": run.status in EDITABLE,
        "held": _held(run),
    }


def render_board(request, run):
    """The run's main page once the engine has finished (called by `run_detail`)."""
    return render(request, "rostering/board.html", board_context(request, run))


def _panel_or_404(request, pk, session_pk):
    run = permissions.get_run_for_user(request.user, pk)
    # A session outside the user's regions is not found, whatever run it is asked under.
    permissions.get_session_for_user(request.user, session_pk)
    try:
        return run, board.one_panel(run, session_pk)
    except Session.DoesNotExist:
        raise Http404("This session is not part of this rota run") from None


def _seat(panel, pk) -> "board.Seat | None":
    """A sitting on this panel, by its id (for a swap), or None."""
    return next((s for s in panel.seats if s.assignment.pk == _int(pk)), None)


def _panel_response(
    request, run, panel, *, status_text="", error="", reason_needed=False, swap=None
):
    context = {
        "run": run,
        "panel": panel,
        "editable": run.status in EDITABLE,
        "status_text": status_text,
        "error": error,
        "reason_needed": reason_needed,
        "swap": swap,
        **board.panel_words(run, panel, swap.assignment if swap else None),
    }
    if request.htmx:
        context["summary"] = board.summary(run)
        context["held"] = _held(run)
        return render(request, "rostering/includes/board_panel_swap.html", context)
    return render(request, "rostering/board_panel.html", context, status=400 if error else 200)


@require_http_methods(["GET"])
@login_required
def board_panel(request, pk, session_pk):
    """One panel, open: its members, why it is short, and who could join (ranked)."""
    run, panel = _panel_or_404(request, pk, session_pk)
    return _panel_response(request, run, panel, swap=_seat(panel, request.GET.get("swap")))


def _after_change(request, run, session_pk, text):
    if request.htmx:
        return _panel_response(request, run, board.one_panel(run, session_pk), status_text=text)
    messages.success(request, text)
    return redirect("rostering:board_panel", pk=run.pk, session_pk=session_pk)


@require_POST
@login_required
def board_add(request, pk, session_pk):
    """Put a ranked candidate on the panel; the service checks the hard rules again."""
    run, panel = _panel_or_404(request, pk, session_pk)
    swap = _seat(panel, request.POST.get("swap"))
    pick, _, role = request.POST.get("pick", "").partition("-")
    volunteer = selectors.run_member(run, _int(pick) or 0) if _int(pick) else None
    if volunteer is None:
        return _panel_response(request, run, panel, error="Choose a member to add.", swap=swap)
    name = volunteer.user.get_full_name()
    reason = request.POST.get("reason", "")
    try:
        # A swap is one change: if the newcomer cannot be added, the member stays.
        with transaction.atomic():
            if swap:
                services.remove_member(
                    run=run, assignment=swap.assignment, reason=reason, by=request.user
                )
            services.add_member(
                run=run,
                session=panel.session,
                volunteer=volunteer,
                chair=role == "chair",
                reason=reason,
                by=request.user,
            )
    except ValidationError as error:
        needed = hasattr(error, "error_dict") and "reason" in error.error_dict
        text = " ".join(error.messages)
        return _panel_response(request, run, panel, error=text, reason_needed=needed, swap=swap)
    text = f"{name} in for {swap.name}." if swap else f"{name} added to the panel."
    return _after_change(request, run, panel.session.pk, text)


@require_POST
@login_required
def board_remove(request, pk, assignment_pk):
    """Take a member off the panel (a published sitting needs a reason; the member is told)."""
    run = permissions.get_run_for_user(request.user, pk)
    assignment = permissions.get_run_assignment_for_user(request.user, run, assignment_pk)
    run, panel = _panel_or_404(request, pk, assignment.session_id)
    name = assignment.volunteer.user.get_full_name()
    try:
        services.remove_member(
            run=run, assignment=assignment, reason=request.POST.get("reason", ""), by=request.user
        )
    except ValidationError as error:
        return _panel_response(request, run, panel, error=" ".join(error.messages))
    return _after_change(request, run, panel.session.pk, f"{name} taken off the panel.")


@require_POST
@login_required
def board_fill_rest(request, pk):
    """Run the engine again around the choices made by hand, as a new run with progress."""
    run = permissions.get_run_for_user(request.user, pk)
    try:
        new = start_fill_the_rest(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("rostering:run", pk=run.pk)
    tasks.run_rota.delay_on_commit(run_id=new.pk, hold=True)
    return redirect("rostering:run", pk=new.pk)


def _publish_context(request, run, complete_only: bool) -> dict:
    preview = board.publish_preview(run, complete_only=complete_only)
    return {"run": run, "complete_only": complete_only, **preview}


@require_http_methods(["GET", "POST"])
@login_required
def run_publish(request, pk):
    """GET: what publishing will do (who is emailed, what is unfilled); POST: publish."""
    run = permissions.get_run_for_user(request.user, pk)
    complete_only = (request.POST or request.GET).get("complete_only") == "1"
    if run.status != RotaRun.Status.DRAFT:
        messages.error(request, "Only a draft rota can be published.")
        return redirect("rostering:run", pk=run.pk)
    if request.method == "GET":
        return render(
            request, "rostering/board_publish.html", _publish_context(request, run, complete_only)
        )
    try:
        with transaction.atomic():
            job = services.publish_run(run=run, by=request.user, complete_only=complete_only)
            tasks.email_published_rota.delay_on_commit(job_id=str(job.pk), run_id=run.pk)
    except ValidationError as error:
        context = _publish_context(request, run, complete_only)
        context["error"] = error.messages[0]
        return render(request, "rostering/board_publish.html", context, status=400)
    messages.success(request, f"Rota published: emailing {job.total} members their sittings.")
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@login_required
def publish_reason(request, pk, session_pk):
    """Record why a full panel is all one sex, from the publish page."""
    run, panel = _panel_or_404(request, pk, session_pk)
    reason = request.POST.get("reason", "")
    try:
        services.record_single_sex_reason(session=panel.session, reason=reason, by=request.user)
    except ValidationError:
        messages.error(request, f"Say why the panel at {panel.label} could not be mixed.")
    else:
        messages.success(request, f"Reason recorded for {panel.label}.")
    url = reverse("rostering:run_publish", args=[run.pk])
    return redirect(url + ("?complete_only=1" if request.POST.get("complete_only") else ""))
