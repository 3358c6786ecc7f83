"""Inflecting words to the nominative with pymorphy2 (through natasha's MorphVocab).

The case and gender come from natasha's context-aware tagger; pymorphy2 gives the paradigm. Of
the parses of a word, the one agreeing with the tagged case (and gender, and the wanted kind:
name, surname, patronymic) is inflected. Words pymorphy2 does not know (many Kazakh and foreign
surnames) fall back to the regular endings of Russian surnames; indeclinable ones stay as written.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from kgbuild.extract.nlp import pipeline

_NOMINATIVE_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий)$")
_FOREIGN_FEMININE = re.compile(r"[^иИ]и$")
_INDECLINABLE = re.compile(r"(ұлы|улы|қызы|кызы|оглы|уулу|кыз)$", re.IGNORECASE)
_NOT_NOUNS = {"ADJS", "PRTS", "VERB", "INFN", "GRND", "ADVB", "PREP", "CONJ", "PRCL", "INTJ", "COMP"}
CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
GENDERS = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}

# Oblique endings of Russian-style surnames (-ов/-ев/-ин/-ын, -ская/-ский) → nominative endings,
# by case and gender. Longest endings first. Used only when pymorphy2 has no fitting parse.
_SURNAME_ENDINGS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("gent", "masc"): [("ского", "ский"), ("ова", "ов"), ("ева", "ев"), ("ина", "ин"), ("ына", "ын")],
    ("datv", "masc"): [("скому", "ский"), ("ову", "ов"), ("еву", "ев"), ("ину", "ин"), ("ыну", "ын")],
    ("accs", "masc"): [("ского", "ский"), ("ова", "ов"), ("ева", "ев"), ("ина", "ин"), ("ына", "ын")],
    ("ablt", "masc"): [("ским", "ский"), ("овым", "ов"), ("евым", "ев"), ("иным", "ин"), ("ыным", "ын")],
    ("loct", "masc"): [("ском", "ский"), ("ове", "ов"), ("еве", "ев"), ("ине", "ин"), ("ыне", "ын")],
    ("gent", "femn"): [("ской", "ская"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына")],
    ("datv", "femn"): [("ской", "ская"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына")],
    ("accs", "femn"): [("скую", "ская"), ("ову", "ова"), ("еву", "ева"), ("ину", "ина"), ("ыну", "ына")],
    ("ablt", "femn"): [("ской", "ская"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына")],
    ("loct", "femn"): [("ской", "ская"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына")],
}


def analyzer() -> Any:
    """pymorphy2's analyzer as natasha wraps it (with a parse cache), loaded once per process."""
    return pipeline().morph_vocab


#: pymorphy2's analysers that guess a word it does not know.
_GUESSERS = ("FakeDictionary", "UnknAnalyzer", "UnknownPrefixAnalyzer", "KnownSuffixAnalyzer")


def _guessed(parse: Any) -> bool:
    """A parse pymorphy2 only guessed, for a word its dictionary does not have."""
    return any(type(step[0]).__name__ in _GUESSERS for step in parse.methods_stack)


def _foreign_feminine(word: str) -> bool:
    """``word`` ends in -и (not -ии) and the dictionary knows no woman by it ("Ольги" of "Ольга")."""
    if not _FOREIGN_FEMININE.search(word):
        return False
    for parse in analyzer().parse(word):
        grams = str(parse.tag)
        if "femn" in grams and "anim" in grams and "sing" in grams and not _guessed(parse):
            return False
    return True


def _inflect(parse: Any, grams: set[str]) -> Any:
    """pymorphy2's ``Parse.inflect`` (OpenCorpora grammemes; natasha's MorphForm.inflect takes
    Universal Dependencies features), choosing among the lexeme's raw forms: pymorphy2 wraps every
    form of the lexeme in natasha's MorphForm first, which cost more than all the rest of the
    rules. Same choice, same result type."""
    lexeme = parse[4][-1][0].get_lexeme(parse)  # the last analysis unit's forms, as tuples
    possible = [f for f in lexeme if grams <= f[1].grammemes]
    if not possible:
        grams = parse._morph.TagClass.fix_rare_cases(grams)
        possible = [f for f in lexeme if grams <= f[1].grammemes]
    wanted = parse[1].updated_grammemes(grams)

    def similarity(form: Any) -> float:
        return len(wanted & form[1].grammemes) - 0.1 * len(wanted ^ form[1].grammemes)

    best = heapq.nlargest(1, possible, key=similarity)
    return type(parse)(*best[0]) if best else None


def _inflect_as_written(parse: Any, grams: set[str]) -> Any:
    """:func:`_inflect`, but where the lexeme has two forms of that tag ("лучшего" → "наихороший"
    or "лучший"), the one closest to the word as written."""
    form = _inflect(parse, grams)
    if form is None or form[0][:2] == parse[0][:2]:
        return form
    same = [f for f in parse[4][-1][0].get_lexeme(parse) if f[1] == form[1]]
    best = max(same, key=lambda f: _shared_prefix(f[0], parse[0]), default=None)
    return type(parse)(*best) if best else form


