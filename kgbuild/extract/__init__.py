"""Extraction: the raw text of a Russian news report → the facts it states.

The built-in :class:`NewsExtractor` reads a report with natasha (tokens, morphology, syntax,
entities) and rule matchers whose word lists live in ``kgbuild/lexicon/``: people and their
names in the nominative, the posts they hold and the organizations of those posts, the event
reported, who spoke at it and in which capacity, its organizers and outcomes.

Other extractors can be plugged in: any object with ``extract(source) -> DocumentFacts``,
registered under the entry-point group ``kgbuild.extractors`` (see :func:`get_extractor`).
"""

from __future__ import annotations

from importlib.metadata import entry_points

from kgbuild.corpus import Source
from kgbuild.errors import UnknownNameError
from kgbuild.extract.assemble import FactSink, add_person
from kgbuild.extract.base import Extractor
from kgbuild.extract.capacity import capacities
from kgbuild.extract.nlp import analyze
from kgbuild.extract.people import find_people
from kgbuild.facts import DocumentFacts

__all__ = ["Extractor", "NewsExtractor", "extractor_names", "get_extractor"]

MAX_CHARS = 1_000_000  # longer texts are read in their first million characters (see the warning)


class NewsExtractor:
    """The built-in extractor for Russian news reports about events."""

    name = "news"

    def extract(self, source: Source) -> DocumentFacts:
        text = source.text[:MAX_CHARS]
        if not text.strip():
            return DocumentFacts(source.document, ())
        analysis = analyze(text)
        sink = FactSink(source.document.id, analysis)
        people = find_people(analysis)
        for person, capacity in zip(people, capacities(analysis, people), strict=True):
            add_person(sink, person, capacity)
        return DocumentFacts(source.document, tuple(sink.facts.values()))


def extractor_names() -> list[str]:
    """The extractors that can be chosen: the built-in one and those of installed plug-ins."""
    return sorted({"news", *(ep.name for ep in entry_points(group="kgbuild.extractors"))})


def get_extractor(name: str = "news") -> Extractor:
    """The extractor called ``name``: "news" (built in) or a plug-in's."""
    if name == "news":
        return NewsExtractor()
    for ep in entry_points(group="kgbuild.extractors"):
        if ep.name == name:
            factory = ep.load()
            extractor: Extractor = factory()
            return extractor
    raise UnknownNameError("extractor", name, extractor_names())
