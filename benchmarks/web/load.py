"""A small, bounded load generator: loopback only, fixed request counts, stdlib only."""

import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(times: list[float], errors: int, wall: float) -> dict:
    ms = [1000 * t for t in times]
    return {
        "n": len(ms),
        "errors": errors,
        "p50": round(statistics.median(ms), 1) if ms else 0.0,
        "p95": round(_percentile(ms, 0.95), 1),
        "p99": round(_percentile(ms, 0.99), 1),
        "rps": round(len(ms) / wall, 1) if wall else 0.0,
    }


class Target:
    """One page as one role sees it: a path and the headers (cookie, htmx) to send."""

    def __init__(self, base: str, path: str, headers: dict, expect: int = 200):
        self.host = urlsplit(base).hostname
        self.port = urlsplit(base).port
        self.path, self.headers, self.expect = path, headers, expect

    def fetch(self, conn: http.client.HTTPConnection) -> bool:
        conn.request("GET", self.path, headers=self.headers)
        response = conn.getresponse()
        response.read()
        return response.status == self.expect

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=60)


def drive(target: Target, *, users: int, requests: int) -> dict:
    """`users` threads share `requests` requests to one page; each keeps its connection."""
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_user = [requests // users + (1 if i < requests % users else 0) for i in range(users)]

    def user(count: int) -> None:
        nonlocal errors
        conn = target.connect()
        for _ in range(count):
            started = time.perf_counter()
            try:
                ok = target.fetch(conn)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = target.connect()
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed)
                errors += 0 if ok else 1
        conn.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in per_user]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return summary(times, errors, time.perf_counter() - wall)
