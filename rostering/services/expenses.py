"""Attendance and expenses: miles from home to centre, claims against the rate table."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from volunteers.models import User

from ..models import Assignment, ExpenseClaim, ExpenseRate
from ..solver.geo import haversine_km

KM_PER_MILE = 1.609344


def return_miles(assignment: Assignment) -> Decimal:
    """Home to centre and back, as the crow flies (the engine's distance), in miles."""
    volunteer, centre = assignment.volunteer, assignment.session.centre
    km = haversine_km(
        float(volunteer.home_latitude),
        float(volunteer.home_longitude),
        float(centre.latitude),
        float(centre.longitude),
    )
    return Decimal(2 * km / KM_PER_MILE).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def mark_attendance(*, assignment: Assignment, attended: bool, by: User) -> Assignment:
    """Record whether a member sat on a session that has taken place."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != Assignment.Status.PUBLISHED:
        raise ValidationError("Only a published sitting can be marked.")
    if assignment.date > timezone.localdate():
        raise ValidationError("Attendance can be marked once the session has taken place.")
    assignment.attended = attended
    assignment.save(update_fields=["attended", "updated_at"])
    return assignment


@transaction.atomic
def submit_expense_claim(
    *, assignment: Assignment, subsistence_pence: int, loss_of_earnings_pence: int, by: User
) -> ExpenseClaim:
    """A member claims for a sitting they attended; travel is computed, the rest capped."""
    if assignment.volunteer.user_id != by.pk:
        raise ValidationError("You can only claim for your own sittings.")
    if assignment.attended is not True:
        raise ValidationError("You can claim once your attendance has been recorded.")
    rate = ExpenseRate.on(assignment.date)
    errors = {}
    if not 0 <= subsistence_pence <= rate.subsistence_max_pence:
        errors["subsistence"] = f"At most £{rate.subsistence_max_pence / 100:.2f}."
    if not 0 <= loss_of_earnings_pence <= rate.loss_of_earnings_max_pence:
        errors["loss_of_earnings"] = f"At most £{rate.loss_of_earnings_max_pence / 100:.2f}."
    if errors:
        raise ValidationError(errors)
    miles = return_miles(assignment)
    try:
        with transaction.atomic():
            return ExpenseClaim.objects.create(
                assignment=assignment,
                miles=miles,
                mileage_pence=int((miles * rate.pence_per_mile).to_integral_value(ROUND_HALF_UP)),
                subsistence_pence=subsistence_pence,
                loss_of_earnings_pence=loss_of_earnings_pence,
            )
    except IntegrityError:
        raise ValidationError("You have already claimed for this sitting.") from None


@transaction.atomic
def decide_expense_claim(
    *, claim: ExpenseClaim, approve: bool, note: str, by: User
) -> ExpenseClaim:
    """An administrator approves or rejects a claim (a rejection needs a note)."""
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        raise ValidationError("This claim has already been decided.")
    if not approve and not note.strip():
        raise ValidationError({"note": "Say why the claim is rejected."})
    claim.status = ExpenseClaim.Status.APPROVED if approve else ExpenseClaim.Status.REJECTED
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.decision_note = note.strip()[:300]
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return claim
