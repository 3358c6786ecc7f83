"""Where a capacity phrase's complements end: "председатель | Конституционного суда",
"директор | по стратегии и развитию бизнеса Philips в России, на Украине", "заведующий |
Секретариатом Ассамблеи народа Казахстана", "лидер | крайне правого Национального фронта (FN)".

Genitive noun phrases (the instrumental after "заведующий" and the like), names in quotes, "имени …",
and prepositional phrases with по/при/от/с/за/против, or в/на after posts held in a place; the next
post of a chain, a person noun before a name, a pronoun or a conjoined person end them.
"""

from __future__ import annotations

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_heads import head_lemma, person_head, person_noun
from kgbuild.extract.capacity_orgs import QUOTES, name_like
from kgbuild.extract.lexicon import degree_abbreviations
from kgbuild.extract.morph import grammemes, possible_cases
from kgbuild.lexicon import words

#: Prepositions that may continue a post's complement, with the cases of their noun phrase.
_PREPOSITIONS = {
    "по": {"Dat"},
    "при": {"Loc"},
    "от": {"Gen"},
    "в": {"Loc"},
    "на": {"Loc"},
    "с": {"Ins"},
    "против": {"Gen"},
    "за": {"Ins", "Acc"},  # "контроль за оборотом", "борец за права"
}
#: Heads whose complement is in the instrumental ("заведующий кафедрой").
#: Heads whose complement is in the instrumental ("заведующий кафедрой").
_INSTRUMENTAL = {"заведующий", "зав", "руководящий", "управляющий", "командующий"}


def _quoted(a: Analysis, k: int, end: int) -> int:
    """Index of the closing quote of the quote opening at ``k`` (or ``k`` if it never closes)."""
    closing = QUOTES[a.tokens[k].text]
    for j in range(k + 1, end + 1):
        if a.tokens[j].text == closing:
            return j
    return k


_POSSESSIVES = {"его", "ее", "её", "их", "свой", "своего", "своей", "своих", "своему", "своим"}


def _conjoined_person(a: Analysis, head: int, k: int, end: int) -> bool:
    """Token ``k`` (after "и") starts another person, not a complement: "артиста и его супруги";
    but "союза промышленников и предпринимателей" conjoins a noun of the complement."""
    while k < end and a.tokens[k].low in _POSSESSIVES:
        k += 1
    t = a.tokens[k]
    if t.rel == "conj" and t.head is not None and head < t.head < k:
        return False
    return person_head(t, head_lemma(t)) is not None


def _aside(a: Analysis, k: int, end: int, stop: set[int]) -> int:
    """The closing bracket of "(FN)", "(ЕСПЧ)" at token ``k``: a name or abbreviation in brackets
    after an organization's name; 0 when there is none."""
    for j in range(k + 1, min(k + 5, end + 1)):
        if a.tokens[j].text == ")":
            return j if j > k + 1 else 0
        if j in stop or not name_like(a.tokens[j]):
            return 0
    return 0


def complement_end(a: Analysis, head: int, stop: set[int]) -> int:
    """Last token of the head's complements (``head`` if it has none); ``stop``: tokens of names."""
    tokens = a.tokens
    end = a.sentences[tokens[head].sent][1]
    case = tokens[head].case
    want = "Ins" if head_lemma(tokens[head]) in _INSTRUMENTAL else "Gen"
    in_places = head_lemma(tokens[head]) in words("posts_in_places")
    last, k = head, head + 1
    named = False  # a name has been taken into the complement
    if tokens[head].low == "зав" and k <= end and tokens[k].text == ".":
        last, k = k, k + 1
    while k <= end and k not in stop:
        t = tokens[k]
        if t.text in QUOTES:
            close = _quoted(a, k, end)
            if close == k:
                break
            last = k = close
        elif t.low == "имени":
            last = k = _eponym_end(a, k, end, stop)
        elif (
            t.pos == "ADP"
            and t.low in _PREPOSITIONS
            and (t.low not in ("в", "на") or in_places or _inside(a, k, head))
        ):
            found = _prepositional(a, k, end, stop)
            if found is None:
                break
            last = k = found
            if _places_go_on(a, k, end) and t.low in ("в", "на"):
                k += 1  # "в России, на Украине, в Белоруссии и Казахстане": a list of places
        elif t.low == "и" and k + 1 <= end and tokens[k + 1].case == want and k + 1 not in stop:
            if _conjoined_person(a, head, k + 1, end):
                break
        elif t.case == case and case != want and person_head(t, head_lemma(t)):
            break  # the next post of a chain ("глава представительства помощник госсекретаря")
        elif (
            named
            and k + 1 in stop
            and t.pos == "NOUN"
            and t.text[:1].islower()
            and t.feats.get("Number") != "Plur"  # "объединения ветеранов Иван Кравцов": no apposition
            and person_noun(t.text)
        ):
            break  # "главы ФБР | республиканца Джеймса Коми": a person noun before a name is the name's
        elif _demonstrative(a, k, want) or (t.text == "," and _list_goes_on(a, k, end, stop)):
            pass  # "депутат этого созыва", "по вопросам законности, правопорядка и …"
        elif t.pos in ("PRON", "DET") or degree_abbreviation(a, k):
            break  # "руководитель которой", "руководитель его аппарата", "декан … | д.и.н."
        elif t.pos == "ADV" and k + 1 <= end and tokens[k + 1].pos == "ADJ" and tokens[k + 1].case == want:
            pass  # "лидер крайне правого Национального фронта"
        elif t.text == "(" and last > head and _aside(a, k, end, stop):
            last = k = _aside(a, k, end, stop)  # "Национального фронта (FN)"
        elif t.case == want or (t.pos != "ADJ" and name_like(t)):
            named = named or name_like(t)
            last = k
            # "заведующий Секретариатом | Ассамблеи …": genitives follow the first complement's
            # noun, not its adjectives ("заведующий Новосельским сельским клубом")
            want = want if t.pos == "ADJ" else "Gen"
        else:
            break
        k += 1
    while last > head and tokens[last].pos in ("ADP", "CCONJ", "ADJ"):
        last -= 1
    return last


