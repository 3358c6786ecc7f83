"""Which word of a name is which, and the case and gender it stands in.

The given name, patronymic and surname of a name ("Петренко Олег Иванович" puts the surname
first); its case, voted by the words that can be names in it and by the syntax (a woman's
nominative in a list "– А.А. Курганов, Е.А. Худякова" is no man's genitive); its gender, from the
past-tense verb it is the subject of when its endings do not tell.
"""

from __future__ import annotations

import re

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.morph import CASES, analyzer, grammemes, possible_cases
from kgbuild.extract.syntax import rival_subject

_INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.?$")
FEMININE = re.compile(r"(ова|ева|ина|ына|ская)$")
PATRONYMIC = re.compile(r"(вич|вна|ична|инична|оглы|кызы|улы|уулу)$", re.IGNORECASE)


def name_cases(a: Analysis, first: int, last: int) -> set[str]:
    """The cases all the words of a name can be in together (all cases when none is known)."""
    out = set(CASES)
    for k in range(first, last + 1):
        out &= possible_cases(a.tokens[k].text) or set(CASES)
    return out


def is_initial(a: Analysis, i: int) -> bool:
    tok = a.tokens[i]
    if not _INITIAL.match(tok.text):
        return False
    if tok.text.endswith("."):
        return True
    nxt = a.tokens[i + 1] if i + 1 < len(a.tokens) else None
    return nxt is not None and nxt.text == "." and nxt.start == tok.stop and nxt.sent == tok.sent


_CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
_OC = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def voted_case(tokens: list[Token], tagged: str | None) -> str | None:
    """The case most name words can be in as one person's name, surname or patronymic (the
    tagger's on a tie)."""

    def support(case: str) -> int:
        return sum(
            1
            for t in tokens
            if any(
                _OC[case] in g and ({"Name", "Surn", "Patr"} & g) and "plur" not in g for g in _parses(t.text)
            )
        )

    if tagged in _OC and support(tagged) > 0:
        return tagged
    best = max(_CASES, key=lambda c: (support(c), c == "Nom"))
    return best if support(best) > 0 else tagged


def _parses(word: str) -> list[set[str]]:
    return [set(str(p.tag).replace(" ", ",").split(",")) for p in analyzer().parse(word)]


def agreeing_gender(a: Analysis, first: int, last: int) -> str | None:
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


def appositive_case(a: Analysis, tokens: list[Token]) -> str | None:
    """The case of the noun a name stands in apposition to ("акима … Асхата Шахарова": genitive)."""
    outer = next((t for t in tokens if t.rel == "appos"), None)
    if outer is None or outer.head is None:
        return None
    head = a.tokens[outer.head]
    before = tokens[0].i - 8 <= head.i < tokens[0].i  # a post stands just before its holder's name
    if head.pos != "NOUN" or not before or not head.case:
        return None
    # unless the name's words cannot be in that case: "Помощник министра Сергея Волкова" parsed
    # as the post's apposition is still the minister's genitive
    return head.case if head.case in name_cases(a, tokens[0].i, tokens[-1].i) else None


def features(a: Analysis, tokens: list[Token]) -> tuple[str | None, str | None, bool]:
    could_be = set(CASES)
    for t in tokens:
        could_be &= possible_cases(t.text) or set(CASES)
    subject = any(t.rel in ("nsubj", "nsubj:pass") and not rival_subject(a, t) for t in tokens)
    if subject and "Nom" in could_be:
        # the subject of its clause, whatever its ending suggests ("Маэхара"), unless its words
        # cannot be nominative ("Валентиной Лосевой была представлена": an agent parsed as subject)
        case: str | None = "Nom"
    else:  # a name in apposition agrees with its noun ("доклад хокима Бахтиёржона Салимжонова")
        tagged = appositive_case(a, tokens) or next((t.case for t in reversed(tokens) if t.case), None)
        case = voted_case(tokens, tagged)
    gender = next((t.feats.get("Gender") for t in tokens if t.feats.get("Gender")), None)
    plural = all(t.feats.get("Number") == "Plur" for t in tokens if t.feats.get("Number"))
    return case, gender, plural and bool(tokens)


def name_roles(names: list[Token]) -> tuple[Token | None, Token | None, Token]:
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
    if len(names) == 3 and is_patronymic(names[2]) and not is_patronymic(names[1]):
        return second, names[2], first  # "Петренко Олег Иванович": surname, given name, patronymic
    patronymic = next((t for t in names[1:-1] if is_patronymic(t)), None)
    return first, patronymic, surname


def is_patronymic(t: Token) -> bool:
    return bool(PATRONYMIC.search(t.text)) or "Patr" in grammemes(t.text)


_SEPARATORS = {",", "–", "—", "-", ":", ";", "и"}
_GENITIVE_PREPOSITIONS = {"от", "у", "для", "без", "из", "после", "до", "против", "около", "среди"}


def listed_in_nominative(a: Analysis, first: int, last: int) -> bool:
    """A name with initials standing alone between separators, as an item of a list, with no
    word before the list governing a genitive ("выступили: А.А. Курганов, Е.А. Худякова")."""
    sent_first, sent_last = a.sentences[a.tokens[first].sent]
    before = a.tokens[first - 1] if first > sent_first else None
    after = a.tokens[last + 1] if last < sent_last else None
    if before is not None and before.text not in _SEPARATORS:
        return False
    if after is not None and after.text not in {*_SEPARATORS, ".", "(", "!"}:
        return False
    k = first - 1
    while k >= sent_first and (
        a.tokens[k].text in _SEPARATORS
        or a.tokens[k].ner == "PER"
        or is_initial(a, k)
        or a.tokens[k].text == "."
    ):
        if a.tokens[k].text in ("–", "—", ":"):
            return True  # a dash or colon opens an enumeration: "преподаватели факультета – …"
        k -= 1
    if k < sent_first:
        return True
    governor = a.tokens[k]
    return governor.low not in _GENITIVE_PREPOSITIONS and not (
        governor.pos in ("NOUN", "PROPN") and governor.case in ("Gen", "Acc")
    )


def subject_wanted_by_her_verb(a: Analysis, first: int) -> bool:
    """The sentence has a feminine verb in the past with no subject of its own ("Работой секции
    руководила зав. кафедрой, д-р наук Е.А. Борисова"): the name with initials is her, in the
    nominative, whatever the tagger made of the abbreviations before it."""
    return any(
        t.pos == "VERB"
        and t.feats.get("Tense") == "Past"
        and t.feats.get("Gender") == "Fem"
        and t.feats.get("Number", "Sing") == "Sing"
        and not any(c.rel.startswith("nsubj") for c in a.children(t.i))
        for t in a.sentence_tokens(a.tokens[first].sent)
    )
