"""The serving volunteer's life: profile, leave, moving area, resignation, removal, terms."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    AreaMove,
    LeaveOfAbsence,
    LocalAuthority,
    Region,
    Role,
    RoleAssignment,
    StatusChange,
    Term,
    User,
    Volunteer,
    VolunteerStatus,
)
from ..permissions import managed_regions
from .recruitment import term_end
from .roles import sync_role_groups

# Statuses from which someone may still serve (or come back to serving).
ACTIVE = frozenset({VolunteerStatus.TRAINEE, VolunteerStatus.SERVING, VolunteerStatus.ON_LEAVE})
PROFILE_FIELDS = (
    "max_travel_km",
    "languages",
    "accessibility_needs",
    "declared_conflicts",
    "home_postcode",
    "work_local_authority",
)


def _lock(volunteer: Volunteer) -> Volunteer:
    return Volunteer.objects.select_for_update().get(pk=volunteer.pk)


def _change_status(
    volunteer: Volunteer, to_status: str, *, on, by, reason="", consented_by="", consented_on=None
) -> None:
    StatusChange.objects.create(
        volunteer=volunteer,
        from_status=volunteer.status,
        to_status=to_status,
        on=on,
        reason=reason,
        consented_by=consented_by,
        consented_on=consented_on,
        by=by,
    )
    volunteer.status = to_status


def update_volunteer_profile(*, volunteer: Volunteer, by: User, **fields) -> Volunteer:
    """Change travel limit, languages, accessibility needs, conflicts, centres and rotas."""
    unknown = set(fields) - {*PROFILE_FIELDS, "centres", "rotas"}
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _lock(volunteer)
        for name in PROFILE_FIELDS:
            if name in fields:
                setattr(locked, name, fields[name])
        locked.full_clean(exclude=["user", "application"])
        locked.save()
        if "centres" in fields:
            locked.centres.set(fields["centres"])
        if "rotas" in fields:
            rotas = list(fields["rotas"])
            if any(rota.region_id != locked.home_region_id for rota in rotas):
                raise ValidationError({"rotas": "Choose rotas in the volunteer's home region."})
            locked.rotas.set(rotas)
    return locked


def record_leave(
    *, volunteer: Volunteer, starts_on: datetime.date, ends_on: datetime.date, reason: str, by: User
) -> LeaveOfAbsence:
    """Record a leave of absence; the volunteer is on leave while it lasts."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The leave must end on or after the day it starts."})
    with transaction.atomic():
        locked = _lock(volunteer)
        if locked.status not in ACTIVE:
            raise ValidationError("Only a current volunteer can take leave.")
        overlapping = locked.leaves.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        if overlapping.exists():
            raise ValidationError("This overlaps a leave of absence already recorded.")
        leave = LeaveOfAbsence.objects.create(
            volunteer=locked, starts_on=starts_on, ends_on=ends_on, reason=reason, recorded_by=by
        )
        today = timezone.localdate()
        if starts_on <= today <= ends_on and locked.status == VolunteerStatus.SERVING:
            _change_status(locked, VolunteerStatus.ON_LEAVE, on=starts_on, by=by, reason=reason)
            locked.save(update_fields=["status"])
    return leave


def return_from_leave(*, volunteer: Volunteer, by: User) -> Volunteer:
    """End a volunteer's leave today: they are serving again."""
    with transaction.atomic():
        locked = _lock(volunteer)
        if locked.status != VolunteerStatus.ON_LEAVE:
            raise ValidationError("This volunteer is not on leave.")
        today = timezone.localdate()
        locked.leaves.filter(starts_on__lte=today, ends_on__gt=today).update(ends_on=today)
        _change_status(locked, VolunteerStatus.SERVING, on=today, by=by, reason="Back from leave")
        locked.save(update_fields=["status"])
    return locked


