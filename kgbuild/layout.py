"""The names of the files in a build output folder, and its manifest (see :mod:`kgbuild.output`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kgbuild.errors import OutputError

MANIFEST = "build.json"
TRIG = "graph.trig"
NQUADS = "graph.nq"
MERGES = "merges.jsonl"
STORE = "store"


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
    return data
