"""The Taraz reports, extracted from raw text, say what the hand-curated facts file says."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kgbuild.corpus import read_corpus
from kgbuild.extract import NewsExtractor
from kgbuild.facts import AnyFact, Event, Person, Post, Project, Resolution, Role
from kgbuild.factsfile import read_facts
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


def _spaced(text: str | None) -> str:
    return re.sub(r"\.\s*", ". ", text or "").strip()  # "М.Ломоносова" and "М. Ломоносова" read the same


def summary(facts: tuple[AnyFact, ...]) -> dict[str, set[Any]]:
    """What a document's facts say, without ids and offsets."""
    by_id = {f.id: f for f in facts}

    def name(ref: str | None) -> str:
        fact = by_id.get(ref or "")
        return _spaced(getattr(fact, "name", None) or getattr(fact, "title", None))

    def agent(ref: str) -> str:
        fact = by_id[ref]
        return fact.surname if isinstance(fact, Person) else name(ref)

    return {
        "people": {_spaced(f.name) for f in facts if isinstance(f, Person)},
        "degrees and origins": {
            (f.surname, d) for f in facts if isinstance(f, Person) for d in (*f.degrees, f.origin) if d
        },
        "posts": {(agent(f.person), _spaced(f.title)) for f in facts if isinstance(f, Post)},
        "roles": {(agent(f.agent), f.role.value, name(f.event)) for f in facts if isinstance(f, Role)},
        "events": {
            (f.kind.value, f.title, f.start, f.end, name(f.place), f.number, f.participants, f.speakers)
            for f in facts
            if isinstance(f, Event)
        },
        "outcomes": {
            (f.kind.value, c) for f in facts if isinstance(f, Resolution) for c in f.content or ("",)
        },
        "projects": {(f.name, f.lang) for f in facts if isinstance(f, Project)},
        "initiators": {name(f.initiator) for f in facts if isinstance(f, Project) and f.initiator},
    }


@pytest.fixture(scope="module")
def both() -> dict[str, tuple[dict[str, set[Any]], dict[str, set[Any]]]]:
    corpus = read_corpus([EXAMPLE])
    texts = {s.document.id: s.text for s in corpus.sources}
    curated = read_facts(EXAMPLE / "curated.facts.jsonl", texts=texts.get, strict=True)
    extractor = NewsExtractor()
    return {
        s.document.id: (summary(extractor.extract(s).facts), summary(tuple(curated.facts[s.document.id])))
        for s in corpus.sources
    }


ASPECTS = ["people", "degrees and origins", "posts", "roles", "events", "outcomes", "projects", "initiators"]


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("doc", ["000_ecf5c2834d24bb97", "001_bf77756acbf7d79d"])
def test_extraction_agrees_with_the_curated_facts(both: dict[str, Any], doc: str, aspect: str) -> None:
    extracted, curated = both[doc]
    assert extracted[aspect] == curated[aspect], (
        f"missing: {sorted(curated[aspect] - extracted[aspect], key=str)}; "
        f"extra: {sorted(extracted[aspect] - curated[aspect], key=str)}"
    )