def _shared_prefix(a: str, b: str) -> int:
    return next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def match_case(template: str, word: str) -> str:
    """``word`` written with the capitalisation of ``template`` (part by part across hyphens), and
    with е where the template has no ё (pymorphy2 writes ё, newspapers mostly do not)."""
    if "ё" not in template.lower():
        word = word.replace("ё", "е").replace("Ё", "Е")
    if template.isupper() and len(template) > 1:
        return word.upper()
    parts, shapes = word.split("-"), template.split("-")
    if len(parts) != len(shapes):
        return word[:1].upper() + word[1:] if template[:1].isupper() else word
    return "-".join(
        p[:1].upper() + p[1:] if s[:1].isupper() else p for p, s in zip(parts, shapes, strict=True)
    )


def _fits(tag: object, case: str | None, gender: str | None, kinds: Iterable[str]) -> bool:
    grams = set(str(tag).replace(" ", ",").split(","))
    if (
        case
        and case not in grams
        and not (case == "gent" and "gen2" in grams)
        and not (case == "loct" and "loc2" in grams)
    ):
        return False
    if gender and ({"masc", "femn", "neut"} & grams) and gender not in grams and "ms-f" not in grams:
        return False
    kinds = set(kinds)
    return not kinds or bool(kinds & grams)


def to_nominative(
    word: str,
    *,
    case: str | None,
    gender: str | None = None,
    kinds: Iterable[str] = (),
    number: str | None = "sing",
) -> str:
    """``word`` (tagged with UD ``case`` and ``gender``) in the nominative, capitalised as written.

    ``kinds`` prefers parses carrying one of these pymorphy2 grammemes (``Name``, ``Surn``, ``Patr``).
    """
    return _to_nominative(word, case, gender, tuple(kinds), number)


@lru_cache(maxsize=100_000)
def _to_nominative(
    word: str, case: str | None, gender: str | None, kinds: tuple[str, ...], number: str | None
) -> str:
    oc_case, oc_gender = CASES.get(case or ""), GENDERS.get(gender or "")
    if oc_case in (None, "nomn") and number != "sing":
        return word
    if "-" in word and kinds:  # "Касым-Жомартом": only the last part of a hyphenated name declines
        head, _, tail = word.rpartition("-")
        return f"{head}-{_to_nominative(tail, case, gender, kinds, number)}"
    if oc_case in ("gent", "accs") and _NOMINATIVE_SURNAME.search(word) and "Surn" in kinds:
        return word  # "Азильханов" tagged genitive: a genitive of an -ов surname would end in -ова
    if kinds and _INDECLINABLE.search(word):
        return word  # "Бабажанұлы", "Алиев оглы": Turkic patronymic surnames do not decline
    if "Surn" in kinds and oc_gender == "femn" and _foreign_feminine(word):
        return word  # "Кэрол Ромеси": a woman's surname in -и (but -ии, of "Гарсия") does not decline
    parses = analyzer().parse(word)
    if "Surn" in kinds and _guessed_adjective(word, parses):
        # an -ов/-ин surname read as an adjective: "Комлевой" is Комлева's, not "Комлевая"'s
        for gender_ in (oc_gender, None):
            by_ending = surname_by_ending(word.lower(), oc_case, gender_)
            if by_ending != word.lower():
                return match_case(word, by_ending)
    if kinds:  # a name is a noun: never a short adjective or a verb ("Сызранов" is no "сызранов")
        parses = [p for p in parses if not _NOT_NOUNS & set(str(p.tag).replace(" ", ",").split(","))]
        nominative = [str(p.tag) for p in parses if "nomn" in str(p.tag)]
        if oc_case == "nomn" and nominative and not any("plur" in tag for tag in nominative):
            return word  # already in the nominative
        if oc_case == "nomn":
            # a name the context puts in the nominative is as written, unless the dictionary knows
            # it as another case: not by a guess ("Мирианашвали"), nor as a vocative ("Лёв")
            parses = [p for p in parses if "voct" not in str(p.tag) and not _guessed(p)]
    if number == "sing" and kinds:  # a name is one person's: a singular parse in another case
        # beats a plural one in the tagged case ("А. Балкасыновым" tagged dative: instrumental)
        singular = [p for p in parses if "plur" not in str(p.tag)]
        cases = (oc_case, None) if singular != parses else (oc_case,)
        for case_ in cases:
            for wanted, gender_ in ((kinds, oc_gender), (kinds, None), ((), oc_gender), ((), None)):
                form = _inflected(singular, word, case=case_, gender=gender_, kinds=wanted, number=number)
                if form is not None:
                    return form
    for wanted, gender_ in ((kinds, oc_gender), (kinds, None), ((), oc_gender), ((), None)):
        form = _inflected(parses, word, case=oc_case, gender=gender_, kinds=wanted, number=number)
        if form is not None:
            return form
    if oc_case in (None, "nomn"):
        return word
    # no parse in the tagged case: the tagger may be wrong ("вице-министру" tagged accusative);
    # trust the word's own parses, unless one of them is already a nominative
    if not any("nomn" in str(p.tag) for p in parses):
        form = _inflected(
            parses, word, case=None, gender=oc_gender, kinds=kinds, number=number
        ) or _inflected(parses, word, case=None, gender=None, kinds=(), number=number)
        if form is not None:
            return form
    return match_case(word, surname_by_ending(word.lower(), oc_case, oc_gender))


