"""A broken hard rule, as data: which rule (by its stable name), where, and in words.

The names and numbers are those of `docs/roster-problem.md`. Callers decide by `rule`,
`session` and `volunteer`, never by reading `message`.
"""

from __future__ import annotations

from dataclasses import dataclass

# Stable rule names and their numbers in the contract. Rules 9 and 10 come with
# panel-roster/2 (a version-1 instance cannot break them).
RULES: dict[str, int] = {
    "offered_slot": 1,
    "travel": 2,
    "conflict": 3,
    "seats": 4,
    "max_sittings": 5,
    "one_chair": 6,
    "one_new_member": 7,
    "fixed": 8,
    "impartiality": 9,
    "weekly_limit": 10,
}
# Not a rule of the roster: an assignment the checker cannot read (unknown id, bad chair).
MALFORMED = "malformed"


@dataclass(frozen=True)
class Violation:
    """One broken hard rule; `session`/`volunteer` are the ids it concerns, where there is one."""

    rule: str
    session: str | None
    volunteer: str | None
    message: str

    @property
    def number(self) -> int | None:
        return RULES.get(self.rule)

    def __str__(self) -> str:
        """The contract's readable form, e.g. ``rule 1: V1 did not offer 2027-01-04/AM (S1)``."""
        return f"rule {self.number}: {self.message}" if self.number else self.message
