"""The rota review's stored facts and figures, so a review page never reads the run's JSON.

A national run's instance is most of a megabyte and scoring a rota takes a good fraction of a
second, while the review page (and every progress poll) needs only a few facts from it: which
sessions, who is new, members' and sessions' council areas, the engine's explanations, and the
fairness figures. Those are kept in `RotaRun.review`, written when the draft is saved and
rebuilt from the instance only if missing. The figures carry a key of the rota they were
computed for, so a manual edit, a withdrawal or a cover swap is noticed and the figures are
computed again once, on the next view.
"""

import hashlib
from collections import Counter

from .models import Assignment, RotaRun
from .solver import score
from .solver_ids import parse_session_id, session_id, volunteer_id

VERSION = 1
ACTIVE = [Assignment.Status.DRAFT, Assignment.Status.PUBLISHED]
GAP_LABELS = {
    -2: "2 or more below",
    -1: "1 below",
    0: "On commitment",
    1: "1 above",
    2: "2 or more above",
}


def facts_from(instance: dict, solution: dict) -> dict:
    """What the review needs from the engine's input and output, and nothing else."""
    volunteers = instance.get("volunteers", [])
    return {
        "version": VERSION,
        "has_instance": bool(instance),
        "sessions": [parse_session_id(s["id"]) for s in instance.get("sessions", [])],
        "session_la": {s["id"]: s.get("local_authority") for s in instance.get("sessions", [])},
        "new": [v["id"] for v in volunteers if v.get("experienced") is False],
        "las": {v["id"]: v.get("local_authorities", []) for v in volunteers},
        "explanations": {e["session"]: e["text"] for e in solution.get("explanations", [])},
    }


def review_facts(run: RotaRun) -> dict:
    """The run's stored review facts; built from its instance (and stored) the first time."""
    if run.review.get("version") != VERSION:
        review = facts_from(run.instance, run.solution)
        RotaRun.objects.filter(pk=run.pk).update(review=review)
        run.review = review
    return run.review


def current_rota(run: RotaRun) -> list[dict]:
    """The active panels on the run's sessions as they stand now, in the engine's ids."""
    return [
        {"session": session_id(s), "volunteer": volunteer_id(v), "chair": c}
        for s, v, c in Assignment.objects.filter(
            session_id__in=review_facts(run)["sessions"], status__in=ACTIVE
        )
        .order_by("session_id", "volunteer_id")
        .values_list("session_id", "volunteer_id", "is_chair")
    ]


def _rota_key(rota: list[dict]) -> str:
    text = ";".join(f"{a['session']},{a['volunteer']},{int(a['chair'])}" for a in rota)
    return hashlib.sha256(text.encode()).hexdigest()


def compute_figures(instance: dict, rota: list[dict], metrics: dict | None = None) -> dict:
    """The rota's metrics and sittings against commitment, bucketed (reads the instance).

    `metrics` are the engine's own score of this very rota, when the caller has them."""
    metrics = metrics or score(instance, {"assignments": rota})
    sittings = Counter(a["volunteer"] for a in rota)
    buckets = Counter()
    offered = [v for v in instance["volunteers"] if v["available"]]
    for v in offered:
        gap = round(sittings[v["id"]] - v["target_sittings"])
        buckets[max(-2, min(2, gap))] += 1
    sessions = metrics["sessions"]
    return {
        "metrics": metrics,
        "fill_rate": round(100 * metrics["complete"] / sessions) if sessions else 0,
        "mixed_rate": round(100 * metrics["mixed"] / metrics["complete"])
        if metrics["complete"]
        else 0,
        "local_rate": round(100 * metrics["local"] / metrics["seats"]) if metrics["seats"] else 0,
        "offered": len(offered),
        "gaps": [{"label": GAP_LABELS[k], "value": buckets[k]} for k in sorted(GAP_LABELS)],
    }


def review_figures(run: RotaRun, *, metrics: dict | None = None) -> dict:
    """The stored figures if the rota is unchanged since they were computed, else fresh ones."""
    facts = review_facts(run)
    if not facts["has_instance"]:
        return {}
    rota = current_rota(run)
    key = _rota_key(rota)
    if facts.get("rota_key") != key:
        figures = compute_figures(run.instance, rota, metrics)
        review = {**facts, "rota_key": key, "figures": figures}
        RotaRun.objects.filter(pk=run.pk).update(review=review)
        run.review = review
    return run.review["figures"]


def store_review(*, run: RotaRun) -> None:
    """Store the review's facts and figures for a freshly saved draft (one write)."""
    run.review = facts_from(run.instance, run.solution)
    # The draft was just written from the solution, so the engine's score of it is the rota's.
    review_figures(run, metrics=run.metrics or None)
