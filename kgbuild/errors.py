"""One error hierarchy for kgbuild.

Every error says what failed, where (file, line, field, IRI) and what was expected or is
available. Library code raises these; only the CLI turns them into exit codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path


class KgbuildError(Exception):
    """Base of every error kgbuild raises on purpose."""


class InputError(KgbuildError):
    """A corpus, a document or an RDF file could not be read."""


class FactsFileError(KgbuildError):
    """A facts file is malformed: the message names the file, the line and the field."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.problem = problem
        where = self.path + (f":{line}" if line is not None else "")
        what = f" field '{field}'" if field else ""
        super().__init__(f"{where}:{what} {problem}")


class OntologyError(KgbuildError):
    """The ontology, the shapes or a concept code does not match what the code needs."""


class QueryError(KgbuildError):
    """A saved query is unknown, malformed, or was given wrong parameters."""


class UnknownNameError(QueryError):
    """A name (query, parameter, format) is not among the ones that exist."""

    def __init__(self, kind: str, name: str, available: Iterable[str]) -> None:
        names = sorted(available)
        listing = ", ".join(names) if names else "none"
        super().__init__(f"unknown {kind} '{name}'; available: {listing}")
        self.name = name
        self.available = names


class OutputError(KgbuildError):
    """A build output folder is missing, incomplete or from an incompatible version."""


class ReasonerError(KgbuildError):
    """The OWL reasoner could not run (no Java, a crash), as opposed to finding an inconsistency."""


def json_problem(err: json.JSONDecodeError) -> str:
    """What a JSON parser found wrong, and at which column: said once (some of its messages end in
    "at", waiting for the place)."""
    return f"{err.msg.removesuffix(' at')} at column {err.colno}"
