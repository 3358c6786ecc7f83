"""Parts of the reported event: the plenary session and the sections, numbered ("1. Роль …;") or
titled ("секция «…»")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.events import kind_at, kind_phrase, lemma_table, title_after
from kgbuild.facts import EventKind

_NUMBERED = re.compile(r"^[ \t]*(\d{1,2})[.)][ \t]+(\S.*?)[ \t]*[;.]?[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class PartMatch:
    kind: EventKind
    kind_text: str
    start: int  # character offsets of the mention
    stop: int
    title: str | None = None
    number: int | None = None


def parts(a: Analysis) -> list[PartMatch]:
    """The plenary session and the sections the report names."""
    table = lemma_table("event_parts")
    out: list[PartMatch] = []
    for t in a.tokens:
        found = kind_at(a, t.i, table)
        if found is None or (found[0] == "plenary-session" and any(p.kind.value == found[0] for p in out)):
            continue
        code, first = found
        kind_text, _ = kind_phrase(a, first, t.i)
        title = title_after(a, t.i)
        if code == "plenary-session" or title:
            out.append(
                PartMatch(
                    EventKind(code),
                    kind_text,
                    a.tokens[first].start,
                    a.tokens[title[1] if title else t.i].stop,
                    title[0] if title else None,
                )
            )
    if any(t.lemma == "секция" for t in a.tokens):
        out.extend(_numbered_sections(a))
    return out


def _numbered_sections(a: Analysis) -> list[PartMatch]:
    """ "1. Роль местных исполнительных органов …;" lines after the sections are announced."""
    announced = next(t.start for t in a.tokens if t.lemma == "секция")
    out = []
    for m in _NUMBERED.finditer(a.text, announced):
        out.append(PartMatch(EventKind.SECTION, "секция", m.start(1), m.end(2), m.group(2), int(m.group(1))))
    numbers = [p.number for p in out]
    return out if numbers and numbers == list(range(1, len(numbers) + 1)) else []
