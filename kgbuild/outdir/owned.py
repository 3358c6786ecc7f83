"""What kgbuild wrote in a folder it replaces, and keeping everything else.

A command that replaces a folder (``build -o OUT``, ``convert -o OUT``, ``publish --site DIR``)
first recognises it by a marker kgbuild wrote there (a build's manifest, a site's marker, a build
cache's ``CACHEDIR.TAG``), never by a file name alone. Whatever the folder holds that kgbuild did
not write is carried over into the new folder, and a file kgbuild would write in its place is an
error: kgbuild never deletes or overwrites a file it did not write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kgbuild.errors import OutputError

#: The Cache Directory Tagging Specification's signature (https://bford.info/cachedir/).
CACHEDIR_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
CACHEDIR_TAG = "CACHEDIR.TAG"


@dataclass(frozen=True)
class Owned:
    """What kgbuild wrote in a folder: whole top-level ``entries`` (with all below them) and single
    ``files`` (relative POSIX paths)."""

    entries: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()

    def _dirs(self) -> set[str]:
        return {str(parent) for f in self.files for parent in PurePosixPath(f).parents if str(parent) != "."}

    def foreign(self, folder: Path) -> list[str]:
        """The relative paths of what ``folder`` holds that kgbuild did not write: files, links, and
        folders holding nothing of kgbuild's (as one entry each)."""
        dirs = self._dirs()
        return sorted(self._walk(folder, PurePosixPath(), dirs))

    def _walk(self, folder: Path, rel: PurePosixPath, dirs: set[str]) -> Iterator[str]:
        with os.scandir(folder / rel) as entries:
            for entry in entries:
                path = rel / entry.name
                name = str(path)
                if (not rel.parts and entry.name in self.entries) or name in self.files:
                    continue
                if name in dirs and entry.is_dir(follow_symlinks=False):
                    yield from self._walk(folder, path, dirs)
                else:
                    yield name


def carry_over(old: Path, new: Path, owned: Owned) -> None:
    """Move what ``old`` holds that kgbuild did not write into ``new`` at the same place; when
    ``new`` has something of its own at one of those places, nothing is moved and the error
    names them."""
    if not old.is_dir():
        return
    foreign = owned.foreign(old)
    clashes = [rel for rel in foreign if _taken(new, rel)]
    if clashes:
        shown = ", ".join(clashes[:5]) + (f" and {len(clashes) - 5} more" if len(clashes) > 5 else "")
        raise OutputError(
            f"{old} holds {len(clashes)} file(s) kgbuild did not write where it would write its own: "
            f"{shown}; kgbuild never overwrites a file it did not write: move them away, or choose "
            "another folder"
        )
    for rel in foreign:
        (new / rel).parent.mkdir(parents=True, exist_ok=True)
        (old / rel).rename(new / rel)


def _taken(folder: Path, rel: str) -> bool:
    """Whether ``rel`` in ``folder`` is, or lies below, something that exists (a file where a
    folder of ``rel``'s path would be)."""
    path = folder / rel
    if path.exists() or path.is_symlink():
        return True
    return any(parent.is_file() for parent in path.parents if parent != folder and folder in parent.parents)


def read_marker(path: Path, schema: str) -> dict[str, Any] | None:
    """The JSON object in ``path`` when it is a marker kgbuild wrote: its ``schema`` is ``schema``
    and it names the kgbuild version that wrote it; None otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("schema") != schema:
        return None
    return data if isinstance(data.get("kgbuild"), str) else None


def is_tagged_cache(folder: Path) -> bool:
    """Whether ``folder`` is a cache kgbuild made (it holds kgbuild's ``CACHEDIR.TAG``)."""
    try:
        tag = (folder / CACHEDIR_TAG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return tag.startswith(CACHEDIR_SIGNATURE) and "kgbuild" in tag


def cachedir_tag() -> str:
    """The text of kgbuild's ``CACHEDIR.TAG``."""
    return f"{CACHEDIR_SIGNATURE}\n# A cache made by kgbuild: what a rebuild need not do again.\n"
