"""The public Python API in a few functions (re-exported by :mod:`kgbuild`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from kgbuild.errors import InputError
from kgbuild.iris import DEFAULT_BASE
from kgbuild.ontology.vocab import PREFIXES
from kgbuild.outdir.layout import read_manifest
from kgbuild.outdir.output import load_dataset, union
from kgbuild.queries.saved import bind, get_query
from kgbuild.stores.embedded import Result, open_store, select
from kgbuild.stores.remote import Endpoint, remote_select, union_dataset
from kgbuild.validation.reason import ReasonerReport, reason
from kgbuild.validation.shacl import ValidationReport, validate_graph


def query(
    name: str,
    *,
    data: Sequence[Path | str] = (),
    endpoint: Endpoint | str | None = None,
    params: Mapping[str, str | Sequence[str]] | None = None,
) -> Result:
    """Run the saved query ``name`` on build output folders or RDF files, or at a SPARQL endpoint.

    ``params`` bind the query's parameters: a value, or a list of values (each binds a row of the
    ``VALUES`` block). IRIs may be prefixed as the results print them: ``kg:roleSpeaker``, and
    ``:person/x`` under the base of the build in ``data``.

    >>> rows = query("who-spoke", data=["out/taraz-2021"]).dicts()  # doctest: +SKIP
    >>> rows = query("who-spoke", endpoint="http://127.0.0.1:7878/query").dicts()  # doctest: +SKIP
    """
    saved = get_query(name)
    bindings = bind(saved, params or {}, prefixes=prefixes_of([Path(d) for d in data]))
    if endpoint is not None:
        remote = Endpoint(endpoint) if isinstance(endpoint, str) else endpoint
        return remote_select(remote, saved.body, bindings, dataset=union_dataset(remote))
    if not data:
        raise InputError("give the graph to query: data=[output folders or RDF files] or endpoint=URL")
    return select(open_store([Path(d) for d in data]), saved.body, bindings)


def prefixes_of(data: Sequence[Path]) -> dict[str, str]:
    """The prefixes results are printed with and parameters may use: kgbuild's, and ``:`` for the
    base of the first build folder in ``data``."""
    for path in data:
        if path.is_dir():
            return {**PREFIXES, "": str(read_manifest(path).get("base", DEFAULT_BASE))}
    return dict(PREFIXES)


def validate(out: Path | str) -> ValidationReport:
    """SHACL-validate the graph of a build output folder."""
    return validate_graph(union(load_dataset(Path(out))))


def check_consistency(out: Path | str) -> ReasonerReport:
    """Check the graph of a build output folder against the ontology with HermiT."""
    return reason(union(load_dataset(Path(out))))
