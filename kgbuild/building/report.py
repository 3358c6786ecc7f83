"""What a build reports (:class:`BuildReport`), and how a long step shows its progress
(:class:`Progress`, which the build, ``kgbuild push`` and ``kgbuild publish`` take)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from kgbuild.validation.shacl import ValidationReport

T = TypeVar("T")
#: Violations the manifest lists (the review app shows them by document); ``kgbuild validate`` gives all.
LISTED_VIOLATIONS = 1000


class Progress(Protocol):
    """Wraps an iterable to show progress: (items, label, count) → the same items."""

    def __call__(self, items: Iterable[T], label: str, count: int) -> Iterable[T]: ...


def no_progress(items: Iterable[T], label: str, count: int) -> Iterable[T]:
    return items


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular or plural as ``n`` asks: "1 document", "2 documents"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


@dataclass(frozen=True)
class BuildReport:
    out: Path
    documents: int
    facts: int
    entities: int
    merges: int
    quads: int
    problems: tuple[str, ...] = ()
    validation: ValidationReport | None = None
    extracted: int | None = None  # documents read by the extractor (the others: from the cache)
    up_to_date: bool = False  # nothing had changed: OUT was left as it was
    known_violations: int | None = None  # of the build left as it was (its report is not redone)
    timings: tuple[tuple[str, float], ...] = ()  # seconds per step: extract, link, write, validate, store

    @property
    def violations(self) -> int | None:
        """How many violations validation found (None: the build was not validated)."""
        return len(self.validation.violations) if self.validation is not None else self.known_violations

    def listed_violations(self) -> list[dict[str, object]]:
        """The first violations, each with the documents and spans of its focus node (for the
        manifest)."""
        if self.validation is None:
            return []
        return [
            {
                "label": v.label,
                "message": v.message,
                "path": v.path,
                "sources": [{"file": f, "start": s, "end": e} for f, s, e, _ in v.sources[:3]],
            }
            for v in self.validation.violations[:LISTED_VIOLATIONS]
        ]

    def summary(self) -> str:
        if self.up_to_date:
            lines = [
                f"{self.out} is up to date: no document, curated file or setting changed since it was built."
            ]
        else:
            lines = [
                f"Built {self.out}: {counted(self.documents, 'document')}, {counted(self.facts, 'fact')}, "
                f"{counted(self.entities, 'entity', 'entities')} ({self.merges} merged from several "
                f"mentions), {counted(self.quads, 'quad')}."
            ]
            if self.extracted is not None and self.extracted < self.documents:
                cached = self.documents - self.extracted
                lines[0] += f" {counted(self.extracted, 'document')} extracted, {cached} from the cache."
        n = self.violations
        if n is not None:
            lines.append(
                "Validation: conforms."
                if n == 0
                else f"Validation: {counted(n, 'violation')}; see: kgbuild validate {self.out}"
            )
        return "\n".join(lines)
