"""Finding people in a text and writing their names in the nominative.

Candidates come from natasha's PER entities and from names with initials ("С.Абдрахманов",
"Иванов И.И."), which NER often cuts badly. A candidate is trimmed to its name: words before the
initials, post words, organization words and lower-case words are dropped, an honorific before
the name ("Елбасы") is kept apart. Each part is then put in the nominative (see
:mod:`kgbuild.extract.morph`): given name, patronymic, surname; initials stay initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kgbuild.extract.analysis import Analysis, EntitySpan, Token
from kgbuild.extract.capacity_heads import person_noun
from kgbuild.extract.lexicon import is_post_head
from kgbuild.extract.morph import grammemes, known, only_abbreviation, only_plural, to_nominative
from kgbuild.extract.name_forms import (
    FEMININE,
    agreeing_gender,
    features,
    is_initial,
    is_patronymic,
    listed_in_nominative,
    name_cases,
    name_roles,
    subject_wanted_by_her_verb,
)
from kgbuild.lexicon import words

_PARTICLE = re.compile(
    r"^(аль|эль|ад|ас|аш|ибн|бен|бин|фон|ван|де|дер|ди|да|ла|ле|дю|оглы)(-[A-ZА-ЯЁ][\w'’-]*)?$"
)


@dataclass(frozen=True)
class PersonMatch:
    """A person named in the text: the tokens of the name and its parts in the nominative."""

    first: int
    last: int
    name: str
    surname: str
    given_name: str | None
    patronymic: str | None
    initials: str | None
    honorific: str | None
    honorific_first: int | None
    case: str | None
    gender: str | None
    plural: bool = False
    declined: bool = False  # written in an oblique case (its nominative differs): the case is sure


def _is_word(t: Token) -> bool:
    """A word of a name: capitalised letters ("Маэхара"), or a particle of one ("аль-Хадж", "фон");
    never with a digit ("Формулы-1")."""
    return (bool(re.match(r"^[A-ZА-ЯЁ][^\W\d_]*(?:[-'’][^\W\d_]+)*$", t.text)) and len(t.text) > 1) or bool(
        _PARTICLE.match(t.text)
    )


def _is_name_word(t: Token) -> bool:
    """Could be part of a name: capitalised, not a post, an organization head or a plain noun."""
    if (
        not _is_word(t)
        or is_post_head(t.lemma)
        or (len(t.text) > 4 and person_noun(t.text) is not None)  # "Кронпринц": a capacity, not a name
        or t.low in words("org_heads")
        or t.lemma in words("org_heads")
    ):
        return False
    return t.low not in words("honorifics")


def _initial_spans(a: Analysis) -> list[tuple[int, int]]:
    """Names written with initials: "С.Абдрахманов", "Н.А. Назарбаев", "Иванов И.И."."""
    spans = []
    n = len(a.tokens)
    i = 0
    while i < n:
        if not is_initial(a, i):
            i += 1
            continue
        j = i
        while j < n and is_initial(a, j) and a.tokens[j].sent == a.tokens[i].sent:
            j += 1 if a.tokens[j].text.endswith(".") else 2
        left = i > 0 and _is_name_word(a.tokens[i - 1]) and a.tokens[i - 1].sent == a.tokens[i].sent
        right = j < n and a.tokens[j].sent == a.tokens[i].sent and _is_name_word(a.tokens[j])
        if (
            left
            and right
            and "Surn" in grammemes(a.tokens[i - 1].text)
            and "Name" in grammemes(a.tokens[j].text)
        ):
            right = False  # "Иванов И.И. Кирсан Илюмжинов": the initials close the name before them
        if right:
            spans.append((i, j))
        elif left:
            spans.append((i - 1, min(j, n) - 1))
        i = j + 1
    return spans


def _after_eponyms(a: Analysis, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names right after an organization's eponym, which NER takes into the organization's name
    ("доцент КГУ им. И. Арабаева Токон Орусбаева"): two or three capitalised words, a given name
    first or a surname last."""
    out = []
    for first, last in spans:
        if not _eponym(a, first):
            continue
        k = last + 1
        while k < len(a.tokens) and k - last <= 3 and _is_name_word(a.tokens[k]):
            k += 1
        words_ = a.tokens[last + 1 : k]
        if len(words_) >= 2 and (
            "Name" in grammemes(words_[0].text)
            or "Surn" in grammemes(words_[-1].text)
            or _SURNAME.search(words_[-1].text)  # "им. М.Х. Дулати Канат Абенов"
        ):
            out.append((last + 1, k - 1))
    return out


