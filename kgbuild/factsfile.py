"""Read and write facts files: JSON Lines, one document or fact per line.

The format is specified by ``kgbuild/schemas/facts.schema.json``. The extractor writes these files;
a person may write or correct them by hand, leaving out character offsets (the quote is then found
in the document text). Every problem is reported with the file, the line and the field.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgbuild.errors import FactsFileError, json_problem
from kgbuild.facts import FACT_TYPES, TYPE_TAGS, AnyFact, Document, DocumentFacts, Evidence
from kgbuild.langtags import language_problem
from kgbuild.resources import schema_file

if TYPE_CHECKING:  # jsonschema is loaded when a line is checked (the build's workers never do)
    import jsonschema

#: Looks up a document's text by its id (None when the text is not at hand).
TextLookup = Callable[[str], str | None]


@dataclass(frozen=True)
class Retraction:
    """A line of a curated file that removes an extracted fact: its type, document and id, and
    where it was written (``file:line``); a review decision gives the fact's span too."""

    type: str
    doc: str
    id: str
    where: str
    evidence: Evidence | None = None


@dataclass
class FactsFileContent:
    """What a facts file holds, and the problems met while reading it."""

    path: Path
    documents: dict[str, Document] = field(default_factory=dict)
    facts: dict[str, list[AnyFact]] = field(default_factory=dict)
    retracted: dict[tuple[str, str], Retraction] = field(default_factory=dict)  # by (doc, id)
    errors: list[FactsFileError] = field(default_factory=list)

    def document_facts(self) -> list[DocumentFacts]:
        ids = sorted(set(self.documents) | set(self.facts))
        return [
            DocumentFacts(self.documents.get(d) or Document(id=d, file_name=d), tuple(self.facts.get(d, ())))
            for d in ids
        ]


