"""The names of the files in a build output folder, and its manifest (see :mod:`kgbuild.outdir.output`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kgbuild.errors import OutputError
from kgbuild.outdir.owned import read_marker

MANIFEST = "build.json"
TRIG = "graph.trig"
NQUADS = "graph.nq"
MERGES = "merges.jsonl"
STORE = "store"
FACTS = "facts"
TEXTS = "texts"
CACHE = "cache"
#: What a build writes in OUT: a rebuild replaces these, and carries anything else over.
ENTRIES = frozenset({MANIFEST, TRIG, NQUADS, MERGES, STORE, FACTS, TEXTS, CACHE})
#: The manifest's ``schema``: with the kgbuild version beside it, what makes a folder a build.
SCHEMA = "kgbuild-build/1"


def write_manifest(out: Path, manifest: Mapping[str, Any], documents: Iterable[Mapping[str, Any]]) -> None:
    """OUT/build.json: ``manifest`` with the list ``documents`` last, written row by row (a
    corpus's rows are never all in memory)."""
    head = json.dumps({k: v for k, v in manifest.items() if k != "documents"}, ensure_ascii=False, indent=2)
    with (out / MANIFEST).open("w", encoding="utf-8") as file:
        file.write(head[:-2] + ",\n" if head != "{}" else "{\n")  # the object left open: "...\n}" → "...,\n"
        file.write('  "documents": [')
        sep = "\n    "
        for row in documents:
            file.write(sep + json.dumps(row, ensure_ascii=False))
            sep = ",\n    "
        file.write("\n  ]\n}\n" if sep != "\n    " else "]\n}\n")


def is_build(out: Path) -> bool:
    """Whether ``out`` holds a build: its manifest names the schema and the kgbuild version (or,
    written before the schema was, the version, the base IRI and the documents)."""
    if read_marker(out / MANIFEST, SCHEMA) is not None:
        return True
    try:
        old = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return (
        isinstance(old, dict)
        and "schema" not in old
        and isinstance(old.get("kgbuild"), str)
        and isinstance(old.get("base"), str)
        and isinstance(old.get("documents"), list)
    )


def read_manifest(out: Path) -> dict[str, Any]:
    path = Path(out) / MANIFEST
    if not path.is_file():
        raise OutputError(
            f"{out} is not a kgbuild output folder: {MANIFEST} is missing "
            "(build one with: kgbuild build CORPUS -o OUT)"
        )
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise OutputError(f"{path} cannot be read: {err}") from err
    if not isinstance(data, dict):
        raise OutputError(f"{path} is not a kgbuild manifest (a JSON object)")
    return data
