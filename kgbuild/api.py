"""The public Python API in a few functions (re-exported by :mod:`kgbuild`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from kgbuild.output import load_dataset
from kgbuild.pipeline import union
from kgbuild.queries import bind, get_query
from kgbuild.reason import ReasonerReport, reason
from kgbuild.shacl import ValidationReport, validate_graph
from kgbuild.store import Result, open_store, select


def query(name: str, *, data: Sequence[Path | str], params: Mapping[str, str] | None = None) -> Result:
    """Run the saved query ``name`` on build output folders or RDF files.

    >>> rows = query("who-spoke", data=["out/taraz-2021"]).dicts()  # doctest: +SKIP
    """
    saved = get_query(name)
    return select(open_store([Path(d) for d in data]), saved.body, bind(saved, params or {}))


def validate(out: Path | str) -> ValidationReport:
    """SHACL-validate the graph of a build output folder."""
    return validate_graph(union(load_dataset(Path(out))))


def check_consistency(out: Path | str) -> ReasonerReport:
    """Check the graph of a build output folder against the ontology with HermiT."""
    return reason(union(load_dataset(Path(out))))
