"""The extractor interface: anything that reads a document's text and states its facts."""

from __future__ import annotations

from typing import Protocol

from kgbuild.corpus import Source
from kgbuild.facts import DocumentFacts


class Extractor(Protocol):
    """Reads one document and returns the facts it states (with evidence spans in its text).

    An extractor may also have ``load()``, which loads its models: the engines call it once per
    process before the first document (before forking workers, which then share the models);
    and ``unload()``, which frees them: called in the build process once its forked workers are
    done, so that linking and writing do not carry the models' memory.
    """

    def extract(self, source: Source) -> DocumentFacts: ...
