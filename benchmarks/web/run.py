"""The web benchmark (`make bench-web`): a national year on PostgreSQL behind gunicorn.

Creates the scratch database panel_bench (dropped and recreated each run), migrates, loads the
national demo data, starts a Celery worker and gunicorn under production settings on a
loopback port, runs a national rota through the Job, then drives a bounded loopback load
(1 user, then 10) at every page as the role that uses it, and writes RESULTS.md beside this
file. Needs only PostgreSQL and Redis on 127.0.0.1.
"""

import datetime
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..imports import run as imports
from .load import Target, drive

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PY = sys.executable
DB_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_URL = "postgres://postgres@127.0.0.1:5432/panel_bench"
REDIS_URL = "redis://127.0.0.1:6379/11"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
ONE_USER_REQUESTS = int(os.environ.get("BENCH_REQUESTS_1", "30"))
TEN_USER_REQUESTS = int(os.environ.get("BENCH_REQUESTS_10", "100"))


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": DB_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STAFF_MFA_REQUIRED": "true",
        "SITE_URL": BASE,
        "CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(OUT / "media"),
        "PRIVATE_MEDIA_ROOT": str(OUT / "private-media"),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "3"),
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_ACCESSLOG": "",
    }


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(DB_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS panel_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE panel_bench")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def manage(env: dict, *args: str, log: str) -> float:
    started = time.perf_counter()
    with open(OUT / log, "w") as f:
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=f, stderr=f)
    return time.perf_counter() - started


