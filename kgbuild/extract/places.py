"""Places named in a text: their names in the nominative ("в Таразе" → Тараз)."""

from __future__ import annotations

from dataclasses import dataclass

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.orgs import organization_name


@dataclass(frozen=True)
class PlaceMatch:
    first: int
    last: int
    name: str


def place_at(a: Analysis, first: int, last: int) -> PlaceMatch:
    """The place named by tokens ``first``..``last`` (a LOC entity), in the nominative."""
    return PlaceMatch(first, last, organization_name(a, first, last))


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
    """The first "в/во <LOC>" among tokens ``first``..``last`` ("состоявшейся в Таразе"), a city
    or region before a building."""
    found = [
        e
        for e in a.entities
        if e.type == "LOC" and first < e.first <= last and a.tokens[e.first - 1].low in ("в", "во")
    ]
    best = next((e for e in found if is_settlement(a, e.first, e.last)), found[0] if found else None)
    return place_at(a, best.first, best.last) if best else None
