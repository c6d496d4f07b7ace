"""Measure anatomy-kg against the engines' floor; print a Markdown table.

    python benchmarks/run.py                # bundled graph and 100 k synthetic triples
    python benchmarks/run.py --commands     # only the paired cold commands (a few minutes)
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


ASK = "which muscles does the tibial nerve supply?"
FLOOR_QUERY = (
    "PREFIX akg: <https://w3id.org/anatomy-kg/schema#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?m ?l WHERE { ?m akg:innervatedBy ?n ; rdfs:label ?l . ?n rdfs:label 'tibial nerve' }"
)
FORMATS = ("table", "json", "csv", "tsv", "xml")


def _floor(engine: str, nt: Path, fmt: str) -> str:
    """The minimal program: load the N-Triples, answer the question, print it in ``fmt``."""
    if engine == "pyoxigraph":
        write = (
            "print(list(r))"
            if fmt == "table"
            else f"sys.stdout.buffer.write(r.serialize(format=ox.QueryResultsFormat.{fmt.upper()}))"
        )
        return (
            "import sys, pyoxigraph as ox\n"
            "s = ox.Store()\n"
            f"s.bulk_load(path={str(nt)!r}, format=ox.RdfFormat.N_TRIPLES)\n"
            f"r = s.query({FLOOR_QUERY!r})\n" + write + "\n"
        )
    write = {
        "table": "print(list(r))",
        "tsv": "print('\\n'.join('\\t'.join(t.n3() for t in row) for row in r))",  # no serialiser
    }.get(fmt, f"print(r.serialize(format={fmt!r}))")
    return (
        "import rdflib\n"
        f"g = rdflib.Graph().parse({str(nt)!r}, format='nt')\n"
        f"r = g.query({FLOOR_QUERY!r})\n" + write + "\n"
    )


def _cpu(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one child process, start to exit."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(
            f"{args} failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return usage.ru_utime + usage.ru_stime


def command_line(env: dict[str, str], nt: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Cold commands (cache warm) against the minimal pyoxigraph and rdflib programs, paired.

    Every round runs every command once, interleaved, so drift on a shared
    machine hits all alike; each figure is the median CPU time of its process.
    """
    kg_cli = [sys.executable, "-m", "kg"]
    tibial = ["--param", "nerve=tibial nerve"]
    ours = {
        f"query {fmt}": [*kg_cli, "query", QUERY[0], *tibial, "--format", fmt] for fmt in FORMATS
    }
    ours |= {
        "ask": [*kg_cli, "ask", ASK],
        "describe": [*kg_cli, "describe", "soleus"],
        "lesion": [*kg_cli, "lesion", "common fibular nerve"],
        "path": [*kg_cli, "path", "soleus", "femoral nerve"],
    }
    floors = {
        f"{engine} {fmt}": [sys.executable, "-c", _floor(engine, nt, fmt)]
        for engine in ("pyoxigraph", "rdflib")
        for fmt in FORMATS
    }
    subprocess.run(ours["query table"], capture_output=True, env=env, check=True)  # warm the cache
    commands = {**ours, **floors}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, args in commands.items():
            times[name].append(_cpu(args, env))
    cpu = {name: statistics.median(values) for name, values in times.items()}
    rows = []
    for name in ours:
        fmt = name.split()[1] if name.startswith("query ") else "table"
        floor, slow = cpu[f"pyoxigraph {fmt}"], cpu[f"rdflib {fmt}"]
        note = f"{cpu[name] / floor:.2f}x pyoxigraph {fmt}; rdflib {slow / cpu[name]:.1f}x slower"
        rows.append((f"cold `anatomy-kg {name}` (CPU)", cpu[name], note))
    for name in floors:
        rows.append((f"minimal {name} program (CPU)", cpu[name], "floor"))
    return rows


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

    from rdflib import Literal, URIRef, Variable

    from kg.namespaces import PREFIXES
    from kg.sparql.queries import catalogue, prepare, run_prepared
    from kg.store.access import from_graph
    from kg.store.values import values_first

    store = from_graph(graph)
    prepared = [
        prepare(store, q.name, {p.name: p.example for p in q.params if not p.optional})
        for q in catalogue()
    ]
    texts = [values_first(p.text, p.bindings) if p.bindings else p.text for p in prepared]

    def rdflib_term(term):
        if type(term).__name__ == "NamedNode":
            return URIRef(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))

    namespaces = {**PREFIXES, "xsd": "http://www.w3.org/2001/XMLSchema#"}
    gc.collect()
    gc.freeze()

    def ours() -> None:
        for p in prepared:
            run_prepared(store, p)

    def raw() -> None:
        for text in texts:
            [tuple(solution) for solution in store.engine.query(text, prefixes=namespaces)]

    def plain_rdflib(p) -> None:
        bindings = {Variable(k): rdflib_term(v) for k, v in p.bindings.items()}
        list(graph.query(p.text, initBindings=bindings))

    t_ours, t_raw = _median(ours, repeat), _median(raw, repeat)
    t_rdflib, stopped = 0.0, 0
    for p in prepared:
        seconds, was_stopped = _capped(lambda p=p: plain_rdflib(p), cap)
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
    store = kg.open_store()
    out = Path(tempfile.mkdtemp())
    rows = []
    cases = {
        "build from sources (YAML -> graph)": (lambda: kg.load(), "import kg; kg.load()"),
        "export Turtle": (
            lambda: export(graph, out / "a.ttl", "ttl"),
            f"import kg; kg.export(kg.load(), {str(out / 'b.ttl')!r}, 'ttl')",
        ),
        "lesion, common fibular nerve": (
            lambda: kg.lesion(store, "common fibular nerve"),
            "import kg; kg.lesion(kg.open_store(), 'common fibular nerve')",
        ),
        "viz --all (page written)": (
            lambda: write(network(store, whole=True), out / "all.html"),
            "import kg; from kg.output.pictures import network, write; "
            f"write(network(kg.open_store(), whole=True), {str(out / 'c.html')!r})",
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
        "--commands", action="store_true", help="only the paired cold commands against the floors"
    )
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
    if args.commands:
        _print(rows)
        return
    rows += in_process(graph, f"bundled ({len(graph):,} triples)", args.repeat, args.cap)
    sizes = args.sizes if args.sizes is not None else [100_000]
    if args.full:
        sizes = [*sizes, 1_000_000]
    for size in sizes:
        big = kg.load()
        big.parse(data="".join(triples(size)), format="nt")
        rows += in_process(big, f"bundled + {size:,} synthetic", max(1, args.repeat // 2), args.cap)
    rows += steps(env, args.repeat)
    _print(rows)


def _print(rows: list[tuple[str, float, str]]) -> None:
    print("| measurement | median | note |")
    print("|---|---|---|")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds * 1000:,.0f} ms | {note} |")


if __name__ == "__main__":
    main()
