"""Linking: which mentions, within and across documents, stand for the same thing.

Named things are linked first (people, organizations, places, projects, events); the facts that
connect them (posts, roles, resolutions) are keyed by the entities they connect, so the same
post, role or resolution reported twice is one node. Every merge keeps its reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from kgbuild.facts import (
    AnyFact,
    DocumentFacts,
    Event,
    Organization,
    Person,
    Place,
    Post,
    Project,
    Resolution,
    Role,
)
from kgbuild.linking.events import link_events
from kgbuild.linking.model import Entity, Linking, MentionRef
from kgbuild.linking.named import link_organizations, link_places, link_projects
from kgbuild.linking.people import link_people
from kgbuild.linking.source import FactSource, FactSpool, source_of
from kgbuild.ontology import concept_labels
from kgbuild.slugs import slugify

__all__ = ["KIND_TYPES", "Entity", "FactSource", "FactSpool", "Linking", "MentionRef", "link"]

#: The type of the facts each kind of entity is taken from.
KIND_TYPES: dict[str, type[AnyFact]] = {
    "place": Place,
    "person": Person,
    "organization": Organization,
    "project": Project,
    "event": Event,
    "post": Post,
    "role": Role,
    "resolution": Resolution,
}


def _agent_key(linking: Linking, doc: str, ref: str) -> str:
    entity = linking.of[(doc, ref)]
    return entity.key if entity.kind == "person" else f"org-{entity.key}"


def _link_keyed(
    linking: Linking,
    kind: str,
    facts: Sequence[AnyFact],
    *,
    key_of: dict[MentionRef, str],
    label_of: dict[MentionRef, str],
    reason: str,
) -> None:
    groups: dict[str, list[AnyFact]] = {}
    for fact in sorted(facts, key=lambda f: (f.doc, f.evidence.start, f.id)):
        groups.setdefault(key_of[(fact.doc, fact.id)], []).append(fact)
    for key, members in sorted(groups.items()):
        mentions = tuple((m.doc, m.id) for m in members)
        linking.add(
            Entity(
                kind=kind,
                key=key,
                label=label_of[mentions[0]],
                lang="ru",
                mentions=mentions,
                reason=reason if len(mentions) > 1 else None,
            )
        )


def link(docs: Sequence[DocumentFacts] | FactSource) -> Linking:
    """Link the facts of every document (held in memory, or a source that gives them one type at
    a time, so that only one type's facts are in memory at once)."""
    source = source_of(docs)
    linking = Linking()
    for entity in link_places(source.of_type(Place)):
        linking.add(entity)

    def place_of(event: Event) -> str | None:
        return linking.key_of(event.doc, event.place) if event.place else None

    for entity in link_people(source.of_type(Person)):  # one type's facts in memory at a time
        linking.add(entity)
    for entity in link_organizations(source.of_type(Organization)):
        linking.add(entity)
    for entity in link_projects(source.of_type(Project)):
        linking.add(entity)
    for entity in link_events(source.of_type(Event), place_of):
        linking.add(entity)
    _link_posts(linking, source.of_type(Post))
    _link_roles(linking, source.of_type(Role))
    _link_resolutions(linking, source.of_type(Resolution))
    return linking


def _link_posts(linking: Linking, posts: list[Post]) -> None:
    post_keys = {
        (p.doc, p.id): f"{linking.key_of(p.doc, p.person)}/{slugify(p.title, max_words=10)}" for p in posts
    }
    post_labels = {(p.doc, p.id): p.title for p in posts}
    _link_keyed(
        linking, "post", posts, key_of=post_keys, label_of=post_labels, reason="same person and post title"
    )


def _link_roles(linking: Linking, roles: list[Role]) -> None:
    role_keys = {
        (r.doc, r.id): f"{linking.key_of(r.doc, r.event)}/{_agent_key(linking, r.doc, r.agent)}/{r.role}"
        for r in roles
    }
    role_words = concept_labels("RoleTypes")
    role_labels = {
        (r.doc, r.id): f"{linking.of[(r.doc, r.agent)].label} — {role_words[r.role]} — "
        f"{linking.of[(r.doc, r.event)].label}"
        for r in roles
    }
    _link_keyed(
        linking,
        "role",
        roles,
        key_of=role_keys,
        label_of=role_labels,
        reason="same agent, event and role type",
    )


def _link_resolutions(linking: Linking, resolutions: list[Resolution]) -> None:
    res_keys: dict[MentionRef, str] = {}
    seen: dict[tuple[str, str], int] = {}
    for r in sorted(resolutions, key=lambda r: (r.doc, r.evidence.start, r.id)):
        base = f"{linking.key_of(r.doc, r.event)}/{r.kind}"
        n = seen[(r.doc, base)] = seen.get((r.doc, base), 0) + 1
        res_keys[(r.doc, r.id)] = base if n == 1 else f"{base}-{n}"
    kind_words = concept_labels("ResolutionTypes")
    res_labels = {
        (r.doc, r.id): f"{r.kind_text or kind_words[r.kind]} — {linking.of[(r.doc, r.event)].label}"
        for r in resolutions
    }
    _link_keyed(
        linking,
        "resolution",
        resolutions,
        key_of=res_keys,
        label_of=res_labels,
        reason="same event and kind of outcome",
    )
