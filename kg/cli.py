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

from kg.errors import AnatomyKGError, SourceError

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
    return parser


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _validate(args: argparse.Namespace) -> int:
    from kg.validate import validate

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
    from kg.export import export
    from kg.loader import load

    graph = load(args.ontology)
    export(graph, Path(args.output), args.format)
    print(f"wrote {len(graph)} triples to {args.output} ({args.format})", file=sys.stderr)
    return 0


def _describe(args: argparse.Namespace) -> int:
    from kg.describe import describe
    from kg.loader import load

    card = describe(load(args.ontology), args.entity)
    if args.format == "json":
        _print_json(card.to_dict())
    else:
        print(card.to_text())
    return 0


_COMMANDS = {"validate": _validate, "export": _export, "describe": _describe}


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