_NOMINATIVE_SURNAME = re.compile(
    r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|зода|улы|уулу)$"
)


def _past_the_eponym(a: Analysis, first: int, last: int) -> tuple[int, int]:
    """A name NER ran on from an eponym ("университета имени аль-Фараби Канат Юсупов"): the two
    words at its end in a nominative name's shape are the person; the rest is the eponym."""
    if not _eponym(a, first) or last - first < 2:
        return first, last
    given, surname = a.tokens[last - 1], a.tokens[last]
    if given.is_cap() and surname.is_cap() and _NOMINATIVE_SURNAME.search(surname.text):
        return last - 1, last
    return first, last


def _ending_named_organizations(a: Analysis, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names NER took into an organization named after someone ("университета имени аль-Фараби
    Канат Юсупов" tagged one organization)."""
    out = []
    for e in a.entities:
        named_after = [k for k in range(e.first, e.last - 2) if a.tokens[k].low in ("имени", "им")]
        if e.type != "ORG" or not named_after:
            continue
        eponym = named_after[0] + 1 + (a.tokens[named_after[0] + 1].text == ".")
        span = _past_the_eponym(a, eponym, e.last)
        if span[0] > eponym and not any(first <= span[0] <= last for first, last in spans):
            out.append(span)
    return out


def candidates(a: Analysis) -> list[tuple[int, int]]:
    """Name spans: names with initials first, then what is left of natasha's PER entities."""
    spans = _initial_spans(a)
    spans += _after_eponyms(a, spans)
    spans += _ending_named_organizations(a, spans)
    taken = {k for first, last in spans for k in range(first, last + 1)}
    starts = {first for first, _ in spans}
    for e in _joined(a, [e for e in a.entities if e.type == "PER"]):
        run: list[int] = []
        for k in [*range(e.first, e.last + 1), -1]:
            if k >= 0 and k not in taken:
                run.append(k)
            elif run:
                # what NER glued before a name with initials ("Мажилиса С.Абдрахманов") is not a name
                if not (len(run) == 1 and run[-1] + 1 in starts):
                    spans.append(_past_the_eponym(a, run[0], run[-1]))
                run = []
    covered = {k for first, last in spans for k in range(first, last + 1)}
    spans += [span for span in _name_shaped(a) if not covered & set(range(span[0], span[1] + 1))]
    return sorted(spans)


_SURNAME = re.compile(
    r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ову|еву|ину|овым|евым|иным|ове|еве|овой|евой|иной"
    r"|ский|цкий|ская|цкая|ского|цкого|енко|дзе|швили|ян|зода|заде|улы|ұлы|уулу|кызы|қызы)$"
)


def _name_shaped(a: Analysis) -> list[tuple[int, int]]:
    """Names NER missed or took for an organization ("проректор Университета Турдимурат
    Турсунмуратов"): a given name and a surname by their shapes, in either order, capitalised
    words that are no place, no abbreviation and no word of the dictionary."""
    out = []
    for t in a.tokens[:-1]:
        u = a.tokens[t.i + 1]
        if u.sent != t.sent or not (_unknown_name_word(t) and _unknown_name_word(u)):
            continue
        if (_given(t) and _SURNAME.search(u.low)) or (_SURNAME.search(t.low) and _given(u)):
            out.append((t.i, t.i + 1))
    return out


def _unknown_name_word(t: Token) -> bool:
    return (
        _is_name_word(t)
        and t.ner != "LOC"
        and not t.text.isupper()
        and not (known(t.low) and not _PROPER & grammemes(t.text))
    )


def _given(t: Token) -> bool:
    return "Name" in grammemes(t.text) and not _SURNAME.search(t.low)


def _joined(a: Analysis, entities: list[EntitySpan]) -> list[EntitySpan]:
    """PER entities that NER cut in two where nothing stands between them are one name
    ("Воронкова | Ольга Васильевна")."""
    out: list[EntitySpan] = []
    for e in sorted(entities, key=lambda e: e.first):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.last + 1 == e.first
            and a.tokens[prev.last].sent == a.tokens[e.first].sent
            and not a.text[a.tokens[prev.last].stop : a.tokens[e.first].start].count("\n")
            and name_cases(a, prev.first, prev.last)
            & name_cases(a, e.first, e.last)  # not "Ивана Петрова | Олег"
        ):
            out[-1] = EntitySpan("PER", prev.first, e.last)
        else:
            out.append(e)
    return out


def _trim(a: Analysis, first: int, last: int) -> tuple[int, int, int | None]:
    """The name within a candidate span, and where an honorific before it starts (or None)."""
    toks = a.tokens
    inits = [k for k in range(first, last + 1) if is_initial(a, k)]
    if inits and inits[-1] + 2 <= last:  # initials then surname: nothing before the initials is the name
        first = inits[0]
    elif inits and inits[0] > first:  # surname then initials
        first = inits[0] - 1
    while first <= last and not (is_initial(a, first) or _is_name_word(toks[first])):
        first += 1
    while last >= first and not (_is_word(toks[last]) or is_initial(a, last) or toks[last].text == "."):
        last -= 1
    if last >= first and toks[last].text == "." and not is_initial(a, last - 1):
        last -= 1
    honorific = None
    if first > 0 and toks[first - 1].low in words("honorifics"):
        honorific = first - 1
    return first, last, honorific


def _parts(a: Analysis, first: int, last: int) -> tuple[list[Token], list[Token]]:
    initials, names = [], []
    k = first
    while k <= last:
        tok = a.tokens[k]
        if tok.text == "(":
            break  # "Сами аль-Хадж (Sami al-Haj)": a transliteration follows
        if is_initial(a, k):
            initials.append(tok)
            k += 1 if tok.text.endswith(".") else 2
            continue
        if _is_word(tok):
            names.append(tok)
        k += 1
    return initials, names


def reread_as_nominative(a: Analysis, p: PersonMatch) -> PersonMatch | None:
    """``p`` read again as a woman's name in the nominative, when it was taken for a man's genitive
    ("профессор … А. Петрова" after a nominative post); None when that reading does not fit."""
    if p.case not in ("Gen", "Acc") or not p.declined or not FEMININE.search(a.tokens[p.last].text):
        return None
    again = person_at(a, p.first, p.last, case="Nom", gender="Fem")
    return again if again is not None and again.surname == a.tokens[p.last].text else None


def person_at(
    a: Analysis, first: int, last: int, *, case: str | None = None, gender: str | None = None
) -> PersonMatch | None:
    """The person named by tokens ``first``..``last`` (its case and gender found, unless given), or
    None if no name is left after trimming."""
    first, last, honorific = _trim(a, first, last)
    if last < first or _eponym(a, first):
        return None  # nothing left, or a name inside an organization's ("университет имени М. Ломоносова")
    initials, names = _parts(a, first, last)
    if (
        len(names) >= 3
        and names[0].case == "Gen"
        and all(t.case == "Nom" for t in names[1:] if t.case)
        and not is_patronymic(names[-1])  # "Воронкова Ольга Васильевна": surname first
    ):
        names = names[1:]  # "оператор Аль-Джазиры Сами аль-Хадж": the first word is the employer
    if any(not t.text.isascii() for t in names):
        names = [t for t in names if not t.text.isascii()]  # Latin words beside a Cyrillic name
    names = [t for t in names if not any(head in t.low for head in _long_org_heads())]  # "Башгосуниверситета"
    if not names or not _could_be_a_name(a, names, initials):
        return None
    found_case, found_gender, plural = features(a, names)
    case, gender = case or found_case, gender or found_gender
    given_words = [t for t in names[:-1] if "Name" in grammemes(t.text)]
    masculine = any("masc" in grammemes(t.text) and "femn" not in grammemes(t.text) for t in given_words)
    if not masculine and agreeing_gender(a, first, last) == "Fem" and gender != "Fem":
        gender = "Fem"
        if case in ("Gen", "Acc") and FEMININE.search(names[-1].text):
            case = "Nom"  # "А. Петрова отметила": a woman's nominative, not a man's genitive
    given, patronymic, surname = name_roles(names)
    if given is not None and is_post_head(given.text.lower()):
        return None
    if (
        given is None
        and initials
        and case in ("Gen", "Acc")
        and FEMININE.search(surname.text)
        and (listed_in_nominative(a, first, last) or subject_wanted_by_her_verb(a, first))
    ):
        case, gender = "Nom", "Fem"  # "молодые преподаватели – А.А. Курганов, Е.А. Худякова"
    extra = [t for t in names if t not in (given, patronymic, surname)]
    sur = to_nominative(surname.text, case=case, gender=gender, kinds=["Surn"])
    giv = to_nominative(given.text, case=case, gender=gender, kinds=["Name"]) if given else None
    if giv and extra:
        giv = " ".join(
            [giv, *(to_nominative(t.text, case=case, gender=gender, kinds=["Name"]) for t in extra)]
        )
    pat = to_nominative(patronymic.text, case=case, gender=gender, kinds=["Patr"]) if patronymic else None
    ini = "".join(f"{t.text.rstrip('.')}." for t in initials) or None
    parts = [giv, pat, sur] if giv else [ini, sur]
    hon = a.tokens[honorific].text if honorific is not None else None
    declined = sur != surname.text or (
        given is not None and giv is not None and not giv.startswith(given.text)
    )
    last = min(last, names[-1].i)
    return PersonMatch(
        first=first,
        last=last,
        name=" ".join(p for p in parts if p),
        surname=sur,
        given_name=giv,
        patronymic=pat,
        initials=ini,
        honorific=hon,
        honorific_first=honorific,
        case=case,
        gender=gender,
        plural=plural,
        declined=declined,
    )


def _eponym(a: Analysis, first: int) -> bool:
    """The name follows "имени"/"им." ("КГУ им. И. Арабаева"): an organization's eponym."""
    before = [t.low for t in a.tokens[max(0, first - 2) : first]]
    return before[-1:] == ["имени"] or before[-1:] == ["им"] or before == ["им", "."]


def _could_be_a_name(a: Analysis, names: list[Token], initials: list[Token]) -> bool:
    """Not a word that NER took for a name: a capitalised common noun alone ("Модератором"), or an
    adjective before its noun ("Казаткульского сельсовета")."""
    if only_abbreviation(names[-1].text) or names[-1].lemma in words("org_heads"):
        return False  # "Псковский Облсовпроф", "Жогорку Кенеша": an organization's name
    if initials:
        return True
    if len(names) > 1:  # "Посланию Президента": words of the dictionary, none of them a name
        return not all(known(t.low) and not _PROPER & grammemes(t.text) for t in names)
    word = names[0]
    if only_plural(word.text):
        return False  # "агрогородка Бобовичи": no one person's surname is plural
    head = a.tokens[word.head] if word.head is not None else None
    if word.rel == "amod" and head is not None and head.pos == "NOUN" and head.text.islower():
        return False  # an adjective of its noun: "Казаткульского сельсовета"
    if _compound_noun(word.text):
        return False  # "Письма-приветствия зачитали …": two common nouns joined
    return not known(word.text.lower()) or bool(_PROPER & grammemes(word.text))


def _compound_noun(word: str) -> bool:
    """A hyphenated pair of dictionary nouns, none of them a name ("Письма-приветствия")."""
    parts = word.split("-")
    return len(parts) == 2 and all(
        known(w.lower()) and "NOUN" in grammemes(w) and not _PROPER & grammemes(w) for w in parts
    )


_PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


@cache
def _long_org_heads() -> tuple[str, ...]:
    """Organization nouns long enough to be recognised inside a word ("университет")."""
    return tuple(w for w in words("org_heads") if len(w) >= 8 and " " not in w)
