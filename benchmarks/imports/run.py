"""The schedule import benchmark (run by `make bench-web`, or `python -m benchmarks.imports.run`).

Creates the scratch database panel_bench_imp on PostgreSQL (dropped and recreated each run),
migrates it, adds 4 regions and 40 hearing centres, and writes two Reporter schedules as real
.xlsx files: 10,000 rows, and 20,000 other rows (one to four hearings each, 2.5 on average,
like a national year's 8,750 sessions and 21,600 hearings). Each import then runs through the
import task (`rostering.tasks.import_schedule`) in a fresh process under production settings:
10,000 rows, the same file again, 20,000 rows, the same again. A thread polls the Job from its
own connection every 0.2 s, as the page would, to see how often progress moved. Peak memory is
the process's ru_maxrss. Writes results.json and the import rows of
benchmarks/web/RESULTS.md. Needs only PostgreSQL and Redis on 127.0.0.1.
"""

import datetime
import io
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
RESULTS = HERE / "results.json"
WEB_RESULTS = ROOT / "benchmarks" / "web" / "RESULTS.md"
DB_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "panel_bench_imp"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REGIONS = 4
CENTRES = 40
# Targets from the "National scale" issue.
TARGETS = {"10k": 20.0, "20k": 45.0, "reimport": 10.0, "memory_mb": 500, "progress_every": 0.10}
STEPS = [
    ("10k", "schedule-10000.xlsx", "Import, 10,000 rows (new)"),
    ("10k-again", "schedule-10000.xlsx", "Re-import of the same 10,000 rows"),
    ("20k", "schedule-20000.xlsx", "Import, 20,000 rows (new)"),
    ("20k-again", "schedule-20000.xlsx", "Re-import of the same 20,000 rows"),
]


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": DB_URL,
        "REDIS_URL": "redis://127.0.0.1:6379/12",
        "CELERY_BROKER_URL": "",
        "SECRET_KEY": "bench-imports-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PRIVATE_MEDIA_ROOT": str(OUT / "private-media"),
        "MEDIA_ROOT": str(OUT / "media"),
        "LOG_LEVEL": "WARNING",
    }


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(DB_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def schedule_rows(
    count: int, *, first: int, start: datetime.date, centres: list[str], councils: list[str]
):
    """Distinct sessions spread over the centres and a year of weekdays from `start`."""
    slots_per_day = len(centres) * 2
    for i in range(first, first + count):
        slot = i % (slots_per_day * 250)
        day = start + datetime.timedelta(days=(slot // slots_per_day) // 5 * 7)
        day += datetime.timedelta(days=(slot // slots_per_day) % 5)
        hearings = 1 + i % 4
        las = [councils[(i + j) % len(councils)] for j in range(hearings)]
        yield [
            f"SCRA-{i:07d}",
            centres[(slot // 2) % len(centres)],
            day,
            "AM" if slot % 2 == 0 else "PM",
            "",
            hearings,
            "; ".join(las),
            "; ".join(f"K{i:07d}-{j}" for j in range(hearings)),
            "Virtual" if i % 10 == 0 else "In person",
            "No",
        ]


def write_schedule(path: Path, rows) -> int:
    import openpyxl

    from rostering.imports import COLUMNS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def prepare() -> dict:
    """(In a child process) the organisation, a national administrator and the two files."""
    import django

    django.setup()
    from volunteers.models import (
        CentreRegionLink,
        HearingCentre,
        LocalAuthority,
        Region,
        Role,
        RoleAssignment,
        User,
    )

    councils = list(LocalAuthority.objects.order_by("code"))
    regions = [Region.objects.create(code=f"R-{n}", name=f"Region {n}") for n in range(REGIONS)]
    names = []
    for n in range(CENTRES):
        centre = HearingCentre.objects.create(
            name=f"Hearing centre {n:02d}",
            address=f"{n} High Street",
            postcode="EH1 1AA",
            latitude=55.9,
            longitude=-3.2,
            local_authority=councils[n % len(councils)],
        )
        CentreRegionLink.objects.create(centre=centre, region=regions[n % REGIONS])
        names.append(centre.name)
    admin = User.objects.create_user(email="national@bench.invalid")
    RoleAssignment.objects.create(user=admin, role=Role.NATIONAL_ADMIN)
    codes = [la.code for la in councils]
    sizes = {
        "schedule-10000.xlsx": write_schedule(
            OUT / "schedule-10000.xlsx",
            schedule_rows(
                10_000, first=0, start=datetime.date(2031, 1, 6), centres=names, councils=codes
            ),
        ),
        "schedule-20000.xlsx": write_schedule(
            OUT / "schedule-20000.xlsx",
            schedule_rows(
                20_000,
                first=10_000,
                start=datetime.date(2032, 1, 5),
                centres=names,
                councils=codes,
            ),
        ),
    }
    return {"admin": admin.pk, "sizes": sizes}


def measure(step: str, file_name: str, admin_id: int) -> dict:
    """(In a fresh child process) one import through the task, timed, with the Job polled."""
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.db import connection, connections

    from common.jobs import start_job
    from common.models import Job
    from rostering.models import Hearing, ScheduleImport, Session
    from rostering.tasks import import_schedule
    from volunteers.models import User

    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    admin = User.objects.get(pk=admin_id)
    job = start_job(owner=admin, kind="schedule_import", title="Schedule import")
    schedule = ScheduleImport(original_name=file_name, uploaded_by=admin, job=job)
    schedule.file.save(f"{job.pk}.xlsx", ContentFile((OUT / file_name).read_bytes()), save=False)
    schedule.save()
    seen: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def poll() -> None:
        # A second connection, as the progress page's request would have.
        try:
            while not stop.is_set():
                row = Job.objects.filter(pk=job.pk).values_list("done", "message").first()
                seen.append((time.perf_counter() - started, *row))
                stop.wait(0.2)
        finally:
            connections.close_all()

    poller = threading.Thread(target=poll)
    load_before = os.getloadavg()
    started = time.perf_counter()
    poller.start()
    import_schedule(import_id=schedule.pk)
    seconds = time.perf_counter() - started
    stop.set()
    poller.join()
    load_after = os.getloadavg()
    schedule.refresh_from_db()
    job.refresh_from_db()
    summary = schedule.summary
    changes = [seen[0]] + [b for a, b in zip(seen, seen[1:], strict=False) if b[1:] != a[1:]]
    times = [t for t, *_ in changes] + [seconds]
    stalls = [
        (b - a, changes[i][2]) for i, (a, b) in enumerate(zip(times, times[1:], strict=False))
    ]
    longest, during = max(stalls)
    # When the poller first saw each stage: where the time goes.
    stages = {}
    for t, _, message in seen:
        for stage in ("Reading", "Checking row", "Matching", "Saving", "Saved"):
            if message.startswith(stage):
                stages.setdefault(stage, round(t, 1))
    connection.close()
    return {
        "step": step,
        "file": file_name,
        "status": schedule.status,
        "job": job.status,
        "seconds": round(seconds, 2),
        "created": len(summary.get("created", [])),
        "updated": len(summary.get("updated", [])),
        "unchanged": summary.get("unchanged", 0),
        "sessions": Session.objects.count(),
        "hearings": Hearing.objects.count(),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "baseline_mb": round(baseline_mb, 1),
        "polls": len(seen),
        "distinct_progress": len({d for _, d, _ in seen}),
        "progress_changes": len(changes),
        "longest_stall_s": round(longest, 2),
        "longest_stall_during": during,
        "stages_first_seen_s": stages,
        "load": [round(x, 2) for x in (*load_before, *load_after)],
    }


def child(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.imports.run", *args],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> dict:
    import psycopg

    with psycopg.connect(DB_ADMIN) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "postgresql": version,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    began = time.perf_counter()
    info = machine()
    say(f"Fresh database {DB_NAME}; load average {os.getloadavg()}")
    fresh_database()
    started = time.perf_counter()
    with open(OUT / "migrate.log", "w") as log:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=ROOT,
            env=environment(),
            check=True,
            stdout=log,
            stderr=log,
        )
    say(f"Migrated in {time.perf_counter() - started:.0f} s; writing the schedules")
    prepared = child("--prepare")
    steps = []
    for step, file_name, _ in STEPS:
        say(f"{step}: importing {file_name}")
        result = child("--measure", step, file_name, str(prepared["admin"]))
        say(f"{step}: {json.dumps(result)}")
        steps.append(result)
    results = {
        "machine": info,
        "sizes": prepared["sizes"],
        "steps": steps,
        "minutes": round((time.perf_counter() - began) / 60, 1),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    update_web_results(results)
    say(f"Done: {RESULTS} and {WEB_RESULTS}")


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def long_work_rows(results: dict | None = None) -> list[str]:
    """The import rows of RESULTS.md's "Long work" table (from results.json when measured)."""
    if results is None and RESULTS.exists():
        results = json.loads(RESULTS.read_text())
    if results is None:
        return [
            "| Import, 10,000 rows | not yet measured (`python -m benchmarks.imports.run`) |",
            "| Import, 20,000 rows | not yet measured |",
            "| Re-import of the same file | not yet measured |",
        ]
    by = {s["step"]: s for s in results["steps"]}

    def row(label, s, target):
        return (
            f"| {label} | {s['seconds']} s (target < {target:.0f} s: "
            f"{_met(s['seconds'] < target)}); {s['created']:,} new, {s['updated']:,} updated, "
            f"{s['unchanged']:,} unchanged; peak memory {s['peak_mb']:.0f} MB; progress moved "
            f"{s['progress_changes']} times, longest still {s['longest_stall_s']} s "
            f'("{s["longest_stall_during"]}"); load average {s["load"][0]}–{s["load"][3]} |'
        )

    return [
        row("Import, 10,000 rows", by["10k"], TARGETS["10k"]),
        row("Import, 20,000 rows", by["20k"], TARGETS["20k"]),
        row("Re-import of the same 10,000 rows", by["10k-again"], TARGETS["reimport"]),
        row("Re-import of the same 20,000 rows", by["20k-again"], TARGETS["reimport"]),
    ]


def import_section(results: dict | None = None) -> list[str]:
    """RESULTS.md's schedule import section."""
    if results is None and RESULTS.exists():
        results = json.loads(RESULTS.read_text())
    if results is None:
        return []
    m = results["machine"]
    steps = results["steps"]
    peak = max(s["peak_mb"] for s in steps)
    lines = [
        "## Schedule import",
        "",
        "`python -m benchmarks.imports.run` (also run by `make bench-web`): the import task "
        "(`rostering.tasks.import_schedule`) in a fresh process per import under production "
        f"settings, on PostgreSQL ({DB_NAME}, 4 regions, 40 centres); files written by "
        "openpyxl, one to four hearings per session. A thread polled the Job every 0.2 s from "
        'its own connection, as the progress page does; "moved" counts the changes it saw.',
        "",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, Python "
        f"{m['python']}, PostgreSQL {m['postgresql']}; run {m['date']}, "
        f"{results['minutes']} minutes in all.",
        "- Not a quiet machine: other engineers' test runs and benchmarks shared the 2 cores. "
        "The load average (1, 5, 15 minutes) is given before and after each import.",
        f"- Files: 10,000 rows {results['sizes']['schedule-10000.xlsx'] / 1e6:.1f} MB, "
        f"20,000 rows {results['sizes']['schedule-20000.xlsx'] / 1e6:.1f} MB.",
        "",
        "| import | seconds | new | updated | unchanged | sessions after | hearings after "
        "| peak MB | progress moved | longest still | load before → after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    stage_lines = []
    for (step, _, label), s in zip(STEPS, steps, strict=True):
        assert s["step"] == step
        stages = ", ".join(f"{k} {v} s" for k, v in s["stages_first_seen_s"].items())
        stage_lines.append(f"- {label}: {stages}, finished {s['seconds']} s.")
        lines.append(
            f"| {label} | {s['seconds']} | {s['created']:,} | {s['updated']:,} | "
            f"{s['unchanged']:,} | {s['sessions']:,} | {s['hearings']:,} | {s['peak_mb']:.0f} | "
            f"{s['progress_changes']} | {s['longest_stall_s']} s | "
            f"{', '.join(map(str, s['load'][:3]))} → {', '.join(map(str, s['load'][3:]))} |"
        )
    by = {s["step"]: s for s in steps}
    reimport = max(by["10k-again"]["seconds"], by["20k-again"]["seconds"])
    # Progress is written at every twentieth of the rows in each stage (reading, checking,
    # matching); what the page sees is bounded by the longest still stretch.
    lines += [
        "",
        "When the polling page first saw each stage (seconds from the task's start; reading "
        'runs from "Reading" to "Checking row", writing from "Saving" to the end):',
        "",
        *stage_lines,
        "",
        "Before the batched import (figures from the issue): 5,000 new "
        "rows took 43.5 s with the bar frozen at 40% for 39 s (5 queries per new row, progress "
        "written inside the one transaction); a re-import of the same 5,000 rows took 25.8 s "
        "(one region query per row). Reading the workbook with openpyxl is now the largest "
        "stage (half or more of a re-import); a faster reader (parsing the sheet XML directly, "
        "still through defusedxml) is the next step.",
        "",
        "Targets:",
        "",
        f"- 10,000 rows < 20 s: {by['10k']['seconds']} s — {_met(by['10k']['seconds'] < 20)}.",
        f"- 20,000 rows < 45 s: {by['20k']['seconds']} s — {_met(by['20k']['seconds'] < 45)}.",
        f"- Re-import < 10 s: {reimport} s (the slower of the two) — {_met(reimport < 10)}.",
        f"- Peak memory < 500 MB: {peak:.0f} MB — {_met(peak < 500)}.",
        "- Progress moves at least every 10% of rows: written at every 5% of the rows in "
        "each of reading, checking and matching (committed as it goes), and after every "
        "2,000 rows written inside the transaction (over a second connection); the longest "
        "still stretch is in the table.",
        "",
    ]
    return lines


def update_web_results(results: dict) -> None:
    """Put the import figures into benchmarks/web/RESULTS.md without touching the rest."""
    text = WEB_RESULTS.read_text()
    lines = text.splitlines()
    kept = []
    inserted = False
    skipping = False
    for line in lines:
        if line.startswith("## Schedule import"):
            skipping = True
            continue
        if skipping:
            if line.startswith("## "):
                skipping = False
            else:
                continue
        if line.startswith(("| Import, ", "| Re-import of the same")):
            if not inserted:
                kept += long_work_rows(results)
                inserted = True
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    kept += ["", *import_section(results)]
    WEB_RESULTS.write_text("\n".join(kept).rstrip() + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:2] == ["--prepare"]:
        print(json.dumps(prepare()))
    elif sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        main()
