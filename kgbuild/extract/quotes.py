"""Direct speech, and the verbs that say someone spoke.

A quotation is "…, — отметил X" (closed by a dash and a speech verb) or «…» with a speech verb
beside it. A verb of speaking counts in its sense here: "отметил, что …" speaks, "отметила
работников" and "отметил 55-летие" honour and celebrate.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.morph import grammemes
from kgbuild.lexicon import entries, words

_DASHES = {"—", "–", "-"}
_QUOTE_OPEN = {"«": "»", "“": "”"}
_QUOTE_SPAN = 400  # tokens: a quotation is a paragraph, not a chapter


@dataclass(frozen=True)
class Quote:
    start: int  # character offsets of the quoted words
    stop: int


def is_speech(a: Analysis, t: Token) -> bool:
    """A verb of speaking, in its sense here: "отметил, что …" speaks; "отметила работников",
    "отметил 55-летие" honours or celebrates; "объявил" speaks only when opening or closing."""
    if t.pos == "VERB" and any(
        c.rel == "obj" and (t.lemma, c.lemma) in _speech_phrases() for c in a.children(t.i)
    ):
        return True  # "подвёл итоги", "поставил задачи"
    if t.pos not in ("VERB", "ADJ", "AUX") or t.lemma not in words("speech_verbs"):
        return False
    if t.lemma in ("отметить", "отмечать"):
        return not any(c.rel == "obj" and _honoured(c) for c in a.children(t.i))
    if t.lemma in ("выступить", "выступать"):  # "выступали на сцене": performing, not speaking
        return not any(_performed(a, c) for c in a.children(t.i) if c.rel == "obl")
    if t.lemma in ("объявить", "объявлять"):  # "объявил об открытии конференции", not news announced
        return any(c.lemma in ("открытие", "закрытие", "начало") for c in a.children(t.i))
    return True


def _performed(a: Analysis, t: Token) -> bool:
    """What a performer performs with or on: "с песней", "на сцене" (but one speaks "со сцены")."""
    if t.lemma not in words("performances"):
        return False
    return t.lemma != "сцена" or any(c.low == "на" for c in a.children(t.i))


@cache
def _speech_phrases() -> frozenset[tuple[str, str]]:
    """(verb, object) pairs that are a speech together ("подвести итог")."""
    pairs = (entry.split("=", 1) for entry in entries("speech_phrases"))
    return frozenset((verb.strip(), obj.strip()) for verb, obj in pairs)


def _honoured(t: Token) -> bool:
    """What one honours or celebrates rather than remarks on: people, an anniversary, a holiday."""
    return (
        ("anim" in grammemes(t.text) and "inan" not in grammemes(t.text))
        or t.lemma.endswith("летие")
        or t.lemma in words("celebrations")
    )


def quotes(a: Analysis) -> list[Quote]:
    """Direct speech: dash quotations closed by "…, — отметил X", and «…» with a speech verb beside."""
    out = []
    tokens = a.tokens
    last_stop = 0
    for d in tokens:
        if d.text not in _DASHES or d.i == 0 or d.i + 1 >= len(tokens):
            continue
        if tokens[d.i - 1].text not in (",", ".", "!", "?", "…", "»") or not is_speech(a, tokens[d.i + 1]):
            continue
        opening = next(
            (
                q
                for q in reversed(tokens[: d.i - 1])
                if q.start >= last_stop
                and q.text in _DASHES
                and (
                    q.i == 0
                    or tokens[q.i - 1].text in (".", "!", "?", ":", "»")
                    or tokens[q.i - 1].sent != q.sent
                )
            ),
            None,
        )
        if opening is not None:
            out.append(Quote(opening.stop, d.start))
            last_stop = d.stop
    for t in tokens:
        if t.text not in _QUOTE_OPEN:
            continue
        close = next((c for c in tokens[t.i + 1 : t.i + _QUOTE_SPAN] if c.text == _QUOTE_OPEN[t.text]), None)
        if close is None:
            continue
        after = tokens[close.i + 1 : close.i + 4]
        before = tokens[max(0, t.i - 2) : t.i]
        if any(is_speech(a, x) for x in after) or (
            any(x.text == ":" for x in before) and any(is_speech(a, x) for x in before)
        ):
            out.append(Quote(t.stop, close.start))
    return out
