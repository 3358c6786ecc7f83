"""Extraction: the raw text of a Russian news report → the facts it states.

The built-in :class:`NewsExtractor` reads a report with natasha (tokens, morphology, syntax,
entities) and rule matchers whose word lists live in ``kgbuild/lexicon/``: people and their
names in the nominative, the posts they hold and the organizations of those posts, the event
reported, who spoke at it and in which capacity, its organizers and outcomes, and projects.

Other extractors can be plugged in: any object with ``extract(source) -> DocumentFacts``,
registered under the entry-point group ``kgbuild.extractors`` (see :func:`get_extractor`).
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from importlib.metadata import entry_points, version
from pathlib import Path

from kgbuild.corpus import MAX_CHARS, Source
from kgbuild.errors import UnknownNameError
from kgbuild.extract.analysis import Analysis
from kgbuild.extract.anaphora import taken_up_by_post
from kgbuild.extract.assemble import FactSink, PeopleFacts, add_people
from kgbuild.extract.base import Extractor
from kgbuild.extract.capacity import capacities, phrases, reread
from kgbuild.extract.capacity_heads import head_lemma
from kgbuild.extract.dates import date_line, find_dates, years_named
from kgbuild.extract.event_parts import parts
from kgbuild.extract.events import EventMatch, main_event
from kgbuild.extract.mentions import find_people
from kgbuild.extract.nlp import analyze, pipeline, release
from kgbuild.extract.organizers import organizers
from kgbuild.extract.orgs import mentioned_organizations
from kgbuild.extract.outcomes import outcomes
from kgbuild.extract.projects import projects
from kgbuild.extract.report import add_event, add_organizers, add_outcomes, add_parts, add_projects, add_roles
from kgbuild.extract.speech import roles
from kgbuild.facts import DocumentFacts, Event, Resolution, Role

__all__ = ["MAX_CHARS", "Extractor", "NewsExtractor", "extractor_names", "get_extractor"]


class NewsExtractor:
    """The built-in extractor for Russian news reports about events."""

    name = "news"

    @property
    def fingerprint(self) -> str:
        """What its output depends on: its code, its word lists, the natasha models (for the cache)."""
        return _fingerprint()

    def load(self) -> None:
        """Load the natasha models now (about a second), not with the first document: worker
        processes forked after this share them instead of each loading its own."""
        pipeline()

    def unload(self) -> None:
        """Free the models (a build process whose forked workers are done needs them no more);
        they load again when next needed."""
        release()

    def extract(self, source: Source) -> DocumentFacts:
        text = source.text  # read up to the build's --max-chars (kgbuild.corpus.MAX_CHARS)
        if not text.strip():
            return DocumentFacts(source.document, ())
        a = analyze(text)
        sink = FactSink(source.document.id, a)
        people = find_people(a)
        posts = phrases(a, people)
        people = reread(a, people, posts)
        found = add_people(sink, people, capacities(a, people, posts))
        line = date_line(text)
        published = source.document.published or (line.first if line else None)
        dates = find_dates(text, default_year=_year(published, text), published=published)
        event = main_event(a, dates, published=published)
        if event is not None:
            _event_facts(sink, event, found)
        person_at = {p.first: pid for p, pid in zip(people, found.person_ids, strict=True)}
        add_projects(sink, projects(a, people), person_at)
        taken = {
            k
            for f in sink.facts.values()
            if not isinstance(f, (Event, Resolution, Role))
            for k in a.token_range(f.evidence.start, f.evidence.end)
        }
        for name, first, last in mentioned_organizations(a, taken):
            sink.organization(name, first, last)
        return DocumentFacts(source.document, tuple(sink.facts.values()))


@cache
def _fingerprint() -> str:
    here = Path(__file__).resolve().parent
    files = sorted([*here.glob("*.py"), *(here.parent / "lexicon").glob("*.txt")])
    h = hashlib.sha256(f"natasha {version('natasha')} slovnet {version('slovnet')}".encode())
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"news:{h.hexdigest()}"


def _year(published: date | None, text: str) -> int | None:
    """The year of dates written without one: the publication's, else the first the text names."""
    if published:
        return published.year
    years = years_named(text)
    return years[0] if years else None


def _event_facts(sink: FactSink, event: EventMatch, found: PeopleFacts) -> None:
    a = sink.analysis
    event_id = add_event(sink, event)
    inside = range(a.tokens[event.first].start, a.tokens[event.last].stop)
    found_parts = [p for p in parts(a) if p.start not in inside]  # a session taken for the event itself
    part_ids = add_parts(sink, found_parts, event_id)
    starts = [
        min([p.honorific_first if p.honorific_first is not None else p.first, *(c.first for c in cap.posts)])
        for p, cap in zip(found.people, found.capacities, strict=True)
    ]
    plenary = part_ids.get("plenary-session")
    event_of = [plenary if plenary and _in_plenary(a, p.first) else event_id for p in found.people]
    types = roles(a, found.people, starts)
    heads = [{head_lemma(a.tokens[post.head]) for post in cap.posts} for cap in found.capacities]
    add_roles(sink, found, types, event_of, taken_up_by_post(a, found.people, heads, types))
    add_organizers(sink, organizers(a), event_id)
    add_outcomes(sink, outcomes(a), event_id)


def _in_plenary(a: Analysis, token: int) -> bool:
    return any(t.lemma == "пленарный" for t in a.sentence_tokens(a.tokens[token].sent))


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
