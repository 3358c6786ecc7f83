"""Blocking: the facts linking may take for one thing are put in one block, and each block is
linked on its own, so that linking holds one block's facts at a time, not a type's.

Each fact gives its blocking keys (a normalised name, an acronym, a start date, …); facts that
share a key, directly or through others, are one block (the connected components of the keys,
found with a union-find). A block is named by its least key, so blocks come in the same order
whatever order the facts were read in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: A fact's blocking keys (at least one), or None to leave the fact out of every block.
KeysOf = Callable[[T], Sequence[str] | None]


class Components:
    """Blocking keys joined into components; :meth:`label` names a fact's component."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._least: dict[str, str] | None = None

    def _find(self, key: str) -> str:
        parent = self._parent.setdefault(key, key)
        while parent != key:
            grand = self._parent[parent]
            self._parent[key] = grand  # path halving
            key, parent = parent, grand
        return key

    def join(self, keys: Sequence[str]) -> None:
        self._least = None
        first = self._find(keys[0])
        for key in keys[1:]:
            root = self._find(key)
            if root != first:
                self._parent[root] = first

    def label(self, keys: Sequence[str]) -> str:
        """The least key of the component of ``keys`` (all of which were joined)."""
        if self._least is None:
            least: dict[str, str] = {}
            for key in self._parent:
                root = self._find(key)
                least[root] = min(least.get(root, key), key)
            self._least = least
        return self._least[self._find(keys[0])]


def labeller(keysets: Iterable[Sequence[str]]) -> Callable[[Sequence[str]], str]:
    """The block label of each fact's keys: the least key of its component."""
    components = Components()
    for keys in keysets:
        components.join(keys)
    return components.label


def first_key(keys: Sequence[str]) -> str:
    """The block label of a fact with one key: the key."""
    return keys[0]
