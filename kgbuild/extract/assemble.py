"""Turning what the matchers found into facts with ids and evidence.

Ids are made from the fact type and the offset of its evidence ("person@187"), so the same text
always gives the same ids, and a curated fact can name the extracted fact it corrects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.capacity import Capacity
from kgbuild.extract.people import PersonMatch
from kgbuild.facts import AnyFact, Evidence, Organization, Person, Place, Post


@dataclass
class FactSink:
    """Collects the facts of one document, minting ids and evidence from token spans."""

    doc: str
    analysis: Analysis
    facts: dict[str, AnyFact] = field(default_factory=dict)

    def evidence(self, first: int, last: int) -> Evidence:
        a = self.analysis
        start, end = a.tokens[first].start, a.tokens[last].stop
        return Evidence(self.doc, start, end, a.text[start:end])

    def span_evidence(self, start: int, end: int) -> Evidence:
        return Evidence(self.doc, start, end, self.analysis.text[start:end])

    def add(self, fact: AnyFact) -> str:
        self.facts.setdefault(fact.id, fact)
        return fact.id

    def fact_id(self, kind: str, first: int, suffix: str = "") -> str:
        return f"{kind}@{self.analysis.tokens[first].start}{suffix}"

    def place(self, name: str, first: int, last: int, kind: str | None = None) -> str:
        return self.add(
            Place(id=self.fact_id("place", first), evidence=self.evidence(first, last), name=name, kind=kind)
        )

    def organization(self, name: str, first: int, last: int, parent: str | None = None) -> str:
        return self.add(
            Organization(
                id=self.fact_id("org", first), evidence=self.evidence(first, last), name=name, parent=parent
            )
        )


def add_person(sink: FactSink, p: PersonMatch, cap: Capacity) -> tuple[str, list[str]]:
    """The facts of one person mention and its capacity: (person id, post ids)."""
    first = p.honorific_first if p.honorific_first is not None else p.first
    origin = next((post for post in cap.posts if post.origin), None)
    country = None
    if origin is not None and origin.origin_country:
        country = sink.place(origin.origin_country, origin.first, origin.first, kind="country")
    person_id = sink.add(
        Person(
            id=sink.fact_id("person", p.first),
            evidence=sink.evidence(first, p.last),
            name=p.name,
            surname=p.surname,
            given_name=p.given_name,
            patronymic=p.patronymic,
            initials=p.initials,
            honorific=p.honorific,
            degrees=tuple(d.text for d in cap.degrees),
            origin=origin.origin if origin else None,
            origin_country=country,
        )
    )
    posts = []
    for post in cap.posts:
        org = None
        if post.organization and post.org_first is not None and post.org_last is not None:
            parent = None
            if post.parent and post.parent_span:
                parent = sink.organization(post.parent, *post.parent_span)
            org = sink.organization(post.organization, post.org_first, post.org_last, parent)
        first_token = post.first if not post.origin else post.first + 1
        posts.append(
            sink.add(
                Post(
                    id=sink.fact_id("post", post.head, f"/{person_id}"),
                    evidence=sink.evidence(first_token, post.last),
                    person=person_id,
                    title=post.title,
                    organization=org,
                    kind=post.kind,
                    status=post.status,
                )
            )
        )
    return person_id, posts


@dataclass(frozen=True)
class PeopleFacts:
    """The people of a report, their capacities, and the ids of their person and post facts (same order)."""

    people: list[PersonMatch]
    capacities: list[Capacity]
    person_ids: list[str]
    post_ids: list[list[str]]


def add_people(sink: FactSink, people: list[PersonMatch], caps: list[Capacity]) -> PeopleFacts:
    ids, posts = [], []
    for person, capacity in zip(people, caps, strict=True):
        pid, post_ids = add_person(sink, person, capacity)
        ids.append(pid)
        posts.append(post_ids)
    return PeopleFacts(people, caps, ids, posts)
