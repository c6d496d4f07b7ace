"""Load on ``anatomy-kg serve``: threads of catalogue queries, every answer checked.

    python benchmarks/load.py                    # 8 threads x 200 queries, 2 workers
    python benchmarks/load.py --threads 16 --per-thread 500 --workers 4

Starts the server on a free loopback port, sends each thread's share of the
catalogue (every query with its header's examples, through
``/catalogue/NAME?...``) and compares every answer with the first answer to
the same request. Prints a Markdown table: requests, errors, wrong answers,
throughput and latency percentiles. ``tests/test_server.py`` runs the same
load and requires zero errors.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LoadReport:
    """What a load run saw."""

    requests: int = 0
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def table(self) -> str:
        rows = [
            ("requests", f"{self.requests:,}"),
            ("errors", str(len(self.errors))),
            ("wrong answers", str(len(self.wrong))),
            ("throughput", f"{self.requests / self.seconds:,.0f} requests/s"),
            ("latency p50", f"{self.percentile(0.50) * 1000:.1f} ms"),
            ("latency p95", f"{self.percentile(0.95) * 1000:.1f} ms"),
            ("latency p99", f"{self.percentile(0.99) * 1000:.1f} ms"),
            ("latency max", f"{max(self.latencies) * 1000:.1f} ms"),
            ("latency mean", f"{statistics.fmean(self.latencies) * 1000:.1f} ms"),
        ]
        return "\n".join(["| measure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


def catalogue_requests(base: str) -> list[str]:
    """One URL per catalogue query, with its header's example values."""
    import json

    with urllib.request.urlopen(f"{base}/catalogue", timeout=60) as response:
        entries = json.load(response)
    urls = []
    for entry in entries:
        params = {p["name"]: p["example"] for p in entry["params"] if p["example"]}
        urls.append(f"{base}/catalogue/{entry['name']}?{urllib.parse.urlencode(params)}")
    return urls


def hammer(base: str, *, threads: int = 8, per_thread: int = 200) -> LoadReport:
    """Send ``threads`` x ``per_thread`` catalogue requests at once; check every answer."""
    urls = catalogue_requests(base)
    expected: dict[str, bytes] = {}
    for url in urls:
        with urllib.request.urlopen(url, timeout=60) as response:
            expected[url] = response.read()
    report = LoadReport()
    lock = threading.Lock()

    def client(offset: int) -> None:
        for i in range(per_thread):
            url = urls[(offset + i) % len(urls)]
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=120) as response:
                    body = response.read()
                problem = None if body == expected[url] else f"different answer from {url}"
                failure = None
            except (urllib.error.URLError, OSError) as exc:
                problem, failure, body = None, f"{url}: {exc}", b""
            elapsed = time.perf_counter() - start
            with lock:
                report.requests += 1
                report.latencies.append(elapsed)
                if failure:
                    report.errors.append(failure)
                if problem:
                    report.wrong.append(problem)

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    report.seconds = time.perf_counter() - start
    return report


def start_server(*args: str) -> tuple[subprocess.Popen, str]:
    """``anatomy-kg serve --port 0 ARGS`` in a child process; (process, base URL)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("ANATOMY_KG_CACHE", tempfile.mkdtemp())
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    found = re.search(r"(http://[^/]+)/sparql", process.stdout.readline())
    if not found:
        process.kill()
        raise SystemExit("the server did not start")
    return process, found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--per-thread", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    process, base = start_server("--workers", str(args.workers))
    try:
        report = hammer(base, threads=args.threads, per_thread=args.per_thread)
    finally:
        process.terminate()
        process.wait(30)
    print(f"{args.threads} threads x {args.per_thread} catalogue queries, {args.workers} workers\n")
    print(report.table())
    for line in (report.errors + report.wrong)[:10]:
        print(line, file=sys.stderr)


if __name__ == "__main__":
    main()
