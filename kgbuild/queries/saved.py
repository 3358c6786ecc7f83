"""Saved SPARQL queries: one per ``queries/*.rq`` file, with a header the tools read.

The header follows the grlc convention: leading ``#+`` lines, read as YAML, with ``summary``,
``description``, ``params`` (name, type: iri | string | date | integer, description, required)
and the ``columns`` the query returns. Prefixes are not repeated in the files: every query runs
with :data:`kgbuild.ontology.vocab.PREFIXES`. Parameters are bound as RDF terms, never pasted into the text.

An IRI parameter is given whole (``https://…``, or ``<…>``) or prefixed as the results print it
(``kg:roleSpeaker``; ``:person/x`` under the build's base): an unknown prefix, or a ``kg:`` term the
ontology does not define, is refused with the names that come close. A parameter given several
times binds each value, in the rows of its ``VALUES`` block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import yaml
from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from kgbuild.errors import QueryError, UnknownNameError
from kgbuild.ontology.namespace import KG
from kgbuild.ontology.vocab import PREFIXES, sparql_prologue
from kgbuild.resources import data_dir
from kgbuild.stores.sparql import projected

PARAM_TYPES = ("iri", "string", "date", "integer")
CHECK_SUFFIX = "-violation"
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s<>\"{}|\\^`]*)$")
#: Schemes an absolute IRI given without <…> may have; any other ``name:`` is taken for a prefix.
SCHEMES = frozenset({"http", "https", "urn", "tag", "mailto", "file", "ftp", "doi", "info"})
_KG_TERMS = frozenset(name for name in KG.__annotations__ if not name.startswith("_"))


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    summary: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    body: str

    @property
    def is_check(self) -> bool:
        return self.name.endswith(CHECK_SUFFIX)

    def text(self) -> str:
        """The full query, ``PREFIX`` lines included, for tools that need them."""
        return sparql_prologue() + self.body


def _header(path: Path, text: str) -> dict[str, Any]:
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        elif line.strip():
            break
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as err:
        raise QueryError(f"{path}: the '#+' header is not valid YAML: {err}") from err
    if not isinstance(header, dict) or not header.get("summary"):
        raise QueryError(f"{path}: the '#+' header needs at least a 'summary:'")
    return header


def _returned(body: str) -> set[str]:
    """The variables a SELECT query returns (``*``: every variable of the query)."""
    return set(projected(body)) or set(re.findall(r"\?(\w+)", body))


def parse_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file."""
    text = path.read_text(encoding="utf-8")
    header = _header(path, text)
    params = []
    for raw in header.get("params") or []:
        if not isinstance(raw, dict) or "name" not in raw:
            raise QueryError(f"{path}: each entry of 'params' needs a 'name'")
        kind = raw.get("type", "string")
        if kind not in PARAM_TYPES:
            raise QueryError(
                f"{path}: parameter '{raw['name']}' has type '{kind}'; types: {', '.join(PARAM_TYPES)}"
            )
        params.append(
            Param(str(raw["name"]), kind, str(raw.get("description", "")), bool(raw.get("required")))
        )
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#+")).strip() + "\n"
    returned = _returned(body)
    for param in params:
        if param.name not in returned:
            raise QueryError(
                f"{path}: parameter '{param.name}' must be a variable the SELECT clause returns "
                f"(?{param.name}), so that it can be bound as an RDF term"
            )
    return SavedQuery(
        name=path.stem,
        path=path,
        summary=str(header["summary"]),
        description=str(header.get("description", "")).strip(),
        params=tuple(params),
        columns=tuple(header.get("columns") or ()),
        body=body,
    )


def saved_queries(folder: Path | None = None, *, checks: bool = False) -> dict[str, SavedQuery]:
    """The saved queries by name (``checks=True``: the ``checks/*-violation.rq`` quality checks)."""
    root = folder or data_dir("queries")
    pattern = "checks/*.rq" if checks else "*.rq"
    return {q.name: q for q in (parse_query(p) for p in sorted(root.glob(pattern)))}