def start(env: dict, args: list[str], log: str) -> subprocess.Popen:
    f = open(OUT / log, "w")  # noqa: SIM115 (kept open for the process's life)
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=f, stderr=f, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def get(path: str, timeout: float = 30) -> http.client.HTTPResponse:
    """One GET to the loopback server (plain http.client: no redirects, no other schemes)."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


def wait_for_web(timeout: float = 120) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if get("/").status == 200:
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


def machine() -> dict:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    pg = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "show server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem / 1024 / 1024, 1),
        "cpu": model,
        "python": platform.python_version(),
        "postgresql": pg,
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def first_request_after_start(env: dict) -> float:
    """Restart gunicorn and time the first request a worker serves (preload + warm-up)."""
    web = start(env, [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi"], "gunicorn-restart.log")
    try:
        while True:
            try:
                get("/static/does-not-exist", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        # That 404 came from a worker that has now served one request: time a real page.
        started = time.perf_counter()
        get("/search/?q=panel")
        return time.perf_counter() - started
    finally:
        stop(web)


def main() -> None:
    total = time.perf_counter()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    env = environment()
    timings = {}
    say("Creating the scratch database panel_bench")
    fresh_database()
    say("Migrating")
    timings["migrate"] = manage(env, "migrate", "--noinput", log="migrate.log")
    say("Loading national demo data")
    timings["demo"] = manage(env, "load_demo_data", "--size", "national", log="demo.log")
    timings["collectstatic"] = manage(env, "collectstatic", "--noinput", log="static.log")
    say("Starting the Celery worker and gunicorn")
    worker = start(
        env,
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "config",
            "worker",
            "--loglevel=WARNING",
            "--concurrency=1",
        ],
        "celery.log",
    )
    web = start(env, [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi"], "gunicorn.log")
    try:
        wait_for_web()
        say("National rota run through the Job (Celery worker)")
        subprocess.run(
            [PY, "-m", "benchmarks.web.prepare", "rota", str(OUT / "rota.json")],
            cwd=ROOT,
            env=env,
            check=True,
        )
        rota = json.loads((OUT / "rota.json").read_text())
        say("Sign-ins, pages and query counts")
        subprocess.run(
            [PY, "-m", "benchmarks.web.prepare", "plan", str(OUT / "plan.json"), str(rota["run"])],
            cwd=ROOT,
            env=env,
            check=True,
        )
        plan = json.loads((OUT / "plan.json").read_text())
        results = measure(plan)
    finally:
        stop(web)
        stop(worker)
    say("Timing the first request after gunicorn starts")
    first = first_request_after_start(env)
    timings["total"] = time.perf_counter() - total
    write_results(machine(), plan, rota, results, timings, first)
    say(f"Done in {timings['total'] / 60:.1f} minutes: {HERE / 'RESULTS.md'}")


def _target(plan: dict, page: dict, extra: dict | None = None, expect: int = 200) -> Target:
    headers = dict(page.get("headers", {}))
    cookie = plan["cookies"].get(page["role"])
    if cookie:
        headers["Cookie"] = f"{plan['cookie_name']}={cookie}"
    headers.update(extra or {})
    return Target(BASE, page["url"], headers, expect)


def measure(plan: dict) -> dict:
    results = {"pages": [], "feed": {}}
    pages = [p for p in plan["pages"] if p["status"] == 200]
    for page in pages:
        target = _target(plan, page)
        drive(target, users=1, requests=5)  # warm this page's caches
        one = drive(target, users=1, requests=ONE_USER_REQUESTS)
        ten = drive(target, users=10, requests=TEN_USER_REQUESTS)
        results["pages"].append({**page, "one": one, "ten": ten})
        say(f"  {page['name']}: p50 {one['p50']} ms (1 user), {ten['p50']} ms (10 users)")
    # Calendar clients: every feed polled with and without a validator.
    feed = next(p for p in pages if p["role"] == "calendar client")
    tag = get(feed["url"]).headers["ETag"]
    conditional = _target(plan, feed, {"If-None-Match": tag}, expect=304)
    drive(conditional, users=1, requests=5)
    results["feed"]["one_304"] = drive(conditional, users=1, requests=ONE_USER_REQUESTS)
    results["feed"]["ten_304"] = drive(conditional, users=10, requests=TEN_USER_REQUESTS)
    return results


def _ratio(value: float, home: float) -> str:
    return f"{value / home:.1f}×" if home else "–"


def write_results(machine: dict, plan, rota, results, timings, first) -> None:
    pages = results["pages"]
    home = next(p for p in pages if p["name"] == "Home page")
    home50, home95 = home["one"]["p50"], home["one"]["p95"]
    lines = [
        "# Web benchmark results",
        "",
        "`make bench-web` (benchmarks/web/run.py): national demo data on PostgreSQL, gunicorn "
        f"({os.environ.get('WEB_CONCURRENCY', '3')} workers, `gunicorn.conf.py`, production "
        "settings, STAFF_MFA_REQUIRED on), a Celery worker, Redis; load from the same machine "
        "over loopback. Times are client-side wall times per request in milliseconds.",
        "",
        "## Machine",
        "",
        f"- CPUs (nproc): {machine['nproc']}; memory {machine['memory_gib']} GiB; "
        f"CPU: {machine['cpu']}",
        f"- Python {machine['python']}, PostgreSQL {machine['postgresql']}",
        f"- Run: {machine['date']}; the whole benchmark took {timings['total'] / 60:.1f} minutes "
        f"(migrate {timings['migrate']:.0f} s, national demo data {timings['demo']:.0f} s)",
        f"- Data: {plan['counts']['volunteers']} volunteers, {plan['counts']['sessions']} "
        f"sessions; the national rota run covers {plan['counts']['run_sessions']} sessions",
        "",
        "## Pages",
        "",
        f"{ONE_USER_REQUESTS} requests per page at 1 user, {TEN_USER_REQUESTS} shared by 10 "
        "concurrent users; ratios are to the home page's figure at 1 user in this run. Queries: "
        "the page's database queries, counted in-process with the test client "
        "(CaptureQueriesContext) on a warm second request.",
        "",
        "| page | role | queries | p50 | p95 | p99 | p50 ratio | p95 ratio | req/s "
        "| 10 users p50 | p95 | p99 | req/s | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    worst50 = worst95 = 0.0
    errors = 0
    for p in pages:
        one, ten = p["one"], p["ten"]
        worst50 = max(worst50, one["p50"] / home50)
        worst95 = max(worst95, one["p95"] / home50)
        errors += one["errors"] + ten["errors"]
        lines.append(
            f"| {p['name']} | {p['role']} | {p['queries']} | {one['p50']} | {one['p95']} | "
            f"{one['p99']} | {_ratio(one['p50'], home50)} | {_ratio(one['p95'], home50)} | "
            f"{one['rps']} | {ten['p50']} | {ten['p95']} | {ten['p99']} | {ten['rps']} | "
            f"{one['errors'] + ten['errors']} |"
        )
    f304, f10 = results["feed"]["one_304"], results["feed"]["ten_304"]
    errors += f304["errors"] + f10["errors"]
    lines.append(
        f"| Calendar feed (304) | calendar client | {plan['feed']['queries_304']} | "
        f"{f304['p50']} | {f304['p95']} | {f304['p99']} | {_ratio(f304['p50'], home50)} | "
        f"{_ratio(f304['p95'], home50)} | {f304['rps']} | {f10['p50']} | {f10['p95']} | "
        f"{f10['p99']} | {f10['rps']} | {f304['errors'] + f10['errors']} |"
    )
    skipped = [p for p in plan["pages"] if p["status"] != 200]
    if skipped:
        lines += [
            "",
            "Not measured (did not answer 200 in the query pass): "
            + ", ".join(f"{p['name']} ({p['status']})" for p in skipped),
        ]
    feed = plan["feed"]
    feed_ok = feed["ms_304"] <= feed["ms_200"] / 3
    lines += [
        "",
        "## Targets",
        "",
        f"- Every page's median ≤ 3× the home page's at 1 user: worst {worst50:.1f}× — "
        f"{'met' if worst50 <= 3 else 'NOT met'}.",
        f"- Every page's p95 ≤ 5× the home page's median at 1 user: worst {worst95:.1f}× — "
        f"{'met' if worst95 <= 5 else 'NOT met'} (home p95 is {home95} ms).",
        f"- No errors at 10 users: {errors} errors — {'met' if errors == 0 else 'NOT met'}.",
        f"- Feed 304 ≤ ⅓ of the 200's server time: {feed['ms_304']} ms against "
        f"{feed['ms_200']} ms — {'met' if feed_ok else 'NOT met'}.",
        "",
        "## Calendar feed",
        "",
        "Server time in-process (the view and middleware, no network), median of 30, for a "
        "member with sittings and bookings:",
        "",
        "| answer | median ms | queries | body |",
        "|---|---:|---:|---|",
        f"| 200 | {feed['ms_200']} | {feed['queries_200']} | {feed['bytes_200']} bytes "
        f"({feed['gzip'] or 'identity'}) |",
        f"| 304 (If-None-Match) | {feed['ms_304']} | {feed['queries_304']} | none |",
        "",
        "## First request after a worker starts",
        "",
        f"gunicorn restarted (`preload_app`, warm-up in the master): the first page a fresh "
        f"worker serves took {1000 * first:.0f} ms.",
        "",
        "## Long work",
        "",
        "| what | figure |",
        "|---|---|",
        f"| National rota run through the Job (Celery worker; time limit {rota['time_limit']} s)"
        f" | {rota['seconds']} s from queueing to the Job finishing; {rota['sessions']} sessions,"
        f" {rota['members']} members, {rota['seats_filled']} seats; run {rota['status']} |",
        *imports.long_work_rows(),
        "| Publishing a national rota until the last email has left the worker | not yet "
        "measured (the background mailer is not in this branch) |",
        "",
        *imports.import_section(),
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
