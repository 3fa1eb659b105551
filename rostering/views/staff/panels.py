"""Changing a run's panels by hand, with live checking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from common.views.helpers import apply_service_errors

from ... import permissions, selectors, services
from ...forms import (
    AddMemberForm,
    ReasonForm,
    SingleSexReasonForm,
)
from ...models import RotaRun, Session


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
        "form": form or AddMemberForm(candidates=selectors.run_candidates(run, session)),
        "sex_form": SingleSexReasonForm(initial={"reason": session.single_sex_reason}),
        "remove_form": ReasonForm(),
        "explanation": panel.explanation,
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
    volunteer = selectors.run_member(run, int(form.cleaned_data["volunteer"]))
    if volunteer is None:
        raise Http404("No such member")
    return volunteer


@require_POST
@login_required
def panel_check(request, pk, session_pk):
    """htmx: what the change would break, or merely make worse, before it is saved."""
    run, session = _run_session(request, pk, session_pk)
    form = AddMemberForm(request.POST, candidates=selectors.run_candidates(run, session))
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
    form = AddMemberForm(request.POST, candidates=selectors.run_candidates(run, session))
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
