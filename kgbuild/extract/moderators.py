"""Who moderates: a moderator word ("модератор", "ведущий", "дискуссию вела", "работой секции
руководила") in the person's clause with no other name between, and each of a list after a plural
one ("Модераторами выступили A и B")."""

from __future__ import annotations

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.people import PersonMatch
from kgbuild.lexicon import words


def _moderator_cue(a: Analysis, t: Token) -> bool:
    """A word making someone a moderator: "модератор", "ведущий" as a noun ("ведущими стали"), and
    "вести"/"руководить"/"провести" when what is led is a discussion or a meeting ("дискуссию вела
    журналист …", "работой секции руководила …", "совещание провёл глава района …")."""
    if t.lemma == "вести" or t.low.startswith("ведущ"):
        if t.pos == "NOUN" or (t.pos == "ADJ" and t.rel != "amod"):
            return True  # "ведущий" standing for a person, not "ведущий специалист"
        return t.pos == "VERB" and any(c.lemma in words("led_discussions") for c in a.children(t.i))
    if t.lemma in ("провести", "проводить") and t.pos == "VERB":  # "Совещание провёл глава района"
        if t.feats.get("Tense") == "Fut" or (t.lemma == "провести" and t.feats.get("Tense") != "Past"):
            return False  # "проведёт телефонный разговор": not at the reported event
        return any(c.rel in ("obj", "nsubj:pass") and _led(a, c) for c in a.children(t.i))
    if t.lemma == "руководить" and t.pos == "VERB":
        led = [c for c in a.children(t.i) if c.rel in ("obj", "obl", "iobj")]
        return any(
            c.lemma in words("led_discussions")
            or (c.lemma == "работа" and any(g.lemma in words("led_discussions") for g in a.children(c.i)))
            for c in led
        )
    return t.lemma in words("moderator_cues")


def moderates(a: Analysis, start: int, p: PersonMatch, people: list[PersonMatch]) -> bool:
    """A moderator word in the person's clause with no other name between ("Модератором пленарной
    сессии выступила журналист Дина Касымова", "X модерировал дискуссию")."""
    first, last = a.sentences[a.tokens[p.first].sent]
    for t in a.tokens[first : last + 1]:
        if _moderator_cue(a, t):
            others = {
                k
                for q in people
                if q is not p and first <= q.first <= last
                for k in range(q.first, q.last + 1)
            }
            between = range(min(t.i, start), max(t.i, p.last))
            if not any(k in others for k in between) and not any(a.tokens[k].text == ";" for k in between):
                return True
    return False


def moderators_cued(a: Analysis, p: PersonMatch) -> bool:
    """The person's sentence has a moderator word in the plural ("модераторами", "ведущие")."""
    sentence = a.sentence_tokens(a.tokens[p.first].sent)
    return any(t.feats.get("Number") == "Plur" and _moderator_cue(a, t) for t in sentence)


def _led(a: Analysis, t: Token) -> bool:
    """``t`` names a meeting or a discussion one leads, or stands for the one the sentence before
    names ("Его провёл …")."""
    if t.lemma in words("led_discussions"):
        return True
    if t.pos != "PRON" or t.lemma not in ("он", "она", "оно") or t.sent == 0:
        return False
    first, last = a.sentences[t.sent - 1]
    return any(k.lemma in words("led_discussions") for k in a.tokens[first : last + 1])
