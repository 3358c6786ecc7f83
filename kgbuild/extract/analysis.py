"""A document as the extractor reads it: tokens with morphology, syntax and entity tags.

Built by :func:`kgbuild.extract.nlp.analyze` from natasha's pipeline (segmentation, morphology,
syntax, NER). Offsets are code points into the document text, like every evidence span.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index in the document
    text: str
    start: int
    stop: int
    pos: str  # Universal POS tag
    feats: dict[str, str]
    lemma: str
    sent: int  # index of the sentence
    head: int | None  # index of the syntactic head (None for the root)
    rel: str  # dependency relation to the head
    ner: str  # "PER", "ORG", "LOC" or ""
    low: str = field(init=False, repr=False, compare=False)  # lower case, "ё" read as "е"

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", self.text.lower().replace("ё", "е"))  # asked for often: once

    @property
    def case(self) -> str | None:
        return self.feats.get("Case")

    def is_cap(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True, slots=True)
class EntitySpan:
    type: str  # PER, ORG, LOC
    first: int  # index of the first token
    last: int  # index of the last token (inclusive)


@dataclass(eq=False)
class Analysis:
    text: str
    tokens: list[Token]
    sentences: list[tuple[int, int]]  # (first token, last token) of each sentence
    entities: list[EntitySpan] = field(default_factory=list)

    def sentence_tokens(self, sent: int) -> list[Token]:
        first, last = self.sentences[sent]
        return self.tokens[first : last + 1]

    def span_text(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].stop]

    def children(self, i: int) -> Iterator[Token]:
        sent = self.tokens[i].sent
        return (t for t in self.sentence_tokens(sent) if t.head == i)

    @cached_property
    def _entity_of(self) -> dict[int, EntitySpan]:
        return {k: e for e in self.entities for k in range(e.first, e.last + 1)}

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def _stops(self) -> list[int]:
        return [t.stop for t in self.tokens]

    def entity_at(self, i: int) -> EntitySpan | None:
        return self._entity_of.get(i)

    def token_range(self, start: int, end: int) -> range:
        """The indices of the tokens overlapping characters ``[start, end)``."""
        return range(bisect_right(self._stops, start), bisect_left(self._starts, end))