def move_volunteer(
    *,
    volunteer: Volunteer,
    local_authority: LocalAuthority,
    region: Region,
    on: datetime.date,
    by: User,
) -> AreaMove:
    """Move a volunteer's home to another council area and region, keeping the history."""

    if not managed_regions(by).filter(pk=region.pk).exists():
        raise ValidationError({"region": "You can only move volunteers into your own regions."})
    with transaction.atomic():
        locked = _lock(volunteer)
        if (locked.home_local_authority_id, locked.home_region_id) == (
            local_authority.pk,
            region.pk,
        ):
            raise ValidationError("That is where the volunteer already lives.")
        move = AreaMove.objects.create(
            volunteer=locked,
            moved_on=on,
            from_region_id=locked.home_region_id,
            to_region=region,
            from_local_authority_id=locked.home_local_authority_id,
            to_local_authority=local_authority,
            by=by,
        )
        if region.pk != locked.home_region_id:
            # Rotas belong to a region: membership of the old region's rotas ends.
            locked.rotas.clear()
        locked.home_local_authority = local_authority
        locked.home_region = region
        locked.save(update_fields=["home_local_authority", "home_region"])
    return move


def _leave_service(volunteer, to_status, *, on, by, reason, consented_by="", consented_on=None):
    with transaction.atomic():
        locked = _lock(volunteer)
        if locked.status not in ACTIVE:
            raise ValidationError(
                f"This volunteer has already left ({locked.get_status_display().lower()})."
            )
        _change_status(
            locked,
            to_status,
            on=on,
            by=by,
            reason=reason,
            consented_by=consented_by,
            consented_on=consented_on,
        )
        locked.left_on = on
        if to_status == VolunteerStatus.REMOVED:
            locked.removal_consented_by = consented_by
            locked.removal_consented_on = consented_on
        locked.save()
        Term.objects.filter(volunteer=locked, outcome=Term.Outcome.CURRENT).update(
            outcome=Term.Outcome.ENDED, decided_by=by, decided_on=on
        )
        # Saved one by one (not .update()) so each revocation is in the audit log.
        for grant in RoleAssignment.objects.filter(
            user_id=locked.user_id, role=Role.PANEL_MEMBER, revoked_at__isnull=True
        ):
            grant.revoked_at, grant.revoked_by = timezone.now(), by
            grant.save(update_fields=["revoked_at", "revoked_by"])
        sync_role_groups(user=locked.user)
    return locked


def resign_volunteer(
    *, volunteer: Volunteer, on: datetime.date, reason: str, by: User
) -> Volunteer:
    """Record a resignation; the panel member role ends."""
    return _leave_service(volunteer, VolunteerStatus.RESIGNED, on=on, by=by, reason=reason)


def remove_volunteer(
    *,
    volunteer: Volunteer,
    on: datetime.date,
    reason: str,
    consented_by: str,
    consented_on: datetime.date,
    by: User,
) -> Volunteer:
    """Remove a member: a national act, only with the Lord President's consent, recorded."""
    if not by.has_perm("volunteers.remove_volunteers"):
        raise PermissionDenied("Only the National Convener's office may remove a member.")
    if not consented_by.strip():
        raise ValidationError({"consented_by": "Record who gave the Lord President's consent."})
    if consented_on > on:
        raise ValidationError({"consented_on": "Consent must be given before the removal."})
    return _leave_service(
        volunteer,
        VolunteerStatus.REMOVED,
        on=on,
        by=by,
        reason=reason,
        consented_by=consented_by,
        consented_on=consented_on,
    )


def reappoint_volunteer(*, volunteer: Volunteer, by: User) -> Term:
    """Start the next three-year term the day after the current one ends."""
    with transaction.atomic():
        locked = _lock(volunteer)
        current = Term.objects.select_for_update().filter(
            volunteer=locked, outcome=Term.Outcome.CURRENT
        )
        term = current.first()
        if term is None or locked.status not in ACTIVE:
            raise ValidationError(
                "Only a serving volunteer with a current term can be reappointed."
            )
        term.outcome = Term.Outcome.REAPPOINTED
        term.decided_by = by
        term.decided_on = timezone.localdate()
        term.save()
        starts = term.ends_on + datetime.timedelta(days=1)
        new = Term.objects.create(volunteer=locked, starts_on=starts, ends_on=term_end(starts))
        locked.term_ends_on = new.ends_on
        locked.save(update_fields=["term_ends_on"])
    return new


def end_term(*, volunteer: Volunteer, by: User, reason: str = "") -> Volunteer:
    """Not reappointed: the volunteer's service ends with their term."""
    term = volunteer.terms.filter(outcome=Term.Outcome.CURRENT).first()
    on = term.ends_on if term else timezone.localdate()
    return _leave_service(
        volunteer, VolunteerStatus.TERM_ENDED, on=on, by=by, reason=reason or "Term ended"
    )
