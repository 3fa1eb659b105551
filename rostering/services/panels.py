"""Manual changes to a panel, checked by the same code the engine's score uses.

Hard rules (docs/roster-problem.md) come from `rostering.solver.check_assignments` and
cannot be overridden. Soft rules (mixed panels, local members, fair load) can be, with a
reason recorded. Two administrators at once cannot double-book anyone: the session and the
member are locked with SELECT ... FOR UPDATE, and database constraints back that up.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from volunteers.models import User, Volunteer

from ..emails import email_sittings
from ..models import Assignment, RotaRun, Session
from ..solver import Violation, check_assignments
from ..solver_ids import parse_session_id, session_id, volunteer_id

ACTIVE = [Assignment.Status.DRAFT, Assignment.Status.PUBLISHED]


@dataclass
class PanelCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def current_assignments(run: RotaRun) -> list[dict]:
    """The run's sessions' active panels in the engine's format (one query)."""
    ids = [parse_session_id(s["id"]) for s in run.instance.get("sessions", [])]
    return [
        {"session": session_id(s), "volunteer": volunteer_id(v), "chair": chair}
        for s, v, chair in Assignment.objects.filter(
            session_id__in=ids, status__in=ACTIVE
        ).values_list("session_id", "volunteer_id", "is_chair")
    ]


def check_panel_change(  # noqa: C901 -- the live check: every hard rule, then each soft warning
    *,
    run: RotaRun,
    session: Session,
    add: Volunteer | None = None,
    chair: bool = False,
    remove: Volunteer | None = None,
) -> PanelCheck:
    """What breaks (errors) and what is merely worse (warnings) if the change is made."""
    result = PanelCheck()
    instance = run.instance
    s_id = session_id(session.pk)
    sessions = {s["id"]: s for s in instance.get("sessions", [])}
    members = {v["id"]: v for v in instance.get("volunteers", [])}
    if s_id not in sessions:
        result.errors.append("This session is not part of this rota run.")
        return result
    rota = current_assignments(run)
    if remove is not None:
        rota = [
            a
            for a in rota
            if not (a["session"] == s_id and a["volunteer"] == volunteer_id(remove.pk))
        ]
    if add is not None:
        v_id = volunteer_id(add.pk)
        if v_id not in members:
            result.errors.append(
                f"{add.user.get_full_name()} is not available to this rota (no offer of time, "
                "or cannot sit in this period)."
            )
            return result
        if any(a["session"] == s_id and a["volunteer"] == v_id for a in rota):
            result.errors.append(f"{add.user.get_full_name()} is already on this panel.")
            return result
        rota.append({"session": s_id, "volunteer": v_id, "chair": chair})
    # Rule 8 protects published sittings from the engine, not from the administrator.
    instance = {**instance, "sessions": [{**s, "fixed": []} for s in instance["sessions"]]}
    added = volunteer_id(add.pk) if add else None
    for violation in check_assignments(instance, rota):
        # Violations elsewhere in the rota are not this change's doing.
        if violation.session == s_id or (added and violation.volunteer == added):
            result.errors.append(_plain(violation, add))
    panel = [a for a in rota if a["session"] == s_id]
    seats = sessions[s_id]["seats"]
    if len(panel) == seats:
        sexes = {members[a["volunteer"]]["sex"] for a in panel if a["volunteer"] in members}
        if len(sexes) == 1:
            result.warnings.append("The panel would be all one sex.")
    elif len(panel) < seats:
        result.warnings.append(f"The panel would have {len(panel)} of {seats} members.")
    if add is not None:
        member = members[volunteer_id(add.pk)]
        if sessions[s_id]["local_authority"] not in member["local_authorities"]:
            result.warnings.append(
                f"{add.user.get_full_name()} neither lives nor works in the child's council area."
            )
        sittings = sum(1 for a in rota if a["volunteer"] == member["id"])
        # Commitments are per month, scaled to the period: said in whole sittings, at least one.
        committed = max(1, round(member["target_sittings"]))
        if sittings > committed:
            result.warnings.append(
                f"{add.user.get_full_name()} would sit {sittings} times, above their "
                f"commitment of {committed} sitting{'s' if committed != 1 else ''} this period."
            )
    return result


def _plain(violation: Violation, add) -> str:
    """The engine's rule text, with the member's name for their id."""
    error = str(violation)
    if add is not None:
        error = error.replace(volunteer_id(add.pk), add.user.get_full_name() or "the member")
    return error[0].upper() + error[1:]


def _lock(session: Session, *volunteers: Volunteer) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    Volunteer.objects.select_for_update().filter(pk__in=[v.pk for v in volunteers]).count()
    return session


@transaction.atomic
def add_member(
    *, run: RotaRun, session: Session, volunteer: Volunteer, chair: bool, reason: str, by: User
) -> Assignment:
    """Put a member on a panel by hand; soft-rule warnings need a recorded reason."""
    session = _lock(session, volunteer)
    if run.status not in (RotaRun.Status.DRAFT, RotaRun.Status.PUBLISHED):
        raise ValidationError("This rota run can no longer be changed.")
    check = check_panel_change(run=run, session=session, add=volunteer, chair=chair)
    if check.errors:
        raise ValidationError(check.errors)
    reason = reason.strip()
    if check.warnings and not reason:
        raise ValidationError(
            {"reason": "Give a reason for overriding: " + " ".join(check.warnings)}
        )
    published = run.status == RotaRun.Status.PUBLISHED
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                session=session,
                volunteer=volunteer,
                date=session.date,
                half=session.half,
                is_chair=chair,
                status=Assignment.Status.PUBLISHED if published else Assignment.Status.DRAFT,
                run=run,
                override_reason=reason if check.warnings else "",
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            "Someone else has just changed this panel or booked this member; reload and try again."
        ) from None
    if published:
        email_sittings(
            volunteer=volunteer,
            assignments=[assignment],
            template="sitting_added",
        )
    return assignment


@transaction.atomic
def remove_member(*, run: RotaRun, assignment: Assignment, reason: str, by: User) -> None:
    """Take a member off a panel; a published sitting is cancelled and the member told."""
    session = _lock(assignment.session, assignment.volunteer)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status not in ACTIVE:
        raise ValidationError("This member is no longer on the panel.")
    if assignment.status == Assignment.Status.DRAFT:
        assignment.delete()
        return
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason for changing a published panel."})
    assignment.status = Assignment.Status.CANCELLED
    assignment.sequence += 1
    assignment.override_reason = reason.strip()
    assignment.save(update_fields=["status", "sequence", "override_reason", "updated_at"])
    email_sittings(
        volunteer=assignment.volunteer,
        assignments=[assignment],
        template="sitting_cancelled",
        context={"session": session},
    )


@transaction.atomic
def record_single_sex_reason(*, session: Session, reason: str, by: User) -> Session:
    """Record why a full panel is all one sex (the law asks for both so far as practicable)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the panel could not include both sexes."})
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.single_sex_reason = reason[:300]
    session.save(update_fields=["single_sex_reason", "updated_at"])
    return session
