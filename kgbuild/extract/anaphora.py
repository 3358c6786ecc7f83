"""People a later sentence speaks of without their names: by a pronoun ("В своих выступлениях
они …", "Он отметил …") or by their post alone ("Президент отметил …")."""

from __future__ import annotations

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.quotes import is_speech
from kgbuild.extract.syntax import group_top
from kgbuild.facts import RoleType
from kgbuild.lexicon import mapping, words


def pronouns_speak(a: Analysis, people: list[PersonMatch], found: list[RoleType]) -> list[RoleType]:
    """People a pronoun takes up in the next sentence speak when the pronoun does: "… приняли
    участие A, B и C. В своих выступлениях они …" (all of them), "A прибыл … Он отметил" (the
    subject before, of the pronoun's gender); in the person's own sentence, the one person of the
    pronoun's gender before it ("первой выступила Анна Белова, она представила стихи")."""
    out = list(found)
    by_sentence: dict[int, list[int]] = {}
    for n, p in enumerate(people):
        by_sentence.setdefault(a.tokens[p.first].sent, []).append(n)
    for sent, here in by_sentence.items():  # "первой выступила Анна Белова, она представила стихи"
        pronoun = _speaking_pronoun(a, sent)
        if pronoun is None or pronoun.low == "они":
            continue
        fits = [
            n
            for n in here
            if people[n].last < pronoun.i
            and people[n].case in ("Nom", None)  # not "От имени главы X он поздравил"
            and (people[n].gender or pronoun.feats.get("Gender")) == pronoun.feats.get("Gender")
        ]
        if len(fits) == 1 and out[fits[0]] in (RoleType.PARTICIPANT, RoleType.MENTIONED):
            out[fits[0]] = RoleType.SPEAKER
    for sent in range(1, len(a.sentences)):
        pronoun = _speaking_pronoun(a, sent)
        if pronoun is None or sent in by_sentence:
            continue
        if pronoun.feats.get("Number") == "Plur" or pronoun.low in ("они", "все"):
            # the nearest list before: "В конференции приняли участие A и B. … Спикеры рассказали"
            listed = next(
                (
                    by_sentence[s]
                    for s in range(sent - 1, max(-1, sent - 4), -1)
                    if len(by_sentence.get(s, [])) >= 2
                ),
                [],
            )
            chosen = [n for n in listed if out[n] in (RoleType.PARTICIPANT, RoleType.MENTIONED)]
        elif sent - 1 not in by_sentence:
            continue
        else:
            before = [
                n for n in by_sentence[sent - 1] if out[n] in (RoleType.PARTICIPANT, RoleType.MENTIONED)
            ]
            gender = pronoun.feats.get("Gender")
            fits = [n for n in before if (people[n].gender or gender) == gender]
            # the subject before, or the one person of that gender ("под председательством X. Она …")
            chosen = [n for n in fits if _is_subject(a, people[n])][:1] or (fits if len(fits) == 1 else [])
        for n in chosen:
            out[n] = RoleType.SPEAKER
    return out


def _speaking_pronoun(a: Analysis, sent: int) -> Token | None:
    """The personal pronoun, or plural noun of speakers ("Спикеры рассказали"), that is the subject
    of a speech verb in sentence ``sent``."""
    for t in a.sentence_tokens(sent):
        if (
            (
                (t.pos == "PRON" and t.low in ("он", "она", "они"))
                or (t.lemma in words("speaker_nouns") and t.feats.get("Number") == "Plur")
            )
            and t.rel.startswith("nsubj")
            and t.head is not None
            and is_speech(a, a.tokens[t.head])
        ):
            return t
    return None


def _is_subject(a: Analysis, p: PersonMatch) -> bool:
    top = group_top(a, p)
    return top.rel.startswith("nsubj") or any(
        a.tokens[k].rel.startswith("nsubj") for k in range(p.first, p.last + 1)
    )


def taken_up_by_post(
    a: Analysis, people: list[PersonMatch], heads: list[set[str]], found: list[RoleType]
) -> list[tuple[int, int]]:
    """(person, sentence) where a post alone speaks for a person named before with that post:
    "Президент Касым-Жомарт Токаев прибыл … Президент отметил …". Only when one person of the
    report holds a post of that head; the sentence names no one else who speaks."""
    out: list[tuple[int, int]] = []
    speaking_in = {
        a.tokens[p.first].sent for p, r in zip(people, found, strict=True) if r is not RoleType.MENTIONED
    }
    for sent in range(len(a.sentences)):
        noun = None if sent in speaking_in else _speaking_post(a, sent)
        if noun is None:
            continue
        said = _heads_meant(a, noun)
        before = [n for n, p in enumerate(people) if said & heads[n] and a.tokens[p.first].sent < sent]
        if len({people[n].surname for n in before}) == 1:
            out.append((before[-1], sent))  # the latest mention of the one holder
    return out


def _heads_meant(a: Analysis, noun: Token) -> set[str]:
    """The post heads a post noun may stand for: its own, and those a description of the post
    names ("глава региона" for an аким or a губернатор, "глава государства" for a президент)."""
    described = next((c for c in a.children(noun.i) if c.rel == "nmod"), None)
    phrase = f"{noun.lemma} {described.lemma}" if described is not None else noun.lemma
    return {noun.lemma, *mapping("post_descriptions").get(phrase, "").split()}


def _speaking_post(a: Analysis, sent: int) -> Token | None:
    """A singular post noun with no name of its own, the subject of a speech verb in ``sent``."""
    for t in a.sentence_tokens(sent):
        if (
            t.pos == "NOUN"
            and t.rel == "nsubj"
            and t.feats.get("Number") != "Plur"
            and t.head is not None
            and is_speech(a, a.tokens[t.head])
            and not any(c.ner == "PER" for c in a.children(t.i))
        ):
            return t
    return None
