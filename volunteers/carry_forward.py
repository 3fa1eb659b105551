"""Carrying an organisation change forward to what other apps hold for later dates.

A merge, a redraw or a centre move takes effect from a day, and sessions already imported for
later dates must follow it. Sessions live in `rostering`, which `volunteers` may not import
(dependencies point one way), so `rostering` registers a listener here from its
`AppConfig.ready()`; the organisation services call `carry_forward()` inside their transaction.
"""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class CarriedForward:
    """What one listener changed for dates on or after the change (plain data, no models)."""

    sessions: int = 0
    first: datetime.date | None = None
    last: datetime.date | None = None
    by_centre: dict[str, int] = field(default_factory=dict)
    draft_sittings: int = 0
    published_sittings: int = 0
    flagged_sessions: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    draft_runs: list[str] = field(default_factory=list)


# A listener takes (since, by) and returns what it changed; it must be safe to call twice.
Listener = Callable[..., CarriedForward]
_listeners: list[Listener] = []
_collected: ContextVar[list[CarriedForward] | None] = ContextVar("carried", default=None)


def register(listener: Listener) -> Listener:
    """Add a listener (call from an AppConfig.ready())."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def carry_forward(*, since: datetime.date, by) -> list[CarriedForward]:
    """Run every listener for a change effective from `since`; call inside the transaction."""
    results = [listener(since=since, by=by) for listener in _listeners]
    bucket = _collected.get()
    if bucket is not None:
        bucket.extend(results)
    return results


@contextmanager
def collecting() -> Iterator[list[CarriedForward]]:
    """Gather what `carry_forward` reports while the block runs (for previews and summaries)."""
    bucket: list[CarriedForward] = []
    token = _collected.set(bucket)
    try:
        yield bucket
    finally:
        _collected.reset(token)
