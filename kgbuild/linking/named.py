"""Taking named things (organizations, places, projects) for entities by their names.

Organizations are one entity when their normalised names are equal, when one is the abbreviation
of the other ('АНК' ~ 'Ассамблея народа Казахстана'), or when one name is the start of the other
('Министерство информации' ~ 'Министерство информации … Республики Казахстан') and is not a
bare generic noun ('Министерство'), nor the name of a regional body ('Общественная палата Омской
области' is not 'Общественная палата'). A mention never joins a group that holds a variant of
its name parting from it ('… Омской области' and '… Российской Федерации'), nor two groups it
cannot tell apart. The longest name becomes the label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kgbuild.facts import Organization, Place, Project
from kgbuild.lexicon import words as lexicon
from kgbuild.linking.model import Entity, KeySet, MentionRef, unique_key
from kgbuild.linking.names import acronym, is_acronym_of, norm
from kgbuild.linking.names import words as name_words
from kgbuild.slugs import slugify

#: Words that, right after a shorter name, show the longer name is a different organization.
_CONTINUATIONS = frozenset({"и", "по", "или"})


def _names(org: Organization) -> list[str]:
    return [n for n in (org.name, org.short_name) if n]


def _org_match(a: Organization, b: Organization) -> str | None:
    """Why ``a`` and ``b`` name the same organization, or None."""
    for x in _names(a):
        for y in _names(b):
            if norm(x) == norm(y):
                return "same name"
    abbrevs_a = [n for n in (a.abbreviation, a.name) if n]
    abbrevs_b = [n for n in (b.abbreviation, b.name) if n]
    if any(is_acronym_of(s, b.name) for s in abbrevs_a) or any(is_acronym_of(s, a.name) for s in abbrevs_b):
        return "one name abbreviates the other"
    if a.abbreviation and b.abbreviation and a.abbreviation == b.abbreviation:
        return "same abbreviation"
    wa, wb = name_words(a.name), name_words(b.name)
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if not short or long_[: len(short)] != short or len(short) == len(long_):
        return None
    if len(short) == 1 and short[0] in lexicon("org_heads"):
        return None  # a bare generic noun ("министерство") names no one organization
    if long_[len(short)] in _CONTINUATIONS:
        return None  # "Министерство образования" is not "Министерство образования и науки"
    if _regional(long_[len(short) :]):
        return None  # "Общественная палата Омской области" is not "Общественная палата"
    return _START


_START = "one name is the start of the other"


def _regional(words: Sequence[str]) -> bool:
    """The words that lengthen a name make it a body of a region, a city or a branch."""
    return any(w.startswith(stem) for w in words for stem in lexicon("regional_words"))


def _conflict(a: Organization, b: Organization) -> bool:
    """``a`` and ``b`` read as variants of one name that part ways ("Общественная палата Омской
    области", "Общественная палата Российской Федерации"): one entity must not hold both."""
    if _org_match(a, b) is not None:
        return False
    wa, wb = name_words(a.name), name_words(b.name)
    return len(wa) >= 2 and len(wb) >= 2 and wa[:2] == wb[:2]


def _keys(org: Organization) -> set[str]:
    """Blocking keys: two organizations that :func:`_org_match` could take for one share a key
    (a name, an acronym, an abbreviation, or the first word, which a name and its start share)."""
    keys = {f"n:{norm(n)}" for n in _names(org)}
    keys.add(f"a:{acronym(org.name)}")
    for text in (org.abbreviation, org.name):
        letters = (text or "").replace(".", "").replace(" ", "")
        if letters.isupper() and len(letters) >= 2:
            keys.add(f"a:{letters.upper()}")
    if org.abbreviation:
        keys.add(f"b:{org.abbreviation}")
    first = name_words(org.name)[:1]
    if first:
        keys.add(f"w:{first[0]}")
    return keys - {"a:", "n:"}


def org_keys(org: Organization) -> list[str]:
    """An organization's blocking keys, in a stable order (a key of its own when it has none)."""
    return sorted(_keys(org)) or [f"u:{org.doc}/{org.id}"]


def _signature(org: Organization) -> tuple[str, str | None, str | None]:
    """What :func:`_org_match` and :func:`_keys` read of an organization."""
    return (org.name, org.short_name, org.abbreviation)


@dataclass
class _Group:
    members: list[Organization]
    reasons: set[str] = field(default_factory=set)
    #: One member per signature: the mentions of a group are compared by their distinct names, so
    #: an organization named in thousands of reports costs no more than one named in two.
    distinct: dict[tuple[str, str | None, str | None], Organization] = field(default_factory=dict)

    def add(self, orgs: Iterable[Organization]) -> None:
        for org in orgs:
            self.members.append(org)
            self.distinct.setdefault(_signature(org), org)


def _groups(orgs: Sequence[Organization]) -> list[tuple[list[Organization], set[str]]]:
    """Organizations grouped by :func:`_org_match` (transitively), in order of first mention. Each
    one is compared only with the groups that share a blocking key with it, and with the distinct
    names of each, so linking stays near-linear in the number of mentions."""
    groups: dict[int, _Group] = {}
    by_key: dict[str, set[int]] = defaultdict(set)
    torn = _torn(orgs)
    for n, org in enumerate(orgs):
        if _signature(org) in torn:  # "Совет ветеранов" between "… Омска" and "… Томска": its own
            groups[n] = _Group([])
            groups[n].add([org])
            continue
        keys = _keys(org)
        candidates = sorted(set().union(*(by_key[k] for k in keys)) if keys else set())
        joined: list[int] = []
        reasons: set[str] = set()
        for i in candidates:
            why = next((r for m in groups[i].distinct.values() if (r := _org_match(m, org))), None)
            if why and not any(_conflict(m, org) for m in groups[i].distinct.values()):
                joined.append(i)
                reasons.add(why)
        if len(joined) > 1 and any(
            _conflict(x, y)
            for n, i in enumerate(joined)
            for j in joined[n + 1 :]
            for x in groups[i].distinct.values()
            for y in groups[j].distinct.values()
        ):
            joined = []  # "Общественная палата" would join two bodies it cannot tell apart: a guess
        if not joined:
            groups[n] = _Group([])
            groups[n].add([org])
            for k in keys:
                by_key[k].add(n)
            continue
        first = joined[0]
        groups[first].add([org])
        groups[first].reasons.update(reasons)
        for k in keys:
            by_key[k].add(first)
        for i in joined[1:]:
            merged = groups.pop(i)
            groups[first].add(merged.members)
            groups[first].reasons.update(merged.reasons)
            for k in (k for m in merged.distinct.values() for k in _keys(m)):
                by_key[k].discard(i)
                by_key[k].add(first)
    return [(groups[i].members, groups[i].reasons) for i in sorted(groups)]


def _torn(orgs: Sequence[Organization]) -> set[tuple[str, str | None, str | None]]:
    """The names that start two names parting ways ("Совет ветеранов" of "Совет ветеранов Омска"
    and "Совет ветеранов Томска"): which of them such a mention means is a guess."""
    distinct = list({_signature(o): o for o in orgs}.values())
    torn = set()
    for short in distinct:
        longer = [o for o in distinct if o is not short and _org_match(short, o) == _START]
        if any(_conflict(x, y) for n, x in enumerate(longer) for y in longer[n + 1 :]):
            torn.add(_signature(short))
    return torn


def _entity(
    kind: str, key: str, label: str, *, lang: str, mentions: list[tuple[str, str]], reason: str | None
) -> Entity:
    refs: tuple[MentionRef, ...] = tuple(mentions)
    return Entity(
        kind=kind, key=key, label=label, lang=lang, mentions=refs, reason=reason if len(refs) > 1 else None
    )


def link_organizations(orgs: list[Organization], used: KeySet | None = None) -> list[Entity]:
    """One entity per group of organizations; ``used`` holds the keys already given out."""
    ordered = sorted(orgs, key=lambda o: (o.doc, o.evidence.start, o.id))
    used = set() if used is None else used
    entities = []
    for members, reasons in _groups(ordered):
        best = max(members, key=lambda m: (len(name_words(m.name)), len(m.name), [-ord(c) for c in m.name]))
        key = unique_key(slugify(best.name, max_words=8) or "unnamed", used)
        lang = best.lang
        reason = "; ".join(sorted(reasons)) + f": {' ~ '.join(sorted({m.name for m in members}))}"
        entities.append(
            _entity(
                "organization",
                key,
                best.name,
                lang=lang,
                mentions=[(m.doc, m.id) for m in members],
                reason=reason,
            )
        )
    return entities


def _link_by_name(kind: str, facts: Sequence[Place | Project], used: KeySet | None) -> list[Entity]:
    groups: dict[str, list[Place | Project]] = {}
    for fact in sorted(facts, key=lambda f: (f.doc, f.evidence.start, f.id)):
        groups.setdefault(norm(fact.name), []).append(fact)
    used = set() if used is None else used
    entities = []
    for members in groups.values():
        best = members[0]
        lang = getattr(best, "lang", "ru")
        key = unique_key(slugify(best.name, max_words=8) or "unnamed", used)
        entities.append(
            _entity(
                kind, key, best.name, lang=lang, mentions=[(m.doc, m.id) for m in members], reason="same name"
            )
        )
    return entities


def link_places(places: list[Place], used: KeySet | None = None) -> list[Entity]:
    return _link_by_name("place", places, used)


def link_projects(projects: list[Project], used: KeySet | None = None) -> list[Entity]:
    return _link_by_name("project", projects, used)
