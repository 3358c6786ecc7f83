"""Places named in a text: their names in the nominative ("в Таразе" → Тараз).

Where an event took place is best said by a settlement (a city, a town, a village: "в селе
Отеген батыр"), then a region ("в Жамбылской области"), then a country; a building or an
institution ("во Дворце мира и согласия", "в Институте философии") is a venue, not a place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.morph import to_nominative
from kgbuild.extract.name_forms import is_initial
from kgbuild.extract.orgs import organization_name
from kgbuild.lexicon import mapping, words

#: How well a place says where something happened: lower is better.
SETTLEMENT, REGION, COUNTRY, VENUE = range(4)
_REGIONS = ("область", "район", "край", "республика", "округ", "регион")


@dataclass(frozen=True)
class PlaceMatch:
    first: int
    last: int
    name: str


def place_at(a: Analysis, first: int, last: int) -> PlaceMatch:
    """The place named by tokens ``first``..``last`` (a LOC entity), in the nominative; a name in
    capitals is written as a name ("МИНСК" → "Минск")."""
    t = a.tokens[first]
    if first == last and "-" in t.text and t.case not in (None, "Nom"):  # "в Ханты-Мансийске"
        head, _, tail = t.text.rpartition("-")
        name = f"{head}-{to_nominative(tail, case=t.case, gender=t.feats.get('Gender'), kinds=['Geox'])}"
    else:
        name = organization_name(a, first, last)
    if name.isupper() and len(name) > 4 and " " not in name:
        name = name.capitalize()
    return PlaceMatch(first, last, name)


@cache
def _countries() -> frozenset[str]:
    return frozenset(v.lower() for v in mapping("origins").values()) | words("countries")


def rank(a: Analysis, place: PlaceMatch) -> int:
    """How well ``place`` says where an event was: :data:`SETTLEMENT` … :data:`VENUE`."""
    if place.name.lower().replace("ё", "е") in _countries():
        return COUNTRY
    before = a.tokens[place.first - 1] if place.first > 0 else None
    if before is not None and (
        before.lemma in words("settlement_nouns")
        or (before.low in ("г", "г.", ".") and not _year_word(a, place.first - 1 - (before.text == ".")))
    ):
        return SETTLEMENT  # "села Отеген батыр": a settlement by its noun, known to no dictionary
    if not is_settlement(a, place.first, place.last):
        return VENUE
    tokens = a.tokens[place.first : place.last + 1]
    return REGION if any(t.lemma in _REGIONS for t in tokens) else SETTLEMENT


def places_in(a: Analysis, first: int, last: int) -> list[PlaceMatch]:
    """The LOC entities among tokens ``first``..``last``."""
    return [
        place_at(a, e.first, e.last)
        for e in a.entities
        if e.type == "LOC" and first <= e.first and e.last <= last
    ]


def is_settlement(a: Analysis, first: int, last: int) -> bool:
    """A geographical name (a city, a region), not a building ("Дворец мира и согласия")."""
    from kgbuild.extract.morph import grammemes  # noqa: PLC0415

    head = next(
        (a.tokens[k] for k in range(first, last + 1) if a.tokens[k].pos in ("PROPN", "NOUN")), a.tokens[first]
    )
    return "Geox" in grammemes(head.text) or head.lemma in ("область", "район", "край", "город", "республика")


def place_after_preposition(a: Analysis, first: int, last: int) -> PlaceMatch | None:
    """The best place among tokens ``first``..``last`` ("состоявшейся в Таразе"): a settlement
    before a region before a country before a building."""
    found = places_of_events(a, first, last)
    return found[0] if found else None


def _settlement_named(a: Analysis, k: int) -> PlaceMatch | None:
    """The place a settlement noun at token ``k`` names ("в селе Отеген батыр", "г. Тараз")."""
    t = a.tokens[k]
    if t.lemma not in words("settlement_nouns") and t.low not in ("г", "г.", "с.", "пос."):
        return None
    j = k + 1
    if j < len(a.tokens) and a.tokens[j].text == ".":
        j += 1
    if j >= len(a.tokens) or not a.tokens[j].is_cap() or a.tokens[j].sent != t.sent:
        return None
    entity = a.entity_at(j)
    if (entity is not None and entity.type == "PER") or is_initial(a, j):
        return None  # "2020 г. М. Айтенов": a person after a year
    last = entity.last if entity is not None and entity.first == j else j
    return PlaceMatch(j, last, place_at(a, j, last).name)


def _year_word(a: Analysis, k: int) -> bool:
    """Token ``k`` is "г."/"гг." of a year ("15 декабря 2020 г."), not "г." of a city."""
    return a.tokens[k].low in ("г", "г.", "гг") and k > 0 and a.tokens[k - 1].text.isdigit()


def places_of_events(a: Analysis, first: int, last: int) -> list[PlaceMatch]:
    """The places among tokens ``first``..``last`` where something may have happened: "в/во
    <LOC>", "г. <LOC>", "в селе <name>", best first (see :func:`rank`)."""
    found: list[PlaceMatch] = []
    for k in range(max(first, 1), last + 1):
        after_in = a.tokens[k - 1].low in ("в", "во")
        named = _settlement_named(a, k)
        if named is not None:  # "в селе Отеген батыр", "в Доме культуры села Иргиз", "г. Тараз"
            found.append(named)
            continue
        entity = a.entity_at(k)
        if (
            entity is not None
            and entity.type == "LOC"
            and entity.first == k
            and not is_initial(a, k)  # "аким города М. Айтенов": a person NER took for a place
            and (after_in or (a.tokens[k - 1].low in ("г", "г.", "города") and not _year_word(a, k - 1)))
        ):
            found.append(place_at(a, entity.first, entity.last))
    return sorted(found, key=lambda p: (rank(a, p), p.first))


def first_settlement(a: Analysis) -> PlaceMatch | None:
    """The best place the whole text names (a settlement before a region before a country):
    where an event held at a venue ("в Институте философии РАН") took place."""
    found = places_of_events(a, 0, len(a.tokens) - 1) if a.tokens else []
    return found[0] if found and rank(a, found[0]) < VENUE else None