def _demonstrative(a: Analysis, k: int, want: str) -> bool:
    """Token ``k`` is a determiner of the noun after it, in the complement's case, neither a pronoun
    ("руководитель его аппарата") nor a relative ("руководитель которой"): "депутат этого созыва"."""
    t = a.tokens[k]
    nxt = a.tokens[k + 1] if k + 1 < len(a.tokens) else None
    return (
        t.pos == "DET"
        and nxt is not None
        and t.head == nxt.i
        and nxt.pos == "NOUN"
        and t.case == nxt.case == want
        and t.lemma != "который"
        and "ADJF" in grammemes(t.text)  # "его" is no adjective
    )


def _eponym_end(a: Analysis, k: int, end: int, stop: set[int]) -> int:
    """The last word of "имени М. Ломоносова" starting at token ``k``."""
    k += 1
    while k <= end and k not in stop and (a.tokens[k].text[:1].isupper() or a.tokens[k].text == "."):
        k += 1
    return k - 1


def _prepositional(a: Analysis, k: int, end: int, stop: set[int]) -> int | None:
    """The last token of the prepositional phrase at token ``k`` ("по стратегии и развитию
    бизнеса", "в Белоруссии и Казахстане"), or None when it is empty; adjectives of a noun in
    another case are left out."""
    cases = _PREPOSITIONS[a.tokens[k].low]
    j = k + 1
    while j <= end and j not in stop:
        t = a.tokens[j]
        conjoined = (
            t.low == "и" and j + 1 <= end and j + 1 not in stop and a.tokens[j + 1].case in cases
        ) or (t.text == "," and _list_goes_on(a, j, end, stop))
        if not (t.case in cases or name_like(t) or t.pos == "ADJ" or conjoined):
            break
        j += 1
    while j - 1 > k and a.tokens[j - 1].pos == "ADJ":
        j -= 1  # "по координации | социальной сферы": the genitive after it is the caller's to read
    return None if j == k + 1 else j - 1


def _inside(a: Analysis, k: int, head: int) -> bool:
    """The preposition at ``k`` heads a place (a location to natasha) of a noun of the complement,
    not of the post's head: "председатель совета отделения партии | в Омской области"."""
    noun = a.tokens[k].head
    if noun is None or noun <= k:
        return False
    owner = a.tokens[noun].head
    return (
        owner is not None
        and head < owner < k
        and any(a.tokens[j].ner == "LOC" for j in range(k + 1, noun + 1))
    )


def _list_goes_on(a: Analysis, comma: int, end: int, stop: set[int]) -> bool:
    """The comma at ``comma`` separates items of a list that "и" closes, all in the case of the
    noun before the comma: "по международным делам, | обороне и безопасности"."""
    before = a.tokens[comma - 1]
    if before.pos != "NOUN" or before.case is None:
        return False
    for m in range(comma + 1, min(end, comma + 12) + 1):
        t = a.tokens[m]
        if m in stop:
            return False
        if t.low == "и":
            nxt = m + 1
            return nxt <= end and nxt not in stop and before.case in _cases(a.tokens[nxt])
        if not (t.text == "," or (t.pos in ("NOUN", "ADJ") and before.case in _cases(t))):
            return False
    return False


def _cases(t: Token) -> set[str]:
    """The cases ``t`` may be in: the tagger's and its parses' ("безопасности" tagged genitive)."""
    return {t.case} | possible_cases(t.text) if t.case else set()


def _places_go_on(a: Analysis, k: int, end: int) -> bool:
    """After token ``k``, a comma or "и" and another place: "в России, на Украине"."""
    return k + 2 <= end and a.tokens[k + 1].text in (",", "и") and a.tokens[k + 2].low in ("в", "на", "во")


def degree_abbreviation(a: Analysis, i: int) -> tuple[int, str] | None:
    """(last token, degree) of a degree written as its abbreviation at token ``i``, which the
    tokenizer cuts at its dots: "д.и.н." → "д", ".", "и", ".", "н", "." → "доктор исторических наук"."""
    if not a.tokens[i].text[:1].isalpha() or len(a.tokens[i].text) > 2:
        return None
    text, k = a.tokens[i].text, i
    while k + 1 < len(a.tokens) and a.tokens[k + 1].start == a.tokens[k].stop and len(text) < 12:
        k += 1
        text += a.tokens[k].text
        if text.lower() in degree_abbreviations():
            return k, degree_abbreviations()[text.lower()]
    return None
