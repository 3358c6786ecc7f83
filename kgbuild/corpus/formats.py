"""Reading one document of each input format: its text and what it says about itself.

    .txt    plain text; a YAML front matter block at the top (as in Markdown) gives metadata
    .md     Markdown (markdown-it-py): the text of its blocks; YAML front matter gives metadata,
            else the first heading is the title
    .html   a web page (trafilatura): the main text, without menus, footers and scripts; the
            title, canonical URL and publication date from the page
    .jsonl  one report per line: {"text": …, "id"?, "title"?, "url"?, "published"?, "language"?}

Character offsets of every fact refer to the text read here, which the graph records.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from kgbuild.corpus.decoding import decode
from kgbuild.errors import InputError, json_problem
from kgbuild.langtags import language_problem

FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
JSONL = ".jsonl"
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Read:
    """A document's text and its metadata, as its file gives them."""

    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    cut: bool = False  # read from the head of the file only (see kgbuild.corpus.read_source)


def published_date(value: object, where: str) -> date | None:
    """A publication date from a date, or an ISO 8601 date or date-time string."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputError(f"{where}: 'published' must be an ISO 8601 date such as 2021-10-15, not {value!r}")


def _metadata(fields: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("title", "url", "language"):
        value = fields.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: '{key}' must be a string, not {type(value).__name__}")
        if value:
            out[key] = value.strip()
    problem = language_problem(out["language"]) if "language" in out else None
    if problem:
        raise InputError(
            f"{where}: 'language' must be a BCP 47 language tag such as ru, kk or en, not "
            f"{out['language']!r} ({problem})"
        )
    out["published"] = published_date(fields.get("published", fields.get("date")), where)
    return out


def metadata_mapping(text: str, where: str, what: str) -> dict[str, Any]:
    """The metadata a YAML mapping gives (title, url, published, language)."""
    try:
        fields = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        raise InputError(f"{where}: the {what} is not valid YAML: {err}") from err
    if not isinstance(fields, dict):
        raise InputError(f"{where}: the {what} must be a mapping (title: …, published: …)")
    return _metadata(fields, where)


def _front_matter(source: str, path: Path) -> tuple[dict[str, Any], str]:
    """The metadata of a YAML front matter block opening ``source``, and the text after it."""
    front = _FRONT_MATTER.match(source)
    if not front:
        return {}, source
    return metadata_mapping(front.group(1), str(path), "front matter"), source[front.end() :]


_KEYS = ("title", "url", "published", "date", "language")


def read_text(data: bytes, path: Path, *, whole: bool = True) -> Read:
    """A plain text; a front matter block is metadata only when it is a YAML mapping of metadata
    keys (a text that merely starts with a line of dashes stays as it is). ``whole=False``: the
    bytes are the head of a longer file (so for every reader)."""
    source = decode(data, path, whole=whole)
    front = _FRONT_MATTER.match(source)
    if front:
        try:
            fields = yaml.safe_load(front.group(1))
        except yaml.YAMLError:
            fields = None
        if isinstance(fields, dict) and any(key in fields for key in _KEYS):
            return Read(source[front.end() :], **_metadata(fields, str(path)))
    return Read(source)


def read_markdown(data: bytes, path: Path, *, whole: bool = True) -> Read:
    from markdown_it import MarkdownIt  # noqa: PLC0415

    meta, source = _front_matter(decode(data, path, whole=whole), path)
    blocks, heading = [], None
    tokens = MarkdownIt("commonmark").parse(source)
    for i, token in enumerate(tokens):
        if token.type != "inline":
            continue
        text = "".join(
            child.content
            if child.type in ("text", "code_inline")
            else " "
            if child.type.endswith("break")
            else ""
            for child in token.children or []
        ).strip()
        if not text:
            continue
        if heading is None and i > 0 and tokens[i - 1].type == "heading_open":
            heading = text
        blocks.append(text)
    meta.setdefault("title", heading)
    return Read("\n\n".join(blocks) + ("\n" if blocks else ""), **meta)


def _inline_text(token: Any) -> str:
    """The text an inline Markdown token shows: its words, a space for a line break, no markup."""
    if token.type in ("text", "code_inline"):
        return str(token.content)
    return " " if token.type.endswith("break") else ""


def read_html(data: bytes, path: Path, *, whole: bool = True) -> Read:
    import trafilatura  # noqa: PLC0415 (slow to import; only web pages need it)

    page = decode(data, path, whole=whole)
    if not page.strip():
        return Read("")
    found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, favor_recall=True)
    if found is None:
        raise InputError(f"{path}: no main text could be found in this web page")
    fields = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = str(fields.get("text") or "")
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", page[:4096], re.IGNORECASE)
    return Read(
        text + ("\n" if text and not text.endswith("\n") else ""),
        title=fields.get("title") or None,
        url=fields.get("url") or None,
        published=published_date(fields.get("date"), str(path)),
        language=lang.group(1).lower() if lang else None,
    )


READERS = {"text": read_text, "markdown": read_markdown, "html": read_html}

#: Suffixes of a document's metadata file beside it: ``report.txt`` → ``report.meta.json``.
SIDECARS = (".meta.json", ".meta.yaml", ".meta.yml")


def sidecar_of(path: Path) -> Path | None:
    """The metadata file beside document ``path``, if there is one."""
    for suffix in SIDECARS:
        candidate = path.with_name(path.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def with_sidecar(read: Read, sidecar: Path) -> Read:
    """``read`` with the metadata its sidecar file gives (the sidecar wins over the document's own)."""
    try:
        raw = sidecar.read_bytes()
    except OSError as err:
        raise InputError(f"{sidecar}: cannot be read: {err.strerror or err}") from err
    source = decode(raw, sidecar)
    if sidecar.suffix == ".json":
        try:
            fields = json.loads(source)
        except json.JSONDecodeError as err:
            raise InputError(f"{sidecar}:{err.lineno}: not JSON ({json_problem(err)})") from err
        if not isinstance(fields, dict):
            raise InputError(f"{sidecar}: must be a JSON object (title, url, published, language)")
        given = _metadata(fields, str(sidecar))
    else:
        given = metadata_mapping(source, str(sidecar), "metadata file")
    changes = {k: v for k, v in given.items() if v is not None}
    return replace(read, **changes)


def _json_type(value: object) -> str:
    """The JSON name of a value's type."""
    names = {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def read_line(line: str, path: Path, number: int) -> tuple[str | None, Read]:
    """One line of a JSON Lines corpus: (its id if it gives one, the document)."""
    where = f"{path}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: not JSON ({json_problem(err)})") from err
    if not isinstance(record, dict):
        raise InputError(f"{where}: each line must be a JSON object with a 'text'")
    text = record.get("text")
    if text is None:
        raise InputError(f"{where}: 'text' (the report's text, a string) is missing")
    if not isinstance(text, str):
        given = json.dumps(text, ensure_ascii=False)[:40]
        raise InputError(
            f"{where}: 'text' must be a string (the report's text), not {_json_type(text)}: {given}"
        )
    doc_id = record.get("id")
    if doc_id is not None and (not isinstance(doc_id, (str, int)) or not str(doc_id).strip()):
        raise InputError(f"{where}: 'id' must be a non-empty string")
    return (str(doc_id).strip() if doc_id is not None else None), Read(text, **_metadata(record, where))
