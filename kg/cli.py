"""The ``anatomy-kg`` command line.

Every command accepts ``--ontology DIR`` (before or after the command name) to
use another ontology folder instead of the bundled one. Errors print one
clear message and exit non-zero; validation problems exit with status 1,
other errors with status 2.

Example:
    >>> main(["describe", "achilles tendon", "--format", "json"]) == 0  # doctest: +ELLIPSIS
    {...
    True
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.errors import AnatomyKGError, DamagedStoreError, QueryError, SourceError
from kg.sparql.formats import FORMATS

__all__ = ["main"]

PROG = "anatomy-kg"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--ontology",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="ontology folder to use instead of the bundled one",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Human anatomy as an RDF knowledge graph.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate", parents=[common], help="check the ontology sources, reporting every problem"
    )
    validate.add_argument(
        "--no-reasoner", action="store_true", help="skip the OWL consistency check (HermiT)"
    )
    validate.add_argument("--format", choices=("text", "json"), default="text")

    export = commands.add_parser(
        "export", parents=[common], help="write schema, data and provenance as RDF"
    )
    export.add_argument("--format", choices=("ttl", "nt", "jsonld", "xml"), default="ttl")
    export.add_argument("--output", "-o", required=True, metavar="FILE")

    describe = commands.add_parser(
        "describe", parents=[common], help="print the key-facts card of a structure"
    )
    describe.add_argument("entity", metavar="ENTITY", help="an ID, label or synonym")
    describe.add_argument("--format", choices=("text", "json"), default="text")

    queries = commands.add_parser(
        "queries", parents=[common], help="list the SPARQL query catalogue"
    )
    queries.add_argument("--format", choices=("text", "json"), default="text")

    query = commands.add_parser(
        "query", parents=[common], help="run a catalogue query, or ad-hoc SPARQL with --sparql"
    )
    query.add_argument("name", nargs="?", metavar="NAME", help="catalogue query name")
    query.add_argument("--sparql", metavar="FILE_OR_TEXT", help="run this SPARQL instead")
    _add_result_options(query)
    _add_endpoint_option(query)

    ask = commands.add_parser("ask", parents=[common], help="answer a plain-English question")
    ask.add_argument("question", metavar="QUESTION")
    ask.add_argument("--show-sparql", action="store_true", help="print the query used")
    ask.add_argument("--format", choices=FORMATS, default="table")
    _add_endpoint_option(ask)

    lesion = commands.add_parser(
        "lesion", parents=[common], help="muscles and movements lost after a nerve or root lesion"
    )
    lesion.add_argument("entity", metavar="NERVE_OR_ROOT")
    lesion.add_argument(
        "--at",
        metavar="SITE",
        help="a site along the nerve (e.g. 'spiral groove'): branches leaving above it are spared",
    )
    lesion.add_argument("--format", choices=("text", "json"), default="text")
    _add_endpoint_option(lesion)

    localise = commands.add_parser(
        "localise",
        aliases=["localize"],
        parents=[common],
        help="rank the lesion sites that explain examination findings",
        description=(
            "From findings to the lesion. Example: anatomy-kg localise --weak 'tibialis "
            "anterior' --weak 'ankle eversion' --spared 'hip abduction' --reflex-normal "
            "'ankle jerk' --numb 'dorsum of foot'"
        ),
    )
    for flag, what in (
        ("--weak", "a muscle or movement found weak"),
        ("--spared", "a muscle or movement found normal"),
        ("--reflex-lost", "a reflex found absent"),
        ("--reflex-reduced", "a reflex found diminished"),
        ("--reflex-normal", "a reflex found normal"),
        ("--numb", "a skin region with sensory loss"),
        ("--sensation-normal", "a skin region with normal sensation"),
    ):
        localise.add_argument(flag, action="append", default=[], metavar="NAME", help=what)
    localise.add_argument("--limit", type=int, default=10, help="candidates to list (default 10)")
    localise.add_argument(
        "--explain", action="store_true", help="list the facts, with sources, behind each candidate"
    )
    localise.add_argument("--format", choices=("text", "json"), default="text")

    path = commands.add_parser(
        "path", parents=[common], help="the shortest chain of relations between two structures"
    )
    path.add_argument("start", metavar="A")
    path.add_argument("end", metavar="B")
    path.add_argument("--format", choices=("text", "json"), default="text")

    viz = commands.add_parser(
        "viz", parents=[common], help="write an interactive relationship map (offline HTML)"
    )
    mode = viz.add_mutually_exclusive_group(required=True)
    mode.add_argument("--focus", metavar="ENTITY", help="a structure and its neighbourhood")
    mode.add_argument("--query", metavar="NAME", help="the result of a catalogue query")
    mode.add_argument("--lesion", metavar="NERVE_OR_ROOT", help="a lesion, coloured by status")
    mode.add_argument("--tree", metavar="NERVE_OR_ARTERY", help="a branch tree, roots on top")
    mode.add_argument("--all", action="store_true", help="the whole graph")
    viz.add_argument("--depth", type=int, default=1, help="steps around --focus (default 1)")
    viz.add_argument("--param", "-p", action="append", default=[], metavar="KEY=VALUE")
    viz.add_argument("--relations", metavar="KEY,KEY", help="keep only these relations")
    viz.add_argument("--classes", metavar="KEY,KEY", help="keep only these classes")
    viz.add_argument("--output", "-o", required=True, metavar="FILE")

    commands.add_parser(
        "build", parents=[common], help="rebuild the graph into the build cache now"
    )

    stats = commands.add_parser(
        "stats", parents=[common], help="records per class and muscle completeness by region"
    )
    stats.add_argument("--format", choices=("text", "json"), default="text")

    serve = commands.add_parser(
        "serve", parents=[common], help="a read-only SPARQL endpoint with a query page"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    serve.add_argument("--port", type=int, default=7878, help="port (0 picks a free one)")
    serve.add_argument("--workers", type=int, default=2, help="queries run at once (default 2)")
    serve.add_argument("--threads", type=int, default=8, help="connections served at once")
    serve.add_argument(
        "--timeout", type=float, default=10.0, help="seconds a query may run (default 10)"
    )
    serve.add_argument(
        "--max-bytes", type=int, default=50_000_000, help="largest answer served (default 50 MB)"
    )
    serve.add_argument(
        "--max-memory", type=int, default=4000, metavar="MB",
        help="memory each query worker may use (default 4000 MB)",
    )  # fmt: skip

    push = commands.add_parser(
        "push", parents=[common], help="upload the graph to a triple store (Graph Store Protocol)"
    )
    push.add_argument("--endpoint", required=True, metavar="URL", help="the store's GSP URL")
    push.add_argument("--graph", metavar="IRI", help="a named graph (default: the default graph)")
    return parser


def _add_endpoint_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--endpoint",
        metavar="URL",
        help="run against this SPARQL endpoint instead of the local graph",
    )


def _add_result_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a query parameter (repeatable); values are names, IDs or CURIEs",
    )
    command.add_argument("--format", choices=FORMATS, default="table")
    command.add_argument(
        "--no-labels", action="store_true", help="do not add a label column next to IRIs"
    )


def _store(args: argparse.Namespace) -> Any:
    """The graph for a read command: the build cache's store, or ``--endpoint``.

    With an endpoint, the local schema's vocabulary still reads parameters.
    """
    from kg.errors import OutputError
    from kg.store.access import from_graph
    from kg.store.cache import open_store

    endpoint = getattr(args, "endpoint", None)
    if endpoint is not None:
        from kg.store.remote import remote_store

        return remote_store(endpoint, args.ontology)
    try:
        return open_store(args.ontology)
    except OutputError:  # a cache folder that cannot hold a store: build it in memory
        from kg.build.sources import load

        return from_graph(load(args.ontology))


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _validate(args: argparse.Namespace) -> int:
    from kg.validation.report import validate

    report = validate(args.ontology, reasoner=not args.no_reasoner)
    if args.format == "json":
        _print_json(
            {
                "ok": report.ok,
                "records": report.records,
                "triples": report.triples,
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "field": p.field,
                        "message": p.message,
                        "severity": p.severity,
                    }
                    for p in report.problems
                ],
                "notes": report.notes,
            }
        )
    else:
        for problem in report.problems:
            print(problem)
        for note in report.notes:
            print(note)
        if report.ok:
            print(f"valid: {report.records} records, {report.triples} triples")
        else:
            count = len(report.problems)
            print(f"{count} problem{'s' if count != 1 else ''} found")
    return 0 if report.ok else 1


def _export(args: argparse.Namespace) -> int:
    from kg.build.sources import load
    from kg.output.rdf_files import export

    graph = load(args.ontology)
    export(graph, Path(args.output), args.format)
    print(f"wrote {len(graph)} triples to {args.output} ({args.format})", file=sys.stderr)
    return 0


def _describe(args: argparse.Namespace) -> int:
    from kg.anatomy.card import describe

    card = describe(_store(args), args.entity)
    if args.format == "json":
        _print_json(card.to_dict())
    else:
        print(card.to_text())
    return 0


def _queries(args: argparse.Namespace) -> int:
    from kg.sparql.queries import catalogue

    entries = catalogue()
    if args.format == "json":
        _print_json([q.to_dict() for q in entries])
        return 0
    for q in entries:
        print(f"{q.name}\n    {q.summary}")
        for p in q.params:
            print(f"    --param {p.describe()}")
    return 0


def _query(args: argparse.Namespace) -> int:
    from kg.sparql.formats import render
    from kg.sparql.parameters import parse_assignments
    from kg.sparql.queries import prepare, run_prepared

    if (args.name is None) == (args.sparql is None):
        raise QueryError("give a catalogue query NAME or --sparql, not both")
    store = _store(args)
    prepared = prepare(store, args.name, parse_assignments(args.param), sparql=args.sparql)
    answer = run_prepared(store, prepared, labels=not args.no_labels)
    print(render(answer, args.format))
    return 0


def _ask(args: argparse.Namespace) -> int:
    import shlex

    from kg.anatomy.lesions import format_lesion
    from kg.anatomy.questions import ask
    from kg.sparql.formats import render
    from kg.sparql.runner import Answer

    answered = ask(args.question, _store(args))
    meaning = answered.interpretation
    if args.format == "json":
        _print_json(answered.to_dict())
        return 0
    if meaning.kind != "query" and args.format != "table":
        raise QueryError(f"a {meaning.kind} answer prints as table (text) or json")
    # the equivalent command, then the answer; with data formats the command
    # goes to stderr so that stdout stays a clean CSV, TSV or Markdown table
    notes = sys.stdout if args.format == "table" else sys.stderr
    if meaning.kind == "query":
        params = [f"--param={k}={v}" for k, v in meaning.params.items()]
        print("# " + shlex.join([PROG, "query", meaning.query or "", *params]), file=notes)
        if args.show_sparql and answered.sparql:
            body = answered.sparql.splitlines()
            start = next((i for i, line in enumerate(body) if not line.startswith("#")), 0)
            print("\n".join(body[start:]).strip(), file=notes)
        print(render(Answer("SELECT", table=answered.table), args.format))
    elif meaning.kind == "lesion":
        print("# " + shlex.join([PROG, "lesion", meaning.names[0]]))
        print(format_lesion(answered.lesion or {}))
    else:
        print("# " + shlex.join([PROG, "path", *meaning.names]))
        print(_path_text(answered.path or []))
    return 0


def _lesion(args: argparse.Namespace) -> int:
    from kg.anatomy.lesions import format_lesion, lesion

    report = lesion(_store(args), args.entity, at=args.at)
    if args.format == "json":
        _print_json(report)
    else:
        print(format_lesion(report))
    return 0


def _localise(args: argparse.Namespace) -> int:
    from kg.anatomy.localisation import format_localisation, localise

    if args.limit < 1:
        raise QueryError("--limit must be at least 1")
    result = localise(
        _store(args),
        weak=args.weak,
        spared=args.spared,
        reflex_lost=args.reflex_lost,
        reflex_reduced=args.reflex_reduced,
        reflex_normal=args.reflex_normal,
        numb=args.numb,
        sensation_normal=args.sensation_normal,
        limit=args.limit,
        explain=args.explain,
    )
    if args.format == "json":
        _print_json(result)
        return 0
    print(format_localisation(result))
    if args.explain:
        for candidate in result["candidates"][:3]:
            print(
                f"\nWhy {candidate['site']}{' at ' + candidate['at'] if candidate['at'] else ''}:"
            )
            for fact in candidate["trail"]:
                sources = ", ".join(fact["sources"]) or "record sources"
                print(f"  {fact['subject']} --{fact['relation']}--> {fact['object']}  [{sources}]")
    return 0


def _path_text(steps: Sequence) -> str:
    if not steps:
        return "(the same structure)"
    lines = [steps[0].start_label]
    lines += [f"  {step.text()}" for step in steps]
    return "\n".join(lines)


def _path(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kg.anatomy.networks import node_of, shortest_path, to_networkx

    store = _store(args)
    net = to_networkx(store)
    steps = shortest_path(net, node_of(store, net, args.start), node_of(store, net, args.end))
    if args.format == "json":
        _print_json([asdict(step) for step in steps])
    else:
        print(_path_text(steps))
    return 0


def _keys(text: str | None) -> list[str] | None:
    return [k.strip() for k in text.split(",") if k.strip()] if text else None


def _viz(args: argparse.Namespace) -> int:
    from kg.output.pictures import network, write
    from kg.sparql.parameters import parse_assignments

    if args.param and not args.query:
        raise QueryError("--param goes with --query")
    page = network(
        _store(args),
        focus=args.focus,
        depth=args.depth,
        query=args.query,
        params=parse_assignments(args.param),
        lesion=args.lesion,
        tree=args.tree,
        whole=args.all,
        relations=_keys(args.relations),
        classes=_keys(args.classes),
    )
    target = write(page, args.output)
    nodes, edges = len(page.nodes), len(page.edges)
    print(
        f"wrote {nodes} node{'s' if nodes != 1 else ''} and {edges} edge{'s' if edges != 1 else ''}"
        f" to {target}",
        file=sys.stderr,
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    from kg.errors import OutputError
    from kg.store.cache import cache_entry, open_store

    try:
        store = open_store(args.ontology, rebuild=True)
    except OutputError as exc:
        print(f"{PROG}: warning: nothing kept: {exc}", file=sys.stderr)
        from kg.build.sources import load

        print(f"built {len(load(args.ontology))} triples (the cache folder is not writable)")
        return 0
    entry = cache_entry(args.ontology)
    print(f"built {len(store)} triples into {entry} and {entry.with_suffix('.oxigraph')}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from kg.anatomy.coverage import format_stats, stats

    report = stats(_store(args))
    if args.format == "json":
        _print_json(report)
    else:
        print(format_stats(report))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from kg.serve.app import serve

    numbers = (args.workers, args.threads, args.timeout, args.max_bytes, args.max_memory)
    if min(numbers) <= 0:
        raise QueryError("--workers, --threads, --timeout, --max-bytes, --max-memory: positive")
    serve(
        args.host,
        args.port,
        ontology_dir=args.ontology,
        workers=args.workers,
        threads=args.threads,
        timeout=args.timeout,
        max_bytes=args.max_bytes,
        max_memory=args.max_memory * 1_000_000,
    )
    return 0


def _push(args: argparse.Namespace) -> int:
    from kg.store.remote import push

    triples = push(args.endpoint, graph_iri=args.graph, ontology_dir=args.ontology)
    where = f"graph <{args.graph}>" if args.graph else "the default graph"
    print(f"pushed {triples} triples to {where} at {args.endpoint}")
    return 0


_COMMANDS = {
    "validate": _validate,
    "export": _export,
    "describe": _describe,
    "queries": _queries,
    "query": _query,
    "ask": _ask,
    "lesion": _lesion,
    "localise": _localise,
    "localize": _localise,
    "path": _path,
    "stats": _stats,
    "build": _build,
    "viz": _viz,
    "serve": _serve,
    "push": _push,
}


def _error_text(exc: AnatomyKGError) -> str:
    if isinstance(exc, SourceError) and len(exc.problems) == 1:
        return str(exc.problems[0])
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if not hasattr(args, "ontology"):
        args.ontology = None
    try:
        try:
            return _COMMANDS[args.command](args)
        except DamagedStoreError:  # a damaged block met while reading: rebuild, answer once more
            from kg.store.cache import discard_store

            discard_store(args.ontology)
            return _COMMANDS[args.command](args)
    except AnatomyKGError as exc:
        print(f"{PROG}: error: {_error_text(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