def get_query(name: str, folder: Path | None = None) -> SavedQuery:
    """A saved query or check by name; an unknown name lists what exists."""
    queries = {**saved_queries(folder), **saved_queries(folder, checks=True)}
    if name not in queries:
        raise UnknownNameError("query", name, queries)
    return queries[name]


def _iri(value: str, param: Param, prefixes: Mapping[str, str]) -> URIRef:
    """The IRI a parameter's value names: whole, in ``<…>``, or prefixed (see the module's doc)."""
    whole = value[1:-1] if value.startswith("<") and value.endswith(">") else None
    match = _CURIE.match(value) if whole is None else None
    prefix = (match.group(1) or "") if match else ""
    if match and prefix in prefixes:
        iri = URIRef(prefixes[prefix] + match.group(2))
    elif match and prefix not in SCHEMES and "//" not in value:
        raise QueryError(_unknown_prefix(value, prefix, param, prefixes))
    elif _IRI.match(whole if whole is not None else value):
        iri = URIRef(whole if whole is not None else value)
    else:
        raise QueryError(
            f"parameter '{param.name}' must be an absolute IRI (e.g. https://example.org/kg/…) "
            f"or a prefixed name such as kg:roleSpeaker or :person/…; got {value!r}"
        )
    if iri.startswith(str(KG)) and iri[len(str(KG)) :] not in _KG_TERMS:
        name = iri[len(str(KG)) :]
        close = get_close_matches(name, sorted(_KG_TERMS), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join('kg:' + c for c in close)}?" if close else ""
        raise QueryError(f"parameter '{param.name}': kg:{name} is not a term of the ontology{hint}")
    return iri


def _unknown_prefix(value: str, prefix: str, param: Param, prefixes: Mapping[str, str]) -> str:
    if prefix == "":
        return (
            f"parameter '{param.name}': {value!r} uses the prefix ':', which stands for the build's "
            "base IRI and is known only with --data OUT (a build folder); give the whole IRI"
        )
    known = sorted(p for p in prefixes if p)
    close = get_close_matches(prefix, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(c + ':' for c in close)}?" if close else ""
    listing = ", ".join(f"{p}:" for p in known) + (", : (the build's base)" if "" in prefixes else "")
    return f"parameter '{param.name}': unknown prefix '{prefix}:' in {value!r}{hint} Prefixes: {listing}"


def _term(value: str, param: Param, prefixes: Mapping[str, str]) -> Identifier:
    if param.type == "iri":
        return _iri(value, param, prefixes)
    if param.type == "date":
        return Literal(date.fromisoformat(value), datatype=XSD.date)
    if param.type == "integer":
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value)


def bind(
    query: SavedQuery,
    given: Mapping[str, str | Sequence[str]],
    *,
    prefixes: Mapping[str, str] = PREFIXES,
) -> dict[str, Identifier | tuple[Identifier, ...]]:
    """RDF terms for the ``--param name=value`` pairs, checked against the query's declared params;
    a name given several values (a list) binds a tuple of terms. ``prefixes``: those prefixed IRIs
    may use (add ``""`` for the build's base)."""
    declared = {p.name: p for p in query.params}
    for name in given:
        if name not in declared:
            raise UnknownNameError(f"parameter of query '{query.name}'", name, declared)
    missing = [p.name for p in query.params if p.required and p.name not in given]
    if missing:
        raise QueryError(
            f"query '{query.name}' needs the parameter(s) {', '.join(missing)} (e.g. --param {missing[0]}=…)"
        )
    terms: dict[str, Identifier | tuple[Identifier, ...]] = {}
    for name, values in given.items():
        param = declared[name]
        found = []
        for value in [values] if isinstance(values, str) else values:
            try:
                found.append(_term(value, param, prefixes))
            except ValueError as err:
                raise QueryError(
                    f"parameter '{name}' of query '{query.name}' must be of type {param.type}: "
                    f"{value!r} ({err})"
                ) from err
        terms[name] = found[0] if isinstance(values, str) else tuple(found)
    return terms
