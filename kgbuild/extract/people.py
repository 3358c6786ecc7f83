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

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_heads import person_noun
from kgbuild.extract.lexicon import is_post_head
from kgbuild.extract.morph import grammemes, to_nominative
from kgbuild.lexicon import words

_INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.?$")
_PARTICLE = re.compile(
    r"^(аль|эль|ад|ас|аш|ибн|бен|бин|фон|ван|де|дер|ди|да|ла|ле|дю|оглы)(-[A-ZА-ЯЁ][\w'’-]*)?$"
)
_FEMININE = re.compile(r"(ова|ева|ина|ына|ская)$")
_PATRONYMIC = re.compile(r"(вич|вна|ична|инична|оглы|кызы|улы|уулу)$", re.IGNORECASE)


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


def is_initial(a: Analysis, i: int) -> bool:
    tok = a.tokens[i]
    if not _INITIAL.match(tok.text):
        return False
    if tok.text.endswith("."):
        return True
    nxt = a.tokens[i + 1] if i + 1 < len(a.tokens) else None
    return nxt is not None and nxt.text == "." and nxt.start == tok.stop and nxt.sent == tok.sent


def _is_word(t: Token) -> bool:
    """A word of a name: capitalised ("Маэхара"), or a particle of one ("аль-Хадж", "фон")."""
    return (bool(re.match(r"^[A-ZА-ЯЁ][\w'’-]*$", t.text)) and len(t.text) > 1) or bool(
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


def _candidates(a: Analysis) -> list[tuple[int, int]]:
    """Name spans: names with initials first, then what is left of natasha's PER entities."""
    spans = _initial_spans(a)
    taken = {k for first, last in spans for k in range(first, last + 1)}
    starts = {first for first, _ in spans}
    for e in (e for e in a.entities if e.type == "PER"):
        run: list[int] = []
        for k in [*range(e.first, e.last + 1), -1]:
            if k >= 0 and k not in taken:
                run.append(k)
            elif run:
                # what NER glued before a name with initials ("Мажилиса С.Абдрахманов") is not a name
                if not (len(run) == 1 and run[-1] + 1 in starts):
                    spans.append((run[0], run[-1]))
                run = []
    return sorted(spans)


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


_CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
_OC = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def _voted_case(tokens: list[Token], tagged: str | None) -> str | None:
    """The case most name words can be in as names, surnames or patronymics (the tagger's on a tie)."""

    def support(case: str) -> int:
        return sum(
            1
            for t in tokens
            if any(_OC[case] in g and ({"Name", "Surn", "Patr"} & g) for g in _parses(t.text))
        )

    if tagged in _OC and support(tagged) > 0:
        return tagged
    best = max(_CASES, key=lambda c: (support(c), c == "Nom"))
    return best if support(best) > 0 else tagged


def _parses(word: str) -> list[set[str]]:
    from kgbuild.extract.morph import analyzer  # noqa: PLC0415

    return [set(str(p.tag).replace(" ", ",").split(",")) for p in analyzer().parse(word)]


def _agreeing_gender(a: Analysis, first: int, last: int) -> str | None:
    """The gender of the past-tense verb the name is the subject of ("Петрова отметила", "сказала
    Анна Петрова"), for names whose own endings do not tell. Only the syntax says which verb: the
    verb beside a name may agree with another noun ("фигура Свиридова стала …")."""
    sent = a.tokens[first].sent
    candidates: list[Token] = []
    t = a.tokens[last]
    for _ in range(6):  # parses may hold cycles: the climb is bounded
        if t.head is None or t.rel not in ("flat:name", "appos", "conj", "nsubj", "nsubj:pass"):
            break
        came, t = t.rel, a.tokens[t.head]
        if came.startswith("nsubj"):
            candidates.append(t)
            break
    for c in candidates:
        if (
            c.sent == sent
            and c.pos in ("VERB", "AUX")
            and c.feats.get("Tense") == "Past"
            and c.feats.get("Gender")
        ):
            return c.feats["Gender"]
    return None


def reread_as_nominative(a: Analysis, p: PersonMatch) -> PersonMatch | None:
    """``p`` read again as a woman's name in the nominative, when it was taken for a man's genitive
    ("профессор … А. Петрова" after a nominative post); None when that reading does not fit."""
    if p.case not in ("Gen", "Acc") or not p.declined or not _FEMININE.search(a.tokens[p.last].text):
        return None
    again = person_at(a, p.first, p.last, case="Nom", gender="Fem")
    return again if again is not None and again.surname == a.tokens[p.last].text else None


def _features(tokens: list[Token]) -> tuple[str | None, str | None, bool]:
    if any(t.rel in ("nsubj", "nsubj:pass") for t in tokens):
        case: str | None = "Nom"  # the subject of its clause, whatever its ending suggests ("Маэхара")
    else:
        case = _voted_case(tokens, next((t.case for t in reversed(tokens) if t.case), None))
    gender = next((t.feats.get("Gender") for t in tokens if t.feats.get("Gender")), None)
    plural = all(t.feats.get("Number") == "Plur" for t in tokens if t.feats.get("Number"))
    return case, gender, plural and bool(tokens)


def _roles(names: list[Token]) -> tuple[Token | None, Token | None, Token]:
    """(given name, patronymic, surname) among the words of a name."""
    surname = names[-1]
    if len(names) == 1:
        return None, None, surname
    first, second = names[0], names[1]
    if (
        len(names) == 2
        and "Surn" in grammemes(first.text)
        and "Name" in grammemes(second.text)
        and "Name" not in grammemes(first.text)
    ):
        return second, None, first
    patronymic = next(
        (t for t in names[1:-1] if _PATRONYMIC.search(t.text) or "Patr" in grammemes(t.text)), None
    )
    return first, patronymic, surname


def person_at(
    a: Analysis, first: int, last: int, *, case: str | None = None, gender: str | None = None
) -> PersonMatch | None:
    """The person named by tokens ``first``..``last`` (its case and gender found, unless given), or
    None if no name is left after trimming."""
    first, last, honorific = _trim(a, first, last)
    if last < first or (first > 0 and a.tokens[first - 1].low == "имени"):
        return None  # nothing left, or a name inside an organization's ("университет имени М. Ломоносова")
    initials, names = _parts(a, first, last)
    if len(names) >= 3 and names[0].case == "Gen" and all(t.case == "Nom" for t in names[1:] if t.case):
        names = names[1:]  # "оператор Аль-Джазиры Сами аль-Хадж": the first word is the employer
    if any(not t.text.isascii() for t in names):
        names = [t for t in names if not t.text.isascii()]  # Latin words beside a Cyrillic name
    if not names:
        return None
    found_case, found_gender, plural = _features(names)
    case, gender = case or found_case, gender or found_gender
    given_words = [t for t in names[:-1] if "Name" in grammemes(t.text)]
    masculine = any("masc" in grammemes(t.text) and "femn" not in grammemes(t.text) for t in given_words)
    if not masculine and _agreeing_gender(a, first, last) == "Fem" and gender != "Fem":
        gender = "Fem"
        if case in ("Gen", "Acc") and _FEMININE.search(names[-1].text):
            case = "Nom"  # "А. Петрова отметила": a woman's nominative, not a man's genitive
    given, patronymic, surname = _roles(names)
    if given is not None and is_post_head(given.text.lower()):
        return None
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


def find_people(a: Analysis) -> list[PersonMatch]:
    """Every person named in the analysed text, in text order."""
    found = [p for first, last in _candidates(a) if (p := person_at(a, first, last))]
    return sorted({(p.first, p.last): p for p in found}.values(), key=lambda p: p.first)
