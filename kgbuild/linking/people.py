"""Taking person mentions for people: same surname and compatible given names.

Mentions with a full given name seed one person per distinct given name. A mention with initials
only joins the one seed whose given name starts with that initial; a surname-only mention joins
the one person of that surname in its document, else the one in the corpus. Where the choice is
not unique, the mention stays a person of its own: two people are never merged on a guess.
"""

from __future__ import annotations

from collections import defaultdict

from kgbuild.facts import Person
from kgbuild.linking.model import Entity, KeySet, MentionRef, unique_key
from kgbuild.linking.names import first_initial, norm
from kgbuild.slugs import slugify


def _patronymic_initial(p: Person) -> str:
    if p.patronymic:
        return first_initial(p.patronymic)
    parts = [x for x in (p.initials or "").replace(" ", "").split(".") if x]
    return parts[1][0].upper() if len(parts) > 1 else ""


class _Cluster:
    """People of one surname taken for one person; what the comparisons read of the members is
    kept as they join, so a person named in thousands of reports is as quick to compare with."""

    def __init__(self, seed: Person) -> None:
        self.members: list[Person] = []
        self.given = ""  # the first given name of the members, normalised
        self.initial = ""  # the first initial of the members
        self.patronymics: set[str] = set()  # the members' patronymic initials
        self.docs: set[str] = set()
        self.add(seed)

    def add(self, m: Person) -> None:
        self.members.append(m)
        if not self.given and m.given_name:
            self.given = norm(m.given_name)
        if not self.initial:
            self.initial = first_initial(m.given_name, m.initials)
        self.patronymics |= {_patronymic_initial(m)} - {""}
        self.docs.add(m.doc)


def _compatible(cluster: _Cluster, p: Person) -> bool:
    initial = first_initial(p.given_name, p.initials)
    if initial and cluster.initial and initial != cluster.initial:
        return False
    if p.given_name and cluster.given and norm(p.given_name) != cluster.given:
        return False
    mine = _patronymic_initial(p)
    theirs = cluster.patronymics
    return not (mine and theirs and mine not in theirs)


def _cluster_surname(mentions: list[Person]) -> list[_Cluster]:
    alone = [_Cluster(m) for m in mentions if m.distinct]  # curated: a person of its own, joined by none
    mentions = [m for m in mentions if not m.distinct]
    clusters: list[_Cluster] = []
    named = [m for m in mentions if m.given_name]
    initialled = [m for m in mentions if not m.given_name and m.initials]
    bare = [m for m in mentions if not m.given_name and not m.initials]
    for m in named:
        home = next((c for c in clusters if c.given == norm(m.given_name) and _compatible(c, m)), None)
        home.add(m) if home else clusters.append(_Cluster(m))
    for m in initialled:
        fits = [c for c in clusters if _compatible(c, m)]
        if len(fits) == 1:
            fits[0].add(m)
        else:
            clusters.append(_Cluster(m))
    unresolved: dict[str, _Cluster] = {}
    named_clusters = list(clusters)
    for m in bare:
        fits = [c for c in named_clusters if m.doc in c.docs] or named_clusters
        if len(fits) == 1:
            fits[0].add(m)
        elif m.doc in unresolved:  # several people of that surname: the bare mentions stay together
            unresolved[m.doc].add(m)
        else:
            unresolved[m.doc] = _Cluster(m)
            clusters.append(unresolved[m.doc])
    return clusters + alone


def _best(members: list[Person]) -> Person:
    return max(
        members,
        key=lambda m: (
            bool(m.given_name),
            bool(m.patronymic),
            bool(m.initials),
            len(m.name),
            [-ord(c) for c in m.name],
        ),
    )


def _reason(c: _Cluster) -> str | None:
    if len(c.members) < 2:
        return None
    forms = sorted({m.name for m in c.members})
    docs = len(c.docs)
    where = "in one document" if docs == 1 else f"across {docs} documents"
    return f"same surname and compatible given names {where}: {' ~ '.join(forms)}"


def link_people(persons: list[Person], used: KeySet | None = None) -> list[Entity]:
    """One entity per person; keys are 'surname-initial' slugs, widened only to tell people apart
    (``used`` holds the keys already given out)."""
    by_surname: dict[str, list[Person]] = defaultdict(list)
    for p in sorted(persons, key=lambda p: (p.doc, p.evidence.start, p.id)):
        by_surname[norm(p.surname)].append(p)
    clusters = [c for _, ms in sorted(by_surname.items()) for c in _cluster_surname(ms)]
    keys = {
        id(c): "-".join(filter(None, [slugify(_best(c.members).surname), slugify(c.initial)]))
        for c in clusters
    }
    taken: dict[str, int] = defaultdict(int)
    for c in clusters:
        taken[keys[id(c)]] += 1
    entities = []
    used = set() if used is None else used
    for c in clusters:
        key = keys[id(c)]
        if taken[key] > 1 and c.given:
            key = f"{slugify(_best(c.members).surname)}-{slugify(c.given)}"
        key = unique_key(key, used)
        best = _best(c.members)
        mentions: tuple[MentionRef, ...] = tuple((m.doc, m.id) for m in c.members)
        entities.append(
            Entity(
                kind="person",
                key=key,
                label=best.name,
                lang="ru",
                mentions=mentions,
                reason=_reason(c),
                family_name=best.surname,
                given_name=best.given_name,
                patronymic=next((m.patronymic for m in c.members if m.patronymic), None),
                initials=next((m.initials for m in c.members if m.initials), None),
            )
        )
    return entities
