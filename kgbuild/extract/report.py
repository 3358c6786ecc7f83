"""Facts of a report's event: the event and its parts, the roles of people and organizations in
it, what it resolved, and the projects the report names."""

from __future__ import annotations

from collections.abc import Sequence

from kgbuild.extract.assemble import FactSink, PeopleFacts
from kgbuild.extract.event_parts import PartMatch
from kgbuild.extract.events import EventMatch
from kgbuild.extract.organizers import OrganizerMatch
from kgbuild.extract.outcomes import OutcomeMatch
from kgbuild.extract.projects import ProjectMatch
from kgbuild.facts import Event, Project, Resolution, Role, RoleType


def add_event(sink: FactSink, ev: EventMatch) -> str:
    place = sink.place(ev.place.name, ev.place.first, ev.place.last) if ev.place else None
    countries = tuple(
        dict.fromkeys(sink.place(c.name, c.first, c.last, kind="country") for c in ev.countries)
    )
    return sink.add(
        Event(
            id=sink.fact_id("event", ev.first),
            evidence=sink.evidence(ev.first, ev.last),
            kind=ev.kind,
            title=ev.title,
            kind_text=ev.kind_text,
            start=ev.dates.first if ev.dates else None,
            end=ev.dates.last if ev.dates else None,
            place=place,
            participants=ev.participants,
            speakers=ev.speakers,
            count_text=ev.count_text,
            modes=tuple(ev.modes),
            countries=countries,
            inferred=ev.inferred,
        )
    )


def add_parts(sink: FactSink, found: list[PartMatch], event_id: str) -> dict[str, str]:
    """Part facts under the event; returns {part kind or "section-N": fact id}."""
    ids: dict[str, str] = {}
    for part in found:
        fact_id = f"part@{part.start}"
        sink.add(
            Event(
                id=fact_id,
                evidence=sink.span_evidence(part.start, part.stop),
                kind=part.kind,
                title=part.title,
                kind_text=part.kind_text,
                parent=event_id,
                number=part.number,
            )
        )
        ids.setdefault(part.kind.value if part.number is None else f"section-{part.number}", fact_id)
    return ids


def _posts_elsewhere(found: PeopleFacts) -> dict[str, list[str]]:
    """The posts the report gives each surname at its first mention that has any, when every
    mention of that surname is one person (same given name or initial, or none given)."""
    out: dict[str, list[str]] = {}
    names: dict[str, set[str]] = {}
    for p, posts in zip(found.people, found.post_ids, strict=True):
        first = (p.given_name or p.initials or "")[:1]
        names.setdefault(p.surname, set()).update({first} if first else set())
        if posts:
            out.setdefault(p.surname, posts)
    return {surname: posts for surname, posts in out.items() if len(names[surname]) <= 1}


def add_roles(
    sink: FactSink,
    found: PeopleFacts,
    types: list[RoleType],
    event_of: list[str],
    taken_up: Sequence[tuple[int, int]] = (),
) -> None:
    """One role per person and sentence; who speaks anywhere in the report is not also 'mentioned'.
    A role whose sentence gives no capacity takes the posts the report gives the person elsewhere
    ("Аким области Б. Сапарбаев прибыл … Сапарбаев отметил"). ``taken_up``: (person, sentence)
    where a post alone speaks for a person named before ("… Президент отметил")."""
    speaking = {p.surname for p, t in zip(found.people, types, strict=True) if t is not RoleType.MENTIONED}
    speaking |= {found.people[n].surname for n, _ in taken_up}
    elsewhere = _posts_elsewhere(found)
    a = sink.analysis
    seen: set[tuple[int, str]] = set()
    rows = [
        (a.tokens[p.first].sent, p, pid, own, kind, event)
        for p, pid, own, kind, event in zip(
            found.people, found.person_ids, found.post_ids, types, event_of, strict=True
        )
    ]
    rows += [
        (sent, found.people[n], found.person_ids[n], found.post_ids[n], RoleType.SPEAKER, event_of[n])
        for n, sent in taken_up
    ]
    for sentence, p, pid, own, kind, event in rows:
        posts = own or elsewhere.get(p.surname, [])
        if (kind is RoleType.MENTIONED and p.surname in speaking) or (sentence, p.surname) in seen:
            continue  # one role per person and sentence: "Президент Илюмжинов, Кирсан Илюмжинов сообщил"
        seen.add((sentence, p.surname))
        first, last = a.sentences[sentence]
        sink.add(
            Role(
                id=f"role@{a.tokens[first].start}/{pid}",
                evidence=sink.evidence(first, last),
                event=event,
                agent=pid,
                role=kind,
                capacity=tuple(posts),
            )
        )


def add_organizers(sink: FactSink, found: list[OrganizerMatch], event_id: str) -> None:
    for match in found:
        org = sink.organization(match.name, match.first, match.last)
        sink.add(
            Role(
                id=f"role@{sink.analysis.tokens[match.first].start}/{org}",
                evidence=sink.evidence(*match.sentence),
                event=event_id,
                agent=org,
                role=match.role,
            )
        )


def add_outcomes(sink: FactSink, found: list[OutcomeMatch], event_id: str) -> None:
    for match in found:
        parties = tuple(sink.organization(name, first, last) for name, first, last in match.parties)
        sink.add(
            Resolution(
                id=sink.fact_id("resolution", match.first),
                evidence=sink.evidence(match.first, match.last),
                event=event_id,
                kind=match.kind,
                kind_text=match.kind_text,
                content=tuple(match.content),
                adopted_by=match.adopted_by,
                addressee=match.addressee,
                parties=parties,
            )
        )


def add_projects(sink: FactSink, found: list[ProjectMatch], person_id: dict[int, str]) -> None:
    for match in found:
        region = (
            sink.place(match.region.name, match.region.first, match.region.last) if match.region else None
        )
        initiator = person_id.get(match.initiator.first) if match.initiator else None
        sink.add(
            Project(
                id=sink.fact_id("project", match.first),
                evidence=sink.evidence(match.first, match.last),
                name=match.name,
                lang=match.lang,
                kind_text=match.kind_text,
                initiator=initiator,
                region=region,
            )
        )
