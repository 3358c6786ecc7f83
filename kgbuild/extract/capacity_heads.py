"""Which words can head a capacity, and what kind of capacity they name.

By grammar, not by list: a common noun that pymorphy2 knows as animate ("актриса", "хирург",
"митрополит", "стендап-комик") can say what a person is. The word lists of ``kgbuild/lexicon/``
are priors and filters, never the gate:

    post_heads, occupations   heads the tagger may miss (participles such as "заведующий",
                              words written with a prefix such as "вице-министр")
    not_capacities            kinship, age and sex, belonging to a place, taking part once,
                              relations between people, evaluative words ("дочь", "человек",
                              "житель", "участник", "коллега", "легенда")
    capacity_kinds            founders, owners, members and ranks: capacities that are not posts

A demonym ("американец", "россиянка") names an origin, not a capacity: it is told by its stem,
shared with an adjective of origin (``lexicon/origins.txt``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kgbuild.extract.analysis import Token
from kgbuild.extract.lexicon import is_post_head
from kgbuild.extract.morph import analyzer, grammemes, participle_masculine, to_nominative
from kgbuild.facts import CapacityKind
from kgbuild.lexicon import mapping, words

#: pymorphy2 grammemes of proper names: a word that can be a name is not read as a capacity.
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
#: Suffixes of nouns of agents, for words pymorphy2 only guesses ("википедист", "урбанист").
_AGENT_SUFFIXES = ("ист", "истка", "олог", "тель", "тельница", "щик", "щица", "чик", "чица")
#: pymorphy2's analysers that guess a word it does not know.
_GUESSERS = ("FakeDictionary", "UnknAnalyzer", "UnknownPrefixAnalyzer", "KnownSuffixAnalyzer")
#: How likely the animate reading must be among a word's parses ("модель" is rarely a person).
_MIN_SCORE = 0.2


@lru_cache(maxsize=50_000)
def person_noun(word: str) -> str | None:
    """The dictionary form of ``word`` if it is a common noun naming a kind of person, else None.

    >>> person_noun("хирургом"), person_noun("больнице"), person_noun("Лев")
    ('хирург', None, None)
    """
    low = word.lower().replace("ё", "е")
    whole = _known_person_noun(low)  # "топ-модель" is in the dictionary as a whole
    if whole is not None or "-" not in low.strip("-"):
        return whole
    # "стендап-комик", "хип-хоп-исполнитель", "журналист-расследователь": either end will do
    parts = low.split("-")
    if _known_person_noun(parts[-1]) is None and _known_person_noun(parts[0]) is None:
        return None
    nouns = [p for p in analyzer().parse(low) if "NOUN" in _grams(p)]
    return str(nouns[0].normal_form).replace("ё", "е") if nouns else low


@lru_cache(maxsize=50_000)
def _known_person_noun(low: str, compound: bool = True) -> str | None:
    if not low.replace("-", "").isalpha():
        return None
    parses = analyzer().parse(low)
    if any(_PROPER & _grams(p) for p in parses if p.score >= _MIN_SCORE):
        return None
    guessed = False
    for p in parses:
        grams = _grams(p)
        guess = any(type(step[0]).__name__ in _GUESSERS for step in p.methods_stack)
        guessed = guessed or guess
        animate = "NOUN" in grams and "anim" in grams and p.score >= _MIN_SCORE
        if animate and (not guess or low.endswith(_AGENT_SUFFIXES)):
            return str(p.normal_form).replace("ё", "е")
    return _compound(low, parses) if guessed and compound else None


def _compound(low: str, parses: list[Any]) -> str | None:
    """A word pymorphy2 only guesses that ends in a person noun it knows: "бундестренер" (тренер),
    "наркобарон" (барон). Its dictionary form is the guessed one."""
    for i in range(2, len(low) - 4):
        if _known_person_noun(low[i:], compound=False) is not None:
            nouns = [p for p in parses if "NOUN" in _grams(p)]
            return str(nouns[0].normal_form).replace("ё", "е") if nouns else low
    return None


def _grams(parse: object) -> set[str]:
    return set(str(parse.tag).replace(" ", ",").split(","))  # type: ignore[attr-defined]


def is_demonym(lemma: str) -> bool:
    """``lemma`` names someone by where they come from ("американец", "россиянка", "казахстанец").

    >>> is_demonym("украинец"), is_demonym("украинка"), is_demonym("историк")
    (True, True, False)
    """
    return _demonym_stem(lemma) is not None


@lru_cache(maxsize=10_000)
def _demonym_stem(lemma: str) -> str | None:
    for stem in mapping("origins"):
        base = stem[:-2] if stem.endswith(("ск", "цк")) else stem
        base = base[:-1] if base.endswith(("и", "й")) else base  # "российск" → "росс": "россиянин"
        if len(base) >= 4 and lemma.startswith(base) and len(lemma) - len(base) <= 5:
            return base
    return None


def not_a_capacity(lemma: str) -> bool:
    """A person noun that says nothing of a capacity: kinship, generic, evaluative, a demonym."""
    return not is_post_head(lemma) and (lemma in words("not_capacities") or is_demonym(lemma))


def person_head(t: Token, lemma: str, *, initial: bool = False) -> str | None:
    """The dictionary form of token ``t`` if it heads a noun phrase naming a person ("министр",
    "хирург", "дочь"), else None; ``lemma`` is its form as a post head. Whether that phrase is a
    capacity is :func:`not_a_capacity`'s to say: "дочь президента Z" is a phrase, and not one
    of Z's capacities.

    A listed head always is; any other common noun is when pymorphy2 knows it as animate. A
    capitalised word is a name's, unless it starts the sentence (``initial``); an honorific
    ("господин") is the name's too."""
    if is_post_head(lemma):
        return lemma
    mistagged = t.pos == "ADJ" and "ADJF" not in grammemes(t.text)  # "Консультант отдела …" at a start
    if (t.pos not in ("NOUN", "PROPN") and not mistagged) or (t.text[:1].isupper() and not initial):
        return None
    found = person_noun(t.text)
    return None if found is None or found in words("honorifics") else found


