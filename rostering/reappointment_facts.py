"""Rostering's part of the reappointment picture (registered from RosteringConfig.ready)."""

from django.db.models import Count, Q

from volunteers.reappointment import ReappointmentFact

from .models import Assignment


def sitting_facts(volunteers, term_start, term_end) -> dict[int, list[ReappointmentFact]]:
    """Sittings held and withdrawals in the term, for each volunteer (one query)."""
    ids = [v.pk for v in volunteers]
    rows = (
        Assignment.objects.filter(volunteer_id__in=ids, date__range=(term_start, term_end))
        .values("volunteer_id")
        .annotate(
            sat=Count("pk", filter=Q(status=Assignment.Status.PUBLISHED) & ~Q(attended=False)),
            withdrew=Count("pk", filter=Q(status=Assignment.Status.WITHDRAWN)),
        )
    )
    counts = {r["volunteer_id"]: (r["sat"], r["withdrew"]) for r in rows}
    facts = {}
    for pk in ids:
        sat, withdrew = counts.get(pk, (0, 0))
        detail = f"{withdrew} withdrawal{'s' if withdrew != 1 else ''}" if withdrew else ""
        facts[pk] = [ReappointmentFact("Sittings", f"{sat} in this term", None, detail)]
    return facts
