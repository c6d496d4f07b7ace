"""The package's own exceptions, each carrying a message a person can act on.

Example:
    >>> from kg.errors import Problem, SourceError
    >>> p = Problem("data/leg.yaml", 12, "origin", "unknown entity 'soleal_lin'")
    >>> str(p)
    "data/leg.yaml:12: origin: unknown entity 'soleal_lin'"
    >>> str(SourceError([p])).splitlines()[0]
    '1 problem in the ontology sources:'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

__all__ = [
    "DamagedStoreError",
    "AnatomyKGError",
    "OutputError",
    "Problem",
    "QueryError",
    "RemoteError",
    "SourceError",
    "UnknownEntityError",
]


class AnatomyKGError(Exception):
    """Base class: every error the toolkit raises on purpose."""


class Problem(NamedTuple):
    """One thing wrong with the sources: where it is and what is expected.

    ``line`` is 1-based; 0 means the problem concerns the whole file.
    """

    file: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class SourceError(AnatomyKGError):
    """The ontology sources cannot be turned into a graph."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the ontology sources:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class UnknownEntityError(AnatomyKGError):
    """A name given by a user matches no entity, or more than one."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        super().__init__(message)


class QueryError(AnatomyKGError):
    """A SPARQL query or its parameters are not usable."""

    @classmethod
    def failed(cls, display: str, exc: Exception) -> QueryError:
        """The error for a query the engine could not run: the first line of its complaint.

        Example:
            >>> str(QueryError.failed("q", RuntimeError("Corruption: bad block" + chr(10) + "x")))
            'q: the query failed: Corruption: bad block'
        """
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return cls(f"{display}: the query failed: {message}")


class OutputError(AnatomyKGError):
    """A result cannot be written where the user asked."""


class DamagedStoreError(OutputError):
    """The cache's store failed a check while being read; it is rebuilt on the next open."""


class RemoteError(AnatomyKGError):
    """A remote SPARQL endpoint or triple store could not be reached or refused a request."""
