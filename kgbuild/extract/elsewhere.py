"""Speech that was not given at the reported event: a message sent or read out for someone, words
spoken for someone else ("от имени президента X"), and sentences about another occasion
("Напомним, …", "Ранее …")."""

from __future__ import annotations

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.syntax import first_conjunct, group_top
from kgbuild.lexicon import words


def sent_a_message(a: Analysis, p: PersonMatch) -> bool:
    """The person sent a message others received or read ("приветствие направил президент X",
    "в своём письме X отметил"): they did not speak at the event."""
    if on_behalf(a, p):
        return True
    top = first_conjunct(a, group_top(a, p))
    if top.head is None or not top.rel.startswith("nsubj"):
        return False
    verb = a.tokens[top.head]
    for c in a.children(verb.i):
        if c.lemma in words("recorded_speech"):
            return False
        if verb.lemma in words("sending_verbs") and c.rel == "obj" and c.lemma in words("speech_nouns"):
            return True
        if c.rel == "obl" and c.lemma in words("written_messages"):
            return True
    return False


def background(a: Analysis, p: PersonMatch) -> bool:
    """The person's sentence is about another occasion: "Напомним, …", "Ранее …", "Накануне …"."""
    first, _ = a.sentences[a.tokens[p.first].sent]
    opening = " ".join(t.low for t in a.tokens[first : first + 2])
    return any(opening == cue or opening.startswith(cue + " ") for cue in words("background_cues"))


def on_behalf(a: Analysis, p: PersonMatch) -> bool:
    """ "От имени президента X выступил …", "телеграмму от лица X": someone else spoke for them."""
    k = p.first - 1
    while k >= 1 and (a.tokens[k].pos in ("NOUN", "ADJ", "PROPN") or a.tokens[k].text == "."):
        if a.tokens[k].low in ("имени", "лица") and a.tokens[k - 1].low == "от":
            return True
        k -= 1  # the post before the name: "от имени президента КР А. Атамбаева"
    return k >= 1 and a.tokens[k].low in ("имени", "лица") and a.tokens[k - 1].low == "от"
