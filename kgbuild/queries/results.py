"""Writing query results: an aligned table for people, CSV, TSV and JSON for programs.

CSV, TSV and JSON follow the W3C SPARQL 1.1 Query Results formats: CSV gives plain values
(IRIs and lexical forms), TSV gives terms in Turtle syntax, JSON is ``application/sparql-results+json``.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kgbuild.errors import UnknownNameError
from kgbuild.ontology.vocab import plain, short
from kgbuild.stores.embedded import Result

FORMATS = ("table", "csv", "tsv", "json")


def to_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.columns)
    writer.writerows([plain(t) for t in row] for row in result.rows)
    return out.getvalue()


def to_tsv(result: Result) -> str:
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def to_json(result: Result) -> str:
    bindings = [
        {c: _json_term(t) for c, t in zip(result.columns, row, strict=True) if t is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _width(text: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text
    )


def _cut(text: str, limit: int) -> str:
    return text if limit <= 0 or _width(text) <= limit else text[: max(limit - 1, 1)] + "…"


def to_table(result: Result, *, prefixes: Mapping[str, str], max_width: int = 40) -> str:
    cells = [[_cut(short(t, prefixes), max_width) for t in row] for row in result.rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(result.columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    rows = [line(list(result.columns)), line(["─" * w for w in widths]), *(line(r) for r in cells)]
    rows.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(rows) + "\n"


def render(result: Result, fmt: str, *, prefixes: Mapping[str, str], max_width: int = 40) -> str:
    """``result`` in the named format (one of :data:`FORMATS`)."""
    if fmt == "table":
        return to_table(result, prefixes=prefixes, max_width=max_width)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    if fmt == "json":
        return to_json(result)
    raise UnknownNameError("format", fmt, FORMATS)
