"""What reappointment at the end of a term depends on, gathered from every app.

`volunteers` may not import `training` or `rostering` (dependencies point one way), yet the
reappointment view needs their facts: award progress, sittings, observations, training. So
those apps register a provider here from their `AppConfig.ready()`, and this module asks them.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReappointmentFact:
    """One line of the reappointment picture, e.g. ("Sittings", "14 in this term", True)."""

    label: str
    value: str
    met: bool | None = None  # None: for information, not a requirement
    detail: str = ""


@dataclass
class _Registry:
    providers: list[Callable] = field(default_factory=list)


_registry = _Registry()

# A provider takes (volunteers, term_start, term_end) and returns {volunteer_id: [facts]};
# it must run a fixed number of queries however many volunteers it is given.
Provider = Callable[[Iterable, datetime.date, datetime.date], dict[int, list[ReappointmentFact]]]


def register(provider: Provider) -> Provider:
    """Add a provider of reappointment facts (call from an AppConfig.ready())."""
    if provider not in _registry.providers:
        _registry.providers.append(provider)
    return provider


def facts_for(volunteers, *, term_start, term_end) -> dict[int, list[ReappointmentFact]]:
    """Every registered provider's facts for each volunteer, in registration order."""
    volunteers = list(volunteers)
    combined: dict[int, list[ReappointmentFact]] = {v.pk: [] for v in volunteers}
    for provider in _registry.providers:
        for volunteer_id, facts in provider(volunteers, term_start, term_end).items():
            combined.setdefault(volunteer_id, []).extend(facts)
    return combined