def kind_of(lemma: str, *, has_organization: bool) -> CapacityKind:
    """What kind of capacity a head names: a listed founder, owner, member or rank; a post when it
    is in an organization or its head is a listed post; else an occupation ("хирург", "актриса")."""
    base = _unprefixed(lemma)
    listed = mapping("capacity_kinds").get(base)
    if listed:
        return CapacityKind(listed)
    if has_organization:
        return CapacityKind.POST
    if base in words("occupations") or not is_post_head(base):
        return CapacityKind.OCCUPATION
    return CapacityKind.POST


def _unprefixed(lemma: str) -> str:
    for prefix in ("экс-", "экс"):
        if lemma.startswith(prefix) and len(lemma) > len(prefix) + 2:
            return lemma[len(prefix) :]
    return lemma


def head_lemma(t: Token) -> str:
    """The dictionary form under which ``t`` may be a post head.

    natasha lemmatizes a substantivised participle to its verb ("заведующий" → "заведовать");
    its nominative singular is what the post list holds.
    """
    if t.low in ("зав.", "зав"):
        return "зав"
    if is_post_head(t.lemma) or not t.text[:1].isalpha():
        return t.lemma
    if is_post_head(t.low):
        return t.low
    if not t.lemma.endswith(("ть", "ться", "ти", "чь")) or "PRTF" not in grammemes(t.text):
        return t.lemma  # only participles are lemmatized to a verb: nothing else to try
    nominative = to_nominative(t.text, case=t.case, gender=t.feats.get("Gender") or "Masc").lower()
    if is_post_head(nominative):
        return nominative
    masculine = participle_masculine(t.text)  # "заведующей" → "заведующий"
    return masculine if masculine and is_post_head(masculine) else t.lemma
