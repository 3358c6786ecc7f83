"""Whether a capacity is held now, was held, or is held in an acting capacity.

    former    "бывший министр", "экс-президента", "экс президент", "полковник в отставке"
    acting    "и. о. ректора", "и.о. главы", "врио губернатора",
              "(временно) исполняющий обязанности министра"

The words are in ``lexicon/capacity_status.txt``; the post's title leaves them out, its evidence
keeps them; a prefix stays in its word ("экс-президент США": a former post titled as written). An
acting marker governs the post in the genitive ("и. о. ректора"): the title is the post in the
nominative.
"""

from __future__ import annotations

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.facts import CapacityStatus
from kgbuild.lexicon import mapping

#: The prefix of a post word that makes it a former one ("экс-президент").
FORMER_PREFIX = "экс-"


def status_word(t: Token) -> CapacityStatus | None:
    """The status a single word before a post gives ("бывший", "экс", "врио"), or None."""
    found = mapping("capacity_status").get(t.lemma) or mapping("capacity_status").get(t.low)
    return CapacityStatus(found) if found else None


def acting_before(a: Analysis, first: int) -> int | None:
    """The first token of an acting marker ending right before token ``first``, or None:
    "и. о." (however it is spaced and tokenised), "исполняющий обязанности", "временно …"."""
    k = first - 1
    sent = a.tokens[first].sent
    if k < 0 or a.tokens[k].sent != sent:
        return None
    marker = _io_before(a, k)
    if marker is None and a.tokens[k].lemma == "обязанность" and k >= 1:
        before = a.tokens[k - 1]
        if before.low.startswith(("исполняющ", "исполнявш")) and before.sent == sent:
            marker = k - 1
    if marker is not None and marker >= 1 and a.tokens[marker - 1].low == "временно":
        marker -= 1
    return marker


def _io_before(a: Analysis, k: int) -> int | None:
    """ "и.о." / "и. о." / "и.о" ending at token ``k``: its first token."""
    texts: list[str] = []
    j = k
    while j >= 0 and k - j < 4 and a.tokens[j].sent == a.tokens[k].sent:
        texts.insert(0, a.tokens[j].low)
        if "".join(texts) in ("и.о.", "и.о"):
            return j
        j -= 1
    return None


def retired_after(a: Analysis, last: int) -> int | None:
    """The last token of "в отставке" right after token ``last`` ("полковник в отставке"), or None."""
    k = last + 1
    if k + 1 < len(a.tokens) and a.tokens[k].low == "в" and a.tokens[k + 1].lemma == "отставка":
        return k + 1
    return None
