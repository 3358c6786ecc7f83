"""Exporting a build in the RDF formats people load elsewhere.

TriG and N-Quads keep the named graphs; Turtle, N-Triples and RDF/XML hold the union of them. JSON-LD
is compacted with kgbuild's context (generated from the ontology: every prefix, every term with its
type), so the output reads ``"familyName": "Сапарбаев"`` rather than dozens of stray prefixes. The
context is embedded, so that any JSON-LD processor reads the file offline; ``context_url`` refers
to a published copy instead (a site ``kgbuild publish`` wrote serves one at ``<base>context.jsonld``),
for readers that can fetch it.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from kgbuild.errors import UnknownNameError
from kgbuild.ontology.context import context
from kgbuild.ontology.vocab import bind_prefixes
from kgbuild.outdir.layout import NQUADS, TRIG, read_manifest
from kgbuild.outdir.output import load_dataset

FORMATS = ("ttl", "trig", "nq", "nt", "jsonld", "rdfxml")


def _union(dataset: Dataset) -> Graph:
    graph = bind_prefixes(Graph())
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def export(out: Path, fmt: str, *, context_url: str | None = None) -> str:
    """The build in ``out`` written in format ``fmt`` (one of :data:`FORMATS`); JSON-LD with its
    context embedded, or referred to by ``context_url``."""
    read_manifest(out)
    if fmt in ("trig", "nq"):  # as the build wrote them
        return (out / (TRIG if fmt == "trig" else NQUADS)).read_text(encoding="utf-8")
    dataset = load_dataset(out)
    if fmt == "jsonld":
        terms = context()["@context"]
        compacted = json.loads(dataset.serialize(format="json-ld", context=terms, auto_compact=True))
        compacted["@context"] = context_url or terms
        return json.dumps(compacted, ensure_ascii=False, indent=2) + "\n"
    names = {"ttl": "turtle", "nt": "nt", "rdfxml": "pretty-xml"}
    if fmt not in names:
        raise UnknownNameError("export format", fmt, FORMATS)
    text = _union(dataset).serialize(format=names[fmt])
    return "".join(sorted(text.splitlines(keepends=True))) if fmt == "nt" else text
