"""Property tests: any well-formed facts convert to a graph that conforms; IRIs depend on content only."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF

from kgbuild.converters import convert
from kgbuild.facts import (
    AnyFact,
    CapacityKind,
    CapacityStatus,
    Document,
    DocumentFacts,
    Event,
    EventKind,
    Evidence,
    Organization,
    Person,
    Post,
    Resolution,
    ResolutionKind,
    Role,
    RoleType,
)
from kgbuild.iris import Minter
from kgbuild.linking import link
from kgbuild.ontology.namespace import KG
from kgbuild.outdir.output import union
from kgbuild.validation.shacl import validate_graph

LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
LOWER = "абвгдежзиклмнопрстуфхцчшэюя"
surnames = st.builds(
    lambda a, b, end: a + b + end,
    st.sampled_from(LETTERS),
    st.text(LOWER, min_size=2, max_size=6),
    st.sampled_from(["ов", "ев", "ин", "ко", "ова"]),
)
given_names = st.one_of(
    st.none(), st.builds(lambda a, b: a + b, st.sampled_from(LETTERS), st.text(LOWER, min_size=2, max_size=6))
)
initials = st.sampled_from(LETTERS)
posts = st.sampled_from(
    ["аким области", "вице-министр финансов", "депутат Мажилиса", "профессор", "директор"]
)
orgs = st.sampled_from(
    ["Министерство финансов", "Институт истории", "Фонд «Жасыл»", "Ассамблея народа Казахстана"]
)


class Text:
    """A document text grown piece by piece, giving each piece its evidence span."""

    def __init__(self, doc: str) -> None:
        self.doc, self.parts, self.length = doc, [], 0

    def add(self, piece: str) -> Evidence:
        start = self.length + 1 if self.parts else 0
        self.parts.append(piece)
        self.length = start + len(piece)
        return Evidence(self.doc, start, self.length, piece)


@st.composite
def documents(draw: st.DrawFn, doc: str = "d") -> DocumentFacts:
    text = Text(doc)
    facts: list[AnyFact] = []
    start = draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 1, 1))))
    days = draw(st.integers(0, 5))
    event = Event(
        id="e",
        evidence=text.add("конференция"),
        kind=draw(st.sampled_from(list(EventKind))),
        title=draw(
            st.one_of(st.none(), st.text(LOWER + " ", min_size=3, max_size=30).map(str.strip).filter(bool))
        ),
        start=start,
        end=start + timedelta(days=days) if start else None,
        participants=draw(st.one_of(st.none(), st.integers(0, 10_000))),
    )
    facts.append(event)
    org_names = draw(st.lists(orgs, max_size=2, unique=True))
    for i, name in enumerate(org_names):
        facts.append(Organization(id=f"o{i}", evidence=text.add(name), name=name))
        if draw(st.booleans()):
            facts.append(
                Role(
                    id=f"o{i}/organizer",
                    evidence=text.add("организатор"),
                    event="e",
                    agent=f"o{i}",
                    role=RoleType.ORGANIZER,
                )
            )
    seen: set[tuple[str, str | None, str]] = set()
    for i in range(draw(st.integers(1, 4))):
        surname, given_name, initial = draw(surnames), draw(given_names), draw(initials)
        key = (surname, given_name, given_name[0] if given_name else initial)
        if key in seen:
            continue
        seen.add(key)
        name = f"{given_name} {surname}" if given_name else f"{initial}. {surname}"
        facts.append(
            Person(
                id=f"p{i}",
                evidence=text.add(name),
                name=name,
                surname=surname,
                given_name=given_name,
                initials=None if given_name else f"{initial}.",
            )
        )
        capacity: tuple[str, ...] = ()
        if draw(st.booleans()):
            org = (
                f"o{draw(st.integers(0, len(org_names) - 1))}" if org_names and draw(st.booleans()) else None
            )
            facts.append(
                Post(
                    id=f"p{i}/post",
                    evidence=text.add("должность"),
                    person=f"p{i}",
                    title=draw(posts),
                    organization=org,
                    kind=draw(st.sampled_from(list(CapacityKind))),
                    status=draw(st.sampled_from(list(CapacityStatus))),
                )
            )
            capacity = (f"p{i}/post",)
        role = draw(st.sampled_from([RoleType.SPEAKER, RoleType.MENTIONED, RoleType.MODERATOR]))
        facts.append(
            Role(
                id=f"p{i}/role",
                evidence=text.add("выступил"),
                event="e",
                agent=f"p{i}",
                role=role,
                capacity=capacity,
            )
        )
    if draw(st.booleans()):
        facts.append(
            Resolution(
                id="r",
                evidence=text.add("резолюция"),
                event="e",
                kind=draw(st.sampled_from(list(ResolutionKind))),
                content=tuple(
                    draw(
                        st.lists(
                            st.text(LOWER + " ", min_size=1, max_size=20).map(str.strip).filter(bool),
                            max_size=3,
                        )
                    )
                ),
            )
        )
    body = " ".join(text.parts)
    return DocumentFacts(Document(id=doc, file_name=f"{doc}.txt", chars=len(body)), tuple(facts))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_well_formed_facts_convert_to_a_graph_that_conforms(doc: DocumentFacts) -> None:
    report = validate_graph(union(convert([doc])))
    assert report.conforms, report.render()


@settings(max_examples=30, deadline=None)
@given(documents(), st.randoms(use_true_random=False))
def test_the_same_fact_always_mints_the_same_iri(doc: DocumentFacts, rnd: random.Random) -> None:
    shuffled = list(doc.facts)
    rnd.shuffle(shuffled)
    first, second = link([doc]), link([DocumentFacts(doc.document, tuple(shuffled))])
    for fact in doc.facts:
        assert first.of[(doc.document.id, fact.id)].key == second.of[(doc.document.id, fact.id)].key
    assert convert([doc]).serialize(format="nquads") and sorted(
        convert([doc]).serialize(format="nquads").splitlines()
    ) == sorted(
        convert([DocumentFacts(doc.document, tuple(shuffled))]).serialize(format="nquads").splitlines()
    )


@settings(max_examples=20, deadline=None)
@given(documents("a"), documents("b"))
def test_linking_two_documents_loses_no_mention(a: DocumentFacts, b: DocumentFacts) -> None:
    linking = link([a, b])
    dataset = convert([a, b], linking=linking)
    minter = Minter()
    for doc in (a, b):
        graph = dataset.graph(minter.graph(doc.document.id))
        for fact in doc.facts:
            entity = linking.of[(doc.document.id, fact.id)]
            assert (doc.document.id, fact.id) in entity.mentions
            node = minter.entity(entity.kind, entity.key)
            assert (node, RDF.type, None) in graph, (fact, node)
            assert (node, KG.evidence, minter.evidence(fact.evidence)) in graph
