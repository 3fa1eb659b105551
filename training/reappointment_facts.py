"""Training's part of the reappointment picture (registered from TrainingConfig.ready)."""

import datetime
from collections import defaultdict

from volunteers.reappointment import ReappointmentFact

from .models import Competency, CompetencyGrant, Observation
from .selectors.eligibility import eligibility_for, long_date


def training_facts(volunteers, term_start: datetime.date, term_end: datetime.date) -> dict:
    """Award progress, observations in the term and training up to date, per volunteer."""
    volunteers = list(volunteers)
    ids = [v.pk for v in volunteers]
    modules = list(Competency.objects.filter(award_module__isnull=False).order_by("award_module"))

    passed: dict[int, set[int]] = defaultdict(set)
    for volunteer_id, competency_id in CompetencyGrant.objects.filter(
        volunteer_id__in=ids, competency__in=modules, granted_on__lte=term_end
    ).values_list("volunteer_id", "competency_id"):
        passed[volunteer_id].add(competency_id)
    observed: dict[int, int] = defaultdict(int)
    for volunteer_id in Observation.objects.filter(
        volunteer_id__in=ids, session_date__gte=term_start, session_date__lte=term_end
    ).values_list("volunteer_id", flat=True):
        observed[volunteer_id] += 1
    eligibility = eligibility_for(volunteers, on=term_end)
    facts = {}
    for volunteer in volunteers:
        done = sum(1 for m in modules if m.pk in passed[volunteer.pk])
        can_sit = eligibility[volunteer.pk][0]
        facts[volunteer.pk] = [
            ReappointmentFact(
                "Award", f"{done} of {len(modules)} modules passed", done == len(modules)
            ),
            ReappointmentFact(
                "Observations",
                f"{observed[volunteer.pk]} in this term",
                observed[volunteer.pk] > 0,
            ),
            ReappointmentFact(
                "Training up to date",
                f"Yes, on {long_date(term_end)}" if can_sit else "No",
                bool(can_sit),
                "; ".join(can_sit.reasons),
            ),
        ]
    return facts