@cache
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema  # noqa: PLC0415 (see above)

    schema = json.loads(schema_file().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _schema_problem(obj: Any) -> tuple[str | None, str] | None:
    errors = list(_validator().iter_errors(obj))
    if not errors:
        return None
    from jsonschema.exceptions import best_match  # noqa: PLC0415 (loaded by _validator already)

    best = best_match(errors)
    path = ".".join(str(p) for p in best.absolute_path) or None
    if best.validator == "required" and isinstance(best.validator_value, list):
        missing = [
            k for k in best.validator_value if isinstance(best.instance, dict) and k not in best.instance
        ]
        if missing:
            return (f"{path}.{missing[0]}" if path else missing[0]), "is required"
    if best.validator == "additionalProperties" and isinstance(best.instance, dict):
        allowed = set(best.schema.get("properties", {}))
        extra = sorted(k for k in best.instance if k not in allowed)
        if extra:
            name = f"{path}.{extra[0]}" if path else extra[0]
            return name, f"is not a field of a '{obj.get('type')}' line; fields: {', '.join(sorted(allowed))}"
    hint = best.schema.get("description") if isinstance(best.schema, dict) else None
    return path, f"{best.message} (expected: {hint})" if hint and best.validator in (
        "format",
        "pattern",
    ) else best.message


def _anchor(obj: dict[str, Any], doc: str, texts: TextLookup | None, relocate: bool = False) -> Evidence:
    ev = obj["evidence"]
    quote = ev["quote"]
    text = texts(doc) if texts else None
    if "start" in ev and "end" in ev:
        start, end = ev["start"], ev["end"]
        if end < start:
            raise ValueError("evidence.end", f"end {end} is before start {start}")
        if relocate and text is not None and text[start:end] != quote and _nearest(text, quote, start) >= 0:
            start = _nearest(text, quote, start)
            end = start + len(quote)
        if text is not None and text[start:end] != quote:
            raise ValueError(
                "evidence.quote",
                f"does not match the document text at [{start}:{end}]: "
                f"expected {text[start:end]!r}, got {quote!r}",
            )
        return Evidence(doc, start, end, quote)
    if "start" in ev or "end" in ev:
        raise ValueError("evidence", "give both start and end, or neither")
    if text is None:
        raise ValueError(
            "evidence.start",
            "is missing and the text of document "
            f"'{doc}' is not at hand to find the quote; give start and end",
        )
    start = -1
    for _ in range(ev.get("occurrence", 1)):
        start = text.find(quote, start + 1)
        if start < 0:
            raise ValueError(
                "evidence.quote",
                f"{quote!r} does not occur {ev.get('occurrence', 1)} time(s) in document '{doc}'",
            )
    return Evidence(doc, start, start + len(quote), quote)


def _nearest(text: str, quote: str, start: int) -> int:
    """The offset of the occurrence of ``quote`` in ``text`` nearest ``start`` (-1: none)."""
    after, before = text.find(quote, start), text.rfind(quote, 0, start + len(quote) - 1)
    found = [at for at in (after, before) if at >= 0]
    return min(found, key=lambda at: abs(at - start)) if found else -1


@cache
def _fields(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """The fields of a fact class that a JSON object gives besides its id and evidence, each with
    what turns its JSON value into the value the field's type hint asks for."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (f.name, _coercer(hints[f.name])) for f in dataclasses.fields(cls) if f.name not in {"id", "evidence"}
    )


@cache
def _coercer(hint: Any) -> Callable[[Any], Any]:
    """What turns a JSON value into the Python value of the type hint ``hint`` (None stays None)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _coercer(next(a for a in typing.get_args(hint) if a is not type(None)))
    if origin is tuple:
        item = _coercer(typing.get_args(hint)[0])
        return lambda raw: None if raw is None else tuple(item(each) for each in raw)
    if hint is date:
        return lambda raw: None if raw is None else date.fromisoformat(raw)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda raw: None if raw is None else hint(raw)
    return _same


def _same(raw: Any) -> Any:
    return raw


def fact_from_json(
    obj: dict[str, Any], texts: TextLookup | None = None, *, relocate: bool = False
) -> AnyFact:
    """Build a fact from a schema-valid line; raises ValueError(field, problem). With
    ``relocate``, a quote that is no longer at its offsets is taken where it occurs nearest them."""
    cls = FACT_TYPES[obj["type"]]
    kwargs: dict[str, Any] = {"id": obj["id"], "evidence": _anchor(obj, obj["doc"], texts, relocate)}
    for name, coerce in _fields(typing.cast(type, cls)):
        raw = obj.get(name)
        if raw is None:
            continue
        try:
            kwargs[name] = coerce(raw)
        except ValueError as err:
            raise ValueError(name, str(err)) from err
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as err:
        raise ValueError(None, str(err)) from err


def document_from_json(obj: dict[str, Any]) -> Document:
    published = obj.get("published")
    return Document(
        id=obj["id"],
        file_name=obj.get("file") or obj["id"],
        sha256=obj.get("sha256"),
        chars=obj.get("chars"),
        title=obj.get("title"),
        url=obj.get("url"),
        published=date.fromisoformat(published) if published else None,
        language=obj.get("language", "ru"),
    )


def _check_refs(content: FactsFileContent, lines: dict[tuple[str, str], int]) -> None:
    """Drop (and report) facts whose references do not resolve, until none is left dangling."""
    changed = True
    while changed:
        changed = False
        for doc, facts in content.facts.items():
            by_id = {f.id: f for f in facts}
            for fact in list(facts):
                problem = _dangling(fact, by_id)
                if problem:
                    name, text = problem
                    content.errors.append(FactsFileError(content.path, lines.get((doc, fact.id)), name, text))
                    facts.remove(fact)
                    changed = True


def _dangling(fact: AnyFact, by_id: dict[str, AnyFact]) -> tuple[str, str] | None:
    for f in dataclasses.fields(fact):
        tags = f.metadata.get("ref")
        if not tags:
            continue
        value = getattr(fact, f.name)
        for target in value if f.metadata["many"] else ([value] if value else []):
            other = by_id.get(target)
            if other is None:
                return f.name, f"refers to '{target}', which is no fact of document '{fact.doc}'"
            if TYPE_TAGS[type(other)] not in tags:
                return f.name, (
                    f"refers to '{target}', a {TYPE_TAGS[type(other)]}; "
                    f"expected a fact of type {' or '.join(tags)}"
                )
    return None


def read_facts(
    path: Path | str,
    *,
    texts: TextLookup | None = None,
    strict: bool = False,
    decisions: bool = False,
) -> FactsFileContent:
    """Read a facts file. Bad lines are skipped and listed in ``errors``; ``strict`` raises the first.

    ``decisions``: the file is a log of review decisions (``review.facts.jsonl``), read as kgbuild
    review writes it: a later line for the same document and id replaces the earlier one, and a
    quote no longer at its offsets (the text was edited) is taken where it occurs nearest them."""
    path = Path(path)
    content = FactsFileContent(path)
    lines: dict[tuple[str, str], int] = {}
    try:
        raw_lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise FactsFileError(path, None, None, f"cannot be read as UTF-8 text: {err}") from err
    for number, line in enumerate(raw_lines, start=1):
        if not line.strip():
            continue
        try:
            _read_line(content, lines, number, line, texts, decisions=decisions)
        except FactsFileError as err:
            if strict:
                raise
            content.errors.append(err)
    if not decisions:  # a decision refers to the facts it is applied to, which are elsewhere
        _check_refs(content, lines)
    if strict and content.errors:
        raise content.errors[0]
    return content


def _read_line(
    content: FactsFileContent,
    lines: dict[tuple[str, str], int],
    number: int,
    line: str,
    texts: TextLookup | None,
    *,
    decisions: bool = False,
) -> None:
    path = content.path
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise FactsFileError(path, number, None, f"is not valid JSON: {json_problem(err)}") from err
    if not isinstance(obj, dict):
        raise FactsFileError(path, number, None, "must be a JSON object")
    problem = _schema_problem(obj)
    if problem:
        raise FactsFileError(path, number, problem[0], problem[1])
    field = "language" if obj["type"] == "document" else "lang"  # a document's; a name's (the schema's)
    wrong = language_problem(obj[field]) if isinstance(obj.get(field), str) else None
    if wrong:
        raise FactsFileError(path, number, field, f"must be a BCP 47 language tag ({wrong})")
    if obj["type"] == "document":
        content.documents[obj["id"]] = document_from_json(obj)
        return
    key = (obj["doc"], obj["id"])
    if key in lines and decisions:  # the later decision about a fact replaces the earlier one
        content.retracted.pop(key, None)
        earlier = content.facts.get(obj["doc"], [])
        earlier[:] = [f for f in earlier if f.id != obj["id"]]
    elif key in lines:
        raise FactsFileError(
            path,
            number,
            "id",
            f"'{obj['id']}' is already used in document '{obj['doc']}' (line {lines[key]})",
        )
    lines[key] = number
    try:
        if obj.get("retract"):
            span = _anchor(obj, obj["doc"], texts, True) if decisions and "evidence" in obj else None
            content.retracted[key] = Retraction(obj["type"], obj["doc"], obj["id"], f"{path}:{number}", span)
            return
        fact = fact_from_json(obj, texts, relocate=decisions)
    except ValueError as err:
        name, text = err.args if len(err.args) == 2 else (None, str(err))
        raise FactsFileError(path, number, name, text) from err
    content.facts.setdefault(fact.doc, []).append(fact)


def read_written(text: str) -> DocumentFacts:
    """The one document of a facts file kgbuild wrote itself (its cache, OUT/facts): read without
    the schema checks a hand-written file gets, which would cost more than the reading."""
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    return DocumentFacts(document_from_json(lines[0]), tuple(fact_from_json(obj) for obj in lines[1:]))


def fact_to_json(fact: AnyFact) -> dict[str, Any]:
    """The JSON object of a fact, leaving out fields at their defaults."""
    obj: dict[str, Any] = {"type": TYPE_TAGS[type(fact)], "doc": fact.doc, "id": fact.id}
    for f in dataclasses.fields(fact):
        if f.name in ("id", "evidence"):
            continue
        value = getattr(fact, f.name)
        if value is None or value == () or (f.default is not dataclasses.MISSING and value == f.default):
            continue
        obj[f.name] = (
            value.isoformat()
            if isinstance(value, date)
            else list(value)
            if isinstance(value, tuple)
            else value
        )
    ev = fact.evidence
    obj["evidence"] = {"start": ev.start, "end": ev.end, "quote": ev.quote}
    return obj


def document_to_json(doc: Document) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "document", "id": doc.id, "file": doc.file_name}
    for name in ("sha256", "chars", "title", "url", "published"):
        value = getattr(doc, name)
        if value is not None:
            obj[name] = value.isoformat() if isinstance(value, date) else value
    if doc.language != "ru":
        obj["language"] = doc.language
    return obj


def dumps(docs: Iterable[DocumentFacts]) -> str:
    """The text of a facts file holding ``docs``: each document line, then its facts in order."""
    out: list[str] = []
    order = {tag: i for i, tag in enumerate(FACT_TYPES)}
    for df in docs:
        out.append(json.dumps(document_to_json(df.document), ensure_ascii=False))
        for fact in sorted(df.facts, key=lambda f: (order[TYPE_TAGS[type(f)]], f.evidence.start, f.id)):
            out.append(json.dumps(fact_to_json(fact), ensure_ascii=False))
    return "\n".join(out) + "\n" if out else ""


def write_facts(path: Path | str, docs: Iterable[DocumentFacts]) -> None:
    """Write a facts file (UTF-8, one JSON object per line)."""
    Path(path).write_text(dumps(docs), encoding="utf-8")
