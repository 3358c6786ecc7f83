"""Projects and named initiatives: "пилотный проект «Бейбітшілік пен келісім»".

A project noun (``lexicon/project_cues.txt``) followed by a name in quotes. The name is tagged
Kazakh (``kk``) when it has letters only Kazakh writes; its initiator is the person named with
"инициированный"/"по инициативе", its region the place it is "the experience of".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.events import title_after
from kgbuild.extract.morph import to_nominative
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.places import PlaceMatch, place_at
from kgbuild.lexicon import words

_KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


@dataclass(frozen=True)
class ProjectMatch:
    name: str
    lang: str
    kind_text: str
    first: int  # tokens of the mention
    last: int
    initiator: PersonMatch | None
    region: PlaceMatch | None


def language_of(name: str) -> str:
    """ "kk" when the name has letters of the Kazakh alphabet that Russian lacks, else "ru"."""
    return "kk" if _KAZAKH.search(name) else "ru"


def projects(a: Analysis, people: list[PersonMatch]) -> list[ProjectMatch]:
    out = []
    for t in a.tokens:
        if t.lemma not in words("project_cues"):
            continue
        title = title_after(a, t.i)
        if title is None:
            continue
        first = t.i
        while first > 0 and a.tokens[first - 1].pos == "ADJ" and a.tokens[first - 1].sent == t.sent:
            first -= 1
        kind = " ".join(
            to_nominative(a.tokens[k].text, case=a.tokens[k].case, gender=t.feats.get("Gender")).lower()
            for k in range(first, t.i + 1)
        )
        sent_first, _ = a.sentences[t.sent]
        initiator = None
        cue = next(
            (
                k
                for k in range(sent_first, t.i)
                if a.tokens[k].lemma.startswith("инициир") or a.tokens[k].low == "инициативе"
            ),
            None,
        )
        if cue is not None:
            initiator = next(
                (
                    p
                    for p in people
                    if cue < p.first < t.i or (a.tokens[cue].low == "инициативе" and cue < p.first)
                ),
                None,
            )
        region = None
        entity = next(
            (
                e
                for e in reversed(a.entities)
                if e.type == "LOC" and sent_first <= e.first and e.last < first and first - e.last <= 5
            ),
            None,
        )
        if entity is not None:
            region = place_at(a, entity.first, entity.last)
        out.append(ProjectMatch(title[0], language_of(title[0]), kind, first, title[1], initiator, region))
    return out
