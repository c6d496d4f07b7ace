"""Measure anatomy-kg against the engines' floor; print a Markdown table.

    python benchmarks/run.py                # bundled graph and 100 k synthetic triples
    python benchmarks/run.py --sizes        # bundled graph only (a minute)
    python benchmarks/run.py --full         # also 1 M synthetic triples (long, ~2 GB)

Every figure is the median of several runs in this one process (or of several
cold processes for the command line), so ratios between rows are what to
read; absolute times move with the machine. Peak memory is the maximum
resident size of a child process doing only that step.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

QUERY = ("muscles-innervated-by", {"nerve": "tibial nerve"})


def _median(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak_mb(code: str, env: dict[str, str]) -> float:
    """Peak resident memory (MB) of a child Python running ``code``."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent,
    # so a child of this (large) process would report the parent's size
    probe = (
        f"exec(compile({code!r}, 'bench', 'exec'))\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "print(int(status.split()[0]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def command_line(env: dict[str, str], nt: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Process start to answer: our CLI (cache warm) vs the minimal pyoxigraph program."""
    minimal = (
        "import pyoxigraph as ox\n"
        "s = ox.Store()\n"
        f"s.load(path={str(nt)!r}, format=ox.RdfFormat.N_TRIPLES)\n"
        "q = 'PREFIX akg: <https://w3id.org/anatomy-kg/schema#> PREFIX rdfs: "
        "<http://www.w3.org/2000/01/rdf-schema#> SELECT ?m ?l WHERE { ?m akg:innervatedBy ?n ; "
        'rdfs:label ?l . ?n rdfs:label "tibial nerve" }\'\n'
        "print(list(s.query(q)))\n"
    )
    cli = [sys.executable, "-m", "kg", "query", QUERY[0], "--param", "nerve=tibial nerve"]
    subprocess.run(cli, capture_output=True, env=env, check=True)  # warm the build cache
    commands = {"ours": cli, "floor": [sys.executable, "-c", minimal],
                "memory": [*cli, "--store", "memory"]}  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat * 3):  # interleaved, so drift on a shared machine hits all alike
        for name, args in commands.items():
            start = time.perf_counter()
            subprocess.run(args, capture_output=True, env=env, check=True)
            times[name].append(time.perf_counter() - start)
    ours, floor, memory = (statistics.median(times[name]) for name in commands)
    return [
        ("cold CLI answer, `anatomy-kg query` (Oxigraph)", ours, f"{ours / floor:.1f}x floor"),
        ("cold CLI answer, `--store memory`", memory, f"{memory / floor:.1f}x floor"),
        ("minimal pyoxigraph program (load N-Triples + query)", floor, "floor"),
    ]


class _TimedOut(BaseException):
    """Raised by the alarm; a BaseException, so no ``except Exception`` swallows it."""


def _capped(run, seconds: int) -> tuple[float, bool]:
    """Time one call, stopping it after ``seconds``; (time, whether it was stopped)."""

    def stop(*_: object) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    start = time.perf_counter()
    try:
        run()
        return time.perf_counter() - start, False
    except _TimedOut:
        return time.perf_counter() - start, True
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def in_process(graph, label: str, repeat: int, cap: int) -> list[tuple[str, float, str]]:
    """The whole catalogue in-process: ours on Oxigraph, raw pyoxigraph, plain rdflib.

    Raw pyoxigraph runs the same query text with the parameters already written
    in as a VALUES block (what a careful pyoxigraph user writes, and what ours
    sends) and reads every value of every row. rdflib runs each query once,
    stopped after ``cap`` seconds; a stopped query counts its time so far and
    the rdflib figure is then a lower bound. ``gc.freeze()`` keeps the collector
    from re-scanning the big graph during the timings, for all three alike.
    """
    import gc

    from kg.sparql.engines import store_for, to_oxigraph

    from kg.namespaces import PREFIXES
    from kg.sparql.queries import catalogue, prepare, run_prepared
    from kg.store.values import values_first

    store = store_for(graph)
    prepared = [
        prepare(graph, q.name, {p.name: p.example for p in q.params if not p.optional})
        for q in catalogue()
    ]
    texts = []
    for p in prepared:
        terms = {k: to_oxigraph(v) for k, v in p.bindings.items()}
        texts.append(values_first(p.text, terms) if terms else p.text)
    namespaces = {**PREFIXES, "xsd": "http://www.w3.org/2001/XMLSchema#"}
    gc.collect()
    gc.freeze()

    def ours() -> None:
        for p in prepared:
            run_prepared(graph, p, store=store)

    def raw() -> None:
        for text in texts:
            [tuple(solution) for solution in store.query(text, prefixes=namespaces)]

    t_ours, t_raw = _median(ours, repeat), _median(raw, repeat)
    t_rdflib, stopped = 0.0, 0
    for p in prepared:
        seconds, was_stopped = _capped(lambda p=p: run_prepared(graph, p, labels=False), cap)
        t_rdflib += seconds
        stopped += was_stopped
    gc.unfreeze()
    bound = f" ({stopped} stopped at {cap} s: a lower bound)" if stopped else ""
    rdflib_label = "≥ " if stopped else ""
    return [
        (f"catalogue ({len(prepared)} queries), ours on Oxigraph, {label}", t_ours,
         f"{t_ours / t_raw:.2f}x raw"),
        (f"catalogue, raw pyoxigraph, {label}", t_raw, "floor"),
        (f"catalogue, plain rdflib, {label}{bound}", t_rdflib,
         f"{rdflib_label}{t_rdflib / t_ours:.0f}x ours"),
    ]  # fmt: skip


def steps(env: dict[str, str], repeat: int) -> list[tuple[str, float, str]]:
    """Build, export, lesion and viz --all, each timed with its peak memory."""
    import kg
    from kg.output.pictures import network, write
    from kg.output.rdf_files import export

    graph = kg.load()
    out = Path(tempfile.mkdtemp())
    rows = []
    cases = {
        "build from sources (YAML -> graph)": (lambda: kg.load(), "import kg; kg.load()"),
        "export Turtle": (
            lambda: export(graph, out / "a.ttl", "ttl"),
            f"import kg; kg.export(kg.load(), {str(out / 'b.ttl')!r}, 'ttl')",
        ),
        "lesion, common fibular nerve": (
            lambda: kg.lesion(graph, "common fibular nerve"),
            "import kg; kg.lesion(kg.load(), 'common fibular nerve')",
        ),
        "viz --all (page written)": (
            lambda: write(network(graph, whole=True), out / "all.html"),
            "import kg; from kg.output.pictures import network, write; "
            f"write(network(kg.load(), whole=True), {str(out / 'c.html')!r})",
        ),
    }
    for name, (run, code) in cases.items():
        rows.append((name, _median(run, repeat), f"peak {_peak_mb(code, env):.0f} MB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also measure 1 M synthetic triples")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=None,
        help="synthetic sizes to add to the bundled graph (default: 100000; --full adds 1000000)",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--cap", type=int, default=120, help="stop an rdflib query after this many seconds"
    )
    args = parser.parse_args()

    from synthetic import triples

    import kg

    env = dict(os.environ, PYTHONPATH=str(ROOT), ANATOMY_KG_CACHE=tempfile.mkdtemp())
    graph = kg.load()
    bundled_nt = Path(tempfile.mkdtemp()) / "bundled.nt"
    bundled_nt.write_bytes(graph.serialize(format="nt", encoding="utf-8"))

    rows = command_line(env, bundled_nt, args.repeat)
    rows += in_process(graph, f"bundled ({len(graph):,} triples)", args.repeat, args.cap)
    sizes = args.sizes if args.sizes is not None else [100_000]
    if args.full:
        sizes = [*sizes, 1_000_000]
    for size in sizes:
        big = kg.load()
        big.parse(data="".join(triples(size)), format="nt")
        rows += in_process(big, f"bundled + {size:,} synthetic", max(1, args.repeat // 2), args.cap)
    rows += steps(env, args.repeat)

    print("| measurement | median | note |")
    print("|---|---|---|")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds * 1000:,.0f} ms | {note} |")


if __name__ == "__main__":
    main()