def _guessed_adjective(word: str, parses: list[Any]) -> bool:
    """Every parse of ``word`` is an adjective in -ый ("Комлевой", "Ореховой": комлевый, ореховый),
    none a surname: as a surname it is an -ов/-ин one's oblique case. Surnames that are adjectives
    are those in -ой ("Луговой", "Полевой") or are in the dictionary ("Толстой")."""
    return bool(parses) and all(
        "ADJF" in str(p.tag) and "Surn" not in str(p.tag) and p.normal_form.endswith("ый") for p in parses
    )


def _inflected(
    parses: list[Any],
    word: str,
    *,
    case: str | None,
    gender: str | None,
    kinds: Iterable[str],
    number: str | None,
) -> str | None:
    for parse in parses:
        if _fits(parse.tag, case, gender, kinds):
            grams = {"nomn"} | ({number} if number and "Pltm" not in str(parse.tag) else set())
            form = _inflect_as_written(parse, grams) or _inflect_as_written(parse, {"nomn"})
            if form is not None:
                return match_case(word, form.word)
    return None


def surname_by_ending(word: str, case: str | None, gender: str | None) -> str:
    """The nominative of a surname by its regular ending; unchanged when no ending fits."""
    for g in [gender] if gender else ["masc", "femn"]:
        for ending, nominative in _SURNAME_ENDINGS.get((case or "", g or ""), []):
            if word.endswith(ending) and len(word) > len(ending) + 1:
                return word[: -len(ending)] + nominative
    return word


@lru_cache(maxsize=65536)
def known(word: str) -> bool:
    """pymorphy2's dictionary has ``word`` (in lower case) as it is written."""
    return bool(analyzer().word_is_known(word))


@lru_cache(maxsize=65536)
def grammemes(word: str) -> frozenset[str]:
    """All grammemes of all pymorphy2 parses of ``word`` (e.g. to ask whether it can be a surname)."""
    out: set[str] = set()
    for parse in analyzer().parse(word):
        out |= set(str(parse.tag).replace(" ", ",").split(","))
    return frozenset(out)


@lru_cache(maxsize=10_000)
def only_a_name(word: str) -> bool:
    """Every likely parse of ``word`` is a given name's ("Алексей"; not "Вера", also a noun)."""
    parses = [p for p in analyzer().parse(word) if p.score >= 0.05]
    return bool(parses) and all("Name" in str(p.tag) for p in parses)


@lru_cache(maxsize=10_000)
def participle_masculine(word: str) -> str | None:
    """The masculine nominative singular of a participle ("заведующей" → "заведующий"), or None."""
    for parse in analyzer().parse(word):
        if "PRTF" in str(parse.tag):
            form = _inflect(parse, {"nomn", "sing", "masc"})
            if form is not None:
                return str(form.word).replace("ё", "е")
    return None


def lemma_of(word: str) -> str:
    """The most likely dictionary form of ``word``, lower case."""
    parses = analyzer().parse(word)
    return (parses[0].normal_form if parses else word.lower()).replace("ё", "е")


def possible_cases(word: str) -> set[str]:
    """Every case (UD names) some parse of ``word`` is in: the tagger picks one, sometimes wrongly."""
    found = grammemes(word)
    return {
        ud
        for ud, oc in CASES.items()
        if oc in found or (oc == "gent" and "gen2" in found) or (oc == "loct" and "loc2" in found)
    }


@lru_cache(maxsize=65536)
def only_abbreviation(word: str) -> bool:
    """Every reading of ``word`` is an abbreviation, none a name ("Облсовпроф", "МГУ"); a reading
    guessed from an ending of two letters ("Шмитц" as if it ended in "ТЦ") is no evidence."""
    parses = [p for p in analyzer().parse(word) if not _short_suffix_guess(p)]
    tags = [str(p.tag) for p in parses]
    return bool(tags) and all("Abbr" in t and "Name" not in t and "Surn" not in t for t in tags)


def _short_suffix_guess(parse: Any) -> bool:
    return any(
        type(step[0]).__name__ == "KnownSuffixAnalyzer" and len(str(step[1])) < 3
        for step in parse.methods_stack
    )


@lru_cache(maxsize=65536)
def only_plural(word: str) -> bool:
    """Every reading of ``word`` is a plural, none of a given name or surname ("Бобовичи"; but
    "Сапарбаев", the genitive plural of a given name, may be a surname)."""
    parses = [str(p.tag) for p in analyzer().parse(word)]
    return bool(parses) and all("plur" in t and "Name" not in t and "Surn" not in t for t in parses)
