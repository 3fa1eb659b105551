"""Small hand-made and generated instances for the roster engine tests."""

from __future__ import annotations

import copy

from benchmarks.roster.generate import generate

EDINBURGH = (55.95, -3.19)


def vol(vid: str, **kw) -> dict:
    """A volunteer near Edinburgh available on 2027-01-04 AM and PM by default."""
    v = {
        "id": vid,
        "sex": "F",
        "region": "R-EAST",
        "lat": 55.93,
        "lon": -3.21,
        "max_travel_km": 30,
        "can_chair": False,
        "experienced": True,
        "available": ["2027-01-04/AM", "2027-01-04/PM"],
        "max_sittings": 2,
        "target_sittings": 1,
        "local_authorities": ["S12000036"],
        "conflict_local_authorities": [],
        "conflict_cases": [],
    }
    v.update(kw)
    return v


def tiny() -> dict:
    """Two Edinburgh sessions on one day and six volunteers (two can chair, two men)."""
    return copy.deepcopy(
        {
            "schema": "panel-roster/1",
            "model": "regional",
            "period": {"start": "2027-01-04", "end": "2027-01-08"},
            "centres": [
                {
                    "id": "C001",
                    "region": "R-EAST",
                    "lat": 55.95,
                    "lon": -3.19,
                    "local_authority": "S12000036",
                },
                {
                    "id": "C002",
                    "region": "R-GLAS",
                    "lat": 55.86,
                    "lon": -4.25,
                    "local_authority": "S12000049",
                },
            ],
            "volunteers": [
                vol("V1", can_chair=True),
                vol("V2", sex="M"),
                vol("V3"),
                vol("V4", can_chair=True, sex="M"),
                vol("V5", experienced=False),
                vol("V6", experienced=False, sex="M"),
            ],
            "sessions": [
                {
                    "id": "S1",
                    "centre": "C001",
                    "date": "2027-01-04",
                    "half": "AM",
                    "seats": 3,
                    "local_authority": "S12000036",
                    "cases": ["K1"],
                },
                {
                    "id": "S2",
                    "centre": "C001",
                    "date": "2027-01-04",
                    "half": "PM",
                    "seats": 3,
                    "local_authority": "S12000036",
                    "cases": ["K2"],
                },
            ],
        }
    )


def small(seed: int, model: str = "regional", n_volunteers: int = 60, n_sessions: int = 16) -> dict:
    """A small generated instance over one week."""
    return generate(
        model=model, seed=seed, weeks=1, n_volunteers=n_volunteers, n_sessions=n_sessions
    )


def tiny_v2() -> dict:
    """tiny() as a version-2 file: S1 hears two children of two councils, S2 one child."""
    inst = tiny()
    inst["schema"] = "panel-roster/2"
    s1, s2 = inst["sessions"]
    for s in (s1, s2):
        del s["local_authority"], s["cases"]
    s1["hearings"] = [
        {"case": "K1", "local_authority": "S12000036"},
        {"case": "K3", "local_authority": "S12000049"},
    ]
    s2["hearings"] = [{"case": "K2", "local_authority": "S12000036"}]
    inst["history"] = []
    return inst


def small_v2(
    seed: int, model: str = "regional", n_volunteers: int = 60, n_sessions: int = 16
) -> dict:
    """A small generated version-2 instance over one week."""
    return generate(
        model=model,
        seed=seed,
        weeks=1,
        n_volunteers=n_volunteers,
        n_sessions=n_sessions,
        version=2,
    )
