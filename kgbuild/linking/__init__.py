"""Linking: which mentions, within and across documents, stand for the same thing.

Named things (places, people, organizations, projects, events) are linked before the facts that
connect them (posts, roles, resolutions), which are keyed by the entities they connect, so the
same post, role or resolution reported twice is one node. Every merge keeps its reason.

Each type's facts are linked block by block (:mod:`kgbuild.linking.blocks`): the people of one
surname, the organizations that share a name, an acronym or a first word, the events that share
a title or a start date, the posts of one person and title. Only one block's facts are in memory
at a time, and the entities go into a :class:`Links` (in memory, or a
:class:`kgbuild.linking.store.LinkStore` on disk). People and their posts depend on nothing else,
nor do organizations: :func:`link_apart` links each in another process, into a store of its own,
while this one links the rest, and takes them in before the roles (which name both).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar, overload

from kgbuild.errors import KgbuildError
from kgbuild.facts import (
    CapacityKind,
    CapacityStatus,
    DocumentFacts,
    Event,
    Fact,
    Organization,
    Person,
    Place,
    Post,
    Project,
    Resolution,
    Role,
)
from kgbuild.linking.events import blocking_keys, link_events, link_part, part_key
from kgbuild.linking.model import Entity, KeysTaken, Linking, Links, MentionRef, Span, Target
from kgbuild.linking.named import link_organizations, link_places, link_projects, org_keys
from kgbuild.linking.names import norm
from kgbuild.linking.people import link_people
from kgbuild.linking.source import FactSource, FactSpool, source_of
from kgbuild.linking.store import LinkStore
from kgbuild.ontology.terms import concept_labels
from kgbuild.slugs import slugify

__all__ = [
    "Aside",
    "Entity",
    "FactSource",
    "FactSpool",
    "Linking",
    "Links",
    "MentionRef",
    "Span",
    "Target",
    "link",
    "link_apart",
]


F = TypeVar("F", bound=Fact)
R = TypeVar("R")


def _keep(links: Links, entities: Sequence[Entity], facts: Sequence[Fact]) -> None:
    """Keep ``entities``, taken from the mentions ``facts``."""
    spans: dict[MentionRef, Span] = {(f.doc, f.id): (f.doc, f.evidence.start, f.evidence.end) for f in facts}
    for entity in entities:
        links.add(entity, spans)


L = TypeVar("L", bound=Links)


@overload
def link(
    docs: Sequence[DocumentFacts] | FactSource, *, warn: Callable[[str], None] | None = None
) -> Linking: ...
@overload
def link(
    docs: Sequence[DocumentFacts] | FactSource, into: L, warn: Callable[[str], None] | None = None
) -> L: ...


def link(
    docs: Sequence[DocumentFacts] | FactSource,
    into: Links | None = None,
    warn: Callable[[str], None] | None = None,
) -> Links:
    """Link the facts of every document (held in memory, or a source that gives them block by
    block) into ``into`` (a new :class:`Linking` in memory unless given); ``warn`` hears what a
    user should know (events kept apart by their places)."""
    source = source_of(docs)
    links = Linking() if into is None else into
    _link_people(source, links)
    _link_posts(source, links)
    _link_rest(source, links, warn)
    _link_roles(source, links)
    return links


class Aside(Protocol):
    """Another process: work is given to it (what waits for the result, raising its error, is
    returned), and it is stopped (:class:`kgbuild.validation.processes.Workers` is one)."""

    def submit(self, what: str, fn: Callable[..., R], *args: Any) -> Callable[[], R]: ...

    def stop(self) -> None: ...


def link_apart(
    spool: FactSpool, into: LinkStore, *, aside: Aside, warn: Callable[[str], None] | None = None
) -> LinkStore:
    """What :func:`link` does, with the kinds of :data:`APART` (the people and their posts; the
    organizations) linked in the processes of ``aside``, each into a store of its own beside
    ``into``, while this process links the places, projects, events and resolutions; their stores
    are taken into ``into`` before the roles (which name them) are linked. The entities are those
    :func:`link` finds. When linking fails, ``aside`` is stopped, and the other stores removed."""
    spool.flush()  # the other processes read the spool's files
    paths = {name: into.path.with_name(f"{into.path.stem}-{name}.sqlite") for name in APART}
    try:
        waits = [
            aside.submit(f"linking {what}", _link_aside, name, str(spool.folder), str(paths[name]))
            for name, (what, _) in APART.items()
        ]
        _link_rest(spool, into, warn, apart=True)
        for wait, path in zip(waits, paths.values(), strict=True):
            wait()
            into.take(path)
    except BaseException:
        aside.stop()  # before their stores are removed: they may still be writing them
        raise
    finally:
        for path in paths.values():
            path.unlink(missing_ok=True)
    _link_roles(spool, into)
    return into


def _link_aside(name: str, spool: str, path: str) -> None:
    """The kinds ``APART[name]`` of the spool in the folder ``spool``, into a new store at ``path``."""
    links = LinkStore(Path(path))
    try:
        source = FactSpool(Path(spool))
        for step in APART[name][1]:
            step(source, links)
        links.share()
    finally:
        links.close()


def _link_people(source: FactSource, links: Links) -> None:
    for people in source.blocks(Person, lambda p: [slugify(p.surname)]):
        _keep(links, link_people(people, KeysTaken(links, "person")), people)


def _link_organizations(source: FactSource, links: Links) -> None:
    for orgs in source.blocks(Organization, org_keys, joined=True):
        _keep(links, link_organizations(orgs, KeysTaken(links, "organization")), orgs)


def _link_rest(
    source: FactSource, links: Links, warn: Callable[[str], None] | None, *, apart: bool = False
) -> None:
    """All but the people, their posts and the roles: places, organizations (unless linked
    ``apart``), projects, events and their parts, resolutions (none of which names a person or
    an organization)."""
    _link_named(source, links, warn, apart=apart)
    _link_parts(source, links)
    _link_resolutions(source, links)


def _link_named(
    source: FactSource, links: Links, warn: Callable[[str], None] | None, *, apart: bool = False
) -> None:
    """The named things but people (:func:`_link_people`): places, organizations (unless linked
    ``apart``), projects, top-level events (after the places they name)."""
    for places in source.blocks(Place, lambda p: [norm(p.name)]):
        _keep(links, link_places(places, KeysTaken(links, "place")), places)
    if not apart:
        _link_organizations(source, links)
    for projects in source.blocks(Project, lambda p: [norm(p.name)]):
        _keep(links, link_projects(projects, KeysTaken(links, "project")), projects)
    top = source.blocks(Event, lambda e: None if e.parent else blocking_keys(e), joined=True)
    for events in top:
        found = link_events(events, partial(_place_key, links), KeysTaken(links, "event"), warn)
        _keep(links, found, events)


def _place_key(links: Links, event: Event) -> str | None:
    """The key of the place ``event`` was at (places are linked before events)."""
    return links.target(event.doc, event.place).key if event.place else None


def _link_parts(source: FactSource, links: Links) -> None:
    """Parts of events, keyed under their parents' keys: those whose parents are linked, round
    after round (a part of a part waits for its parent)."""
    place_of = partial(_place_key, links)

    def ready(part: Event) -> list[str] | None:
        if part.parent is None or links.linked(part.doc, part.id) or not links.linked(part.doc, part.parent):
            return None
        return [part_key(part, links.target(part.doc, part.parent).key)]

    while True:
        linked = 0
        for block in source.blocks(Event, ready):
            parent = links.target(block[0].doc, block[0].parent or "").key
            _keep(links, [link_part(part_key(block[0], parent), block, place_of)], block)
            linked += 1
        if not linked:
            break
    waiting = [f"{p.doc}/{p.id}" for p in source.each(Event) if p.parent and not links.linked(p.doc, p.id)]
    if waiting:
        raise KgbuildError(
            f"event parts whose parents never resolve to a top-level event (a cycle?): {', '.join(waiting)}"
        )


def _keep_keyed(
    links: Links, kind: str, key: str, facts: Sequence[F], *, label: Callable[[F], str], reason: str
) -> None:
    """The entity ``key`` of ``kind`` that ``facts`` (one key's facts) stand for."""
    members = sorted(facts, key=lambda f: (f.doc, f.evidence.start, f.id))
    entity = Entity(
        kind=kind,
        key=key,
        label=label(members[0]),
        lang="ru",
        mentions=tuple((m.doc, m.id) for m in members),
        reason=reason if len(members) > 1 else None,
    )
    _keep(links, [entity], members)


def _agent_key(links: Links, doc: str, ref: str) -> str:
    target = links.target(doc, ref)
    return target.key if target.kind == "person" else f"org-{target.key}"


def _link_posts(source: FactSource, links: Links) -> None:
    def key_of(p: Post) -> str:
        # a former or acting post, or one of another kind, is not the current post of that title
        defaults = (CapacityKind.POST, CapacityStatus.CURRENT)
        qualifiers = "".join(f"-{q}" for q in (p.kind, p.status) if q not in defaults)
        return f"{links.target(p.doc, p.person).key}/{slugify(p.title, max_words=10)}{qualifiers}"

    for block in source.blocks(Post, lambda p: [key_of(p)]):
        _keep_keyed(
            links,
            "post",
            key_of(block[0]),
            block,
            label=lambda p: p.title,
            reason="same person and post title",
        )


def _link_roles(source: FactSource, links: Links) -> None:
    def key_of(r: Role) -> str:
        return f"{links.target(r.doc, r.event).key}/{_agent_key(links, r.doc, r.agent)}/{r.role}"

    role_words = concept_labels("RoleTypes")

    def label_of(r: Role) -> str:
        agent, event = links.target(r.doc, r.agent), links.target(r.doc, r.event)
        return f"{agent.label} — {role_words[r.role]} — {event.label}"

    for block in source.blocks(Role, lambda r: [key_of(r)]):
        _keep_keyed(
            links, "role", key_of(block[0]), block, label=label_of, reason="same agent, event and role type"
        )


def _link_resolutions(source: FactSource, links: Links) -> None:
    """Resolutions keyed by event and kind, numbered within their document when it reports several
    of one kind: a block holds one event's resolutions of one kind, from every document."""

    def base_of(r: Resolution) -> str:
        return f"{links.target(r.doc, r.event).key}/{r.kind}"

    kind_words = concept_labels("ResolutionTypes")

    def label_of(r: Resolution) -> str:
        return f"{r.kind_text or kind_words[r.kind]} — {links.target(r.doc, r.event).label}"

    for block in source.blocks(Resolution, lambda r: [base_of(r)]):
        base = base_of(block[0])
        numbered: dict[str, list[Resolution]] = {}
        seen: dict[str, int] = {}
        for r in sorted(block, key=lambda r: (r.doc, r.evidence.start, r.id)):
            n = seen[r.doc] = seen.get(r.doc, 0) + 1
            numbered.setdefault(base if n == 1 else f"{base}-{n}", []).append(r)
        for key, members in numbered.items():
            _keep_keyed(
                links, "resolution", key, members, label=label_of, reason="same event and kind of outcome"
            )


#: What :func:`link_apart` links in other processes, each into a store of its own: a name (of the
#: store), what it is (for errors), and the steps, in order. None of them is keyed on what another
#: links, or on what this process links (roles are keyed on people and organizations: they come
#: after).
APART: dict[str, tuple[str, tuple[Callable[[FactSource, Links], None], ...]]] = {
    "people": ("people and their posts", (_link_people, _link_posts)),
    "organizations": ("organizations", (_link_organizations,)),
}
