"""Where the data files kgbuild reads at run time live.

The ontology, shapes and saved queries have one editable source at the top of the repository.
An editable install reads them there; a wheel carries a copy under ``kgbuild/_data``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_NAMES = ("ontology", "shapes", "queries")


@cache
def data_dir(name: str) -> Path:
    """The folder holding the named data (``ontology``, ``shapes`` or ``queries``)."""
    if name not in _NAMES:
        raise ValueError(f"unknown data folder {name!r}; expected one of {', '.join(_NAMES)}")
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"kgbuild data folder '{name}' is missing (looked in {_PACKAGE / '_data'} "
        f"and {_PACKAGE.parent}); reinstall kgbuild"
    )


def ontology_file() -> Path:
    """The ontology source, in Turtle."""
    return data_dir("ontology") / "kgbuild.ttl"


def shape_files() -> list[Path]:
    """Every SHACL shapes file, sorted by name."""
    return sorted(data_dir("shapes").glob("*.ttl"))


def schema_file() -> Path:
    """The JSON Schema of the facts file format."""
    return _PACKAGE / "schemas" / "facts.schema.json"
