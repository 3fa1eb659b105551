""" "Fill the rest": run the engine again with the rota manager's own choices held fixed.

A choice is a draft sitting someone placed by hand (`created_by` set; the engine's drafts
have none). The new run is an ordinary run through the Job machinery; its instance carries
those choices as `fixed` (docs/roster-problem.md, rule 8), so the engine fills around them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from volunteers.models import User

from ..models import Assignment, RotaRun
from ..solver import check_assignments
from ..solver_ids import parse_session_id, session_id, volunteer_id
from .runs import start_rota_run


@transaction.atomic
def start_fill_the_rest(*, run: RotaRun, by: User, time_limit: int | None = None) -> RotaRun:
    """A new queued run of the same period that will hold the manual choices; the caller
    queues `rostering.tasks.run_rota` with `hold=True` after commit."""
    run = RotaRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RotaRun.Status.DRAFT:
        raise ValidationError("Only a draft rota can be filled again.")
    return start_rota_run(period=run.period, by=by, time_limit=time_limit or run.time_limit)


def manual_choices(session_ids: list[int]) -> list[Assignment]:
    """Draft sittings placed by hand on these sessions."""
    return list(
        Assignment.objects.filter(
            session_id__in=session_ids,
            status=Assignment.Status.DRAFT,
            created_by__isnull=False,
        ).order_by("session_id", "pk")
    )


def hold_manual_choices(instance: dict, left_out: dict) -> int:
    """Add the manual draft choices to the instance as `fixed`; returns how many are held.

    A choice that no longer keeps the hard rules (the member withdrew their offer, say) is
    not held: the engine may then fill that seat, and the run says so in `left_out`.
    """
    sessions = {s["id"]: s for s in instance["sessions"]}
    members = {v["id"]: v for v in instance["volunteers"]}
    held = []
    for a in manual_choices([parse_session_id(s) for s in sessions]):
        s_id, v_id = session_id(a.session_id), volunteer_id(a.volunteer_id)
        if v_id not in members:
            left_out[s_id] = "a choice made by hand could not be held"
            continue
        held.append({"session": s_id, "volunteer": v_id, "chair": a.is_chair})
    rota = [
        {"session": s["id"], "volunteer": f["volunteer"], "chair": f["chair"]}
        for s in instance["sessions"]
        for f in s.get("fixed", [])
    ] + held
    violations = check_assignments(instance, rota)
    count = 0
    for h in held:
        if any(
            v.session in (None, h["session"]) and v.volunteer in (None, h["volunteer"])
            for v in violations
        ):
            left_out[h["session"]] = "a choice made by hand now breaks a rule and was not held"
            continue
        sessions[h["session"]].setdefault("fixed", []).append(
            {"volunteer": h["volunteer"], "chair": h["chair"]}
        )
        count += 1
    return count
