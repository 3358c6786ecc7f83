"""Capacity phrases: "вице-министра национальной экономики", "председатель Конституционного суда",
"бывшего тренера вратарей", "и. о. ректора".

A capacity phrase is a capacity head (any noun naming a kind of person, see
:mod:`kgbuild.extract.capacity_heads`) with the adjectives before it and its complements after it:
genitive noun phrases, names in quotes, "имени …", and prepositional phrases with по/при/от/в/на.
The head and its adjectives go to the nominative singular; the complements stay as written, with
abbreviations expanded. Words of status ("бывший", "экс-", "и. о.", see
:mod:`kgbuild.extract.capacity_status`) are left out of the title and kept as its status. The
organization of the post is its complement in the nominative ("депутат Мажилиса" → Мажилис), or
the institution a domain implies ("вице-министр финансов" → Министерство финансов).
"""

from __future__ import annotations

from dataclasses import dataclass

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_heads import kind_of, not_a_capacity, person_head, person_noun
from kgbuild.extract.capacity_status import FORMER_PREFIX, acting_before, retired_after, status_word
from kgbuild.extract.lexicon import abbreviations, institution_of, is_post_head, origin_country
from kgbuild.extract.morph import grammemes, participle_masculine, possible_cases, to_nominative
from kgbuild.extract.text import phrase
from kgbuild.facts import CapacityKind, CapacityStatus
from kgbuild.lexicon import words

#: Prepositions that may continue a post's complement, with the case of their noun phrase.
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
_INSTRUMENTAL = {"заведующий", "зав", "руководящий", "управляющий", "командующий"}
_QUOTES = {"«": "»", '"': '"', "“": "”", "„": "“"}
_HEAD_POS = {"NOUN", "PROPN", "ADJ", "VERB", "X"}  # a noun, or a participle used as one ("заведующий")


@dataclass(frozen=True)
class PostMatch:
    first: int  # first token of the phrase (its adjectives included)
    last: int
    head: int
    title: str  # the post in the nominative singular
    organization: str | None  # the organization it is in, in the nominative
    parent: str | None  # the organization that one is part of
    org_first: int | None  # tokens naming the organization (its evidence)
    org_last: int | None
    parent_span: tuple[int, int] | None
    plural: bool
    origin: str | None  # an adjective of origin before the head ("украинский")
    origin_country: str | None
    kind: CapacityKind = CapacityKind.POST
    status: CapacityStatus = CapacityStatus.CURRENT
    capacity: bool = True  # False for a person noun that names no capacity ("дочь", "житель")


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


def _left(a: Analysis, head: int) -> tuple[int, Token | None, list[int]]:
    """First token of the adjectives before the head, an adjective of origin among them, and the
    words of status among them ("бывший")."""
    first, origin, status = head, None, []
    k = head - 1
    sent_first = a.sentences[a.tokens[head].sent][0]
    while k >= sent_first:
        t = a.tokens[k]
        if status_word(t) is not None and (t.pos != "ADJ" or _agrees(t, a.tokens[head])):
            status.append(k)  # "бывший", "экс", "врио"
            first = k
        elif (t.pos == "ADJ" or (t.pos == "VERB" and t.feats.get("VerbForm") == "Part")) and t.case:
            if t.lemma in words("post_modifier_stopwords") or not _agrees(t, a.tokens[head]) or _age(t):
                break
            if origin_country(t.lemma):
                origin = t
                break
            first = k
        elif not (t.low == "и" and k > sent_first and a.tokens[k - 1].pos == "ADJ"):
            break
        k -= 1
    return first, origin, status


def _age(t: Token) -> bool:
    """An age or a number, not part of a post: "42-летний", "сорокалетний", "15-й"."""
    return any(c.isdigit() for c in t.text) or t.lemma.endswith("летний")


def _honorary(a: Analysis, first: int, head: int, lemma: str) -> bool:
    """ "народный артист", "заслуженный учитель": an honorary title (an award), unless the head is a
    listed post ("народный депутат")."""
    return lemma not in words("post_heads") and any(
        a.tokens[k].lemma in words("honorary_titles") for k in range(first, head)
    )


def _agrees(modifier: Token, head: Token) -> bool:
    """An adjective agrees with a noun in case and number (tags missing on either side are no
    objection; a case the tagger gave the adjective wrongly, "генерального" read as accusative
    before "секретаря", neither, when the adjective's form can be in the noun's case)."""
    x, y = modifier.feats.get("Number"), head.feats.get("Number")
    if x and y and x != y:
        return False
    x, y = modifier.case, head.case
    return not (x and y and x != y and y not in possible_cases(modifier.text))


def _quoted(a: Analysis, k: int, end: int) -> int:
    """Index of the closing quote of the quote opening at ``k`` (or ``k`` if it never closes)."""
    closing = _QUOTES[a.tokens[k].text]
    for j in range(k + 1, end + 1):
        if a.tokens[j].text == closing:
            return j
    return k


def _is_name_like(t: Token) -> bool:
    return (
        t.ner in ("ORG", "LOC")
        or (t.text[:1].isupper() and t.pos in ("PROPN", "X", "NOUN"))
        or t.text in abbreviations()
        or (t.text.isascii() and t.text[:1].isalpha())
    )


#: Possessive words before a noun ("и его супруги").
_POSSESSIVES = {"его", "ее", "её", "их", "свой", "своего", "своей", "своих", "своему", "своим"}


def _conjoined_person(a: Analysis, k: int, end: int) -> bool:
    """Token ``k`` (after "и") starts another person, not a complement: "артиста и его супруги"."""
    while k < end and a.tokens[k].low in _POSSESSIVES:
        k += 1
    return person_head(a.tokens[k], head_lemma(a.tokens[k])) is not None


def _right(a: Analysis, head: int, stop: set[int]) -> int:
    """Last token of the head's complements (``head`` if it has none)."""
    tokens = a.tokens
    end = a.sentences[tokens[head].sent][1]
    case = tokens[head].case
    want = "Ins" if head_lemma(tokens[head]) in _INSTRUMENTAL else "Gen"
    last, k = head, head + 1
    named = False  # a name has been taken into the complement
    if tokens[head].low == "зав" and k <= end and tokens[k].text == ".":
        last, k = k, k + 1
    if k <= end and tokens[k].lemma == "обязанность" and head_lemma(tokens[head]) == "исполняющий":
        last, k = k, k + 1  # "исполняющий обязанности официального представителя"
    while k <= end and k not in stop:
        t = tokens[k]
        if t.text in _QUOTES:
            close = _quoted(a, k, end)
            if close == k:
                break
            last = k = close
        elif t.low == "имени":
            k += 1
            while k <= end and k not in stop and (tokens[k].text[:1].isupper() or tokens[k].text == "."):
                k += 1
            last = k = k - 1
        elif (
            t.pos == "ADP"
            and t.low in _PREPOSITIONS
            and (t.low not in ("в", "на") or head_lemma(tokens[head]) in words("posts_in_places"))
        ):
            j = k + 1
            while (
                j <= end
                and j not in stop
                and (
                    tokens[j].case in _PREPOSITIONS[t.low]
                    or _is_name_like(tokens[j])
                    or tokens[j].pos == "ADJ"
                    or (  # "по стратегии и развитию", "в Белоруссии и Казахстане"
                        tokens[j].low == "и"
                        and j + 1 <= end
                        and j + 1 not in stop
                        and tokens[j + 1].case in _PREPOSITIONS[t.low]
                    )
                )
            ):
                j += 1
            if j == k + 1 or tokens[j - 1].pos == "ADJ":
                break
            last = k = j - 1
            if (
                t.low in ("в", "на")
                and k + 2 <= end
                and tokens[k + 1].text in (",", "и")
                and tokens[k + 2].low in ("в", "на", "во")
            ):
                k += 1  # "в России, на Украине, в Белоруссии и Казахстане": a list of places
        elif (
            t.low == "и"
            and k + 1 <= end
            and tokens[k + 1].case == want
            and not _conjoined_person(a, k + 1, end)
            and k + 1 not in stop
        ):
            k += 1
            continue
        elif t.case == case and case != want and person_head(t, head_lemma(t)):
            break  # the next post of a chain ("глава представительства помощник госсекретаря")
        elif named and k + 1 in stop and t.pos == "NOUN" and t.text[:1].islower() and person_noun(t.text):
            break  # "главы ФБР | республиканца Джеймса Коми": a person noun before a name is the name's
        elif t.pos in ("PRON", "DET"):
            break  # "руководитель которой", "руководитель его аппарата"
        elif t.case == want or (t.pos != "ADJ" and _is_name_like(t)):
            named = named or _is_name_like(t)
            last = k
            want = "Gen"  # "заведующий Секретариатом | Ассамблеи …": genitives follow the first complement
        else:
            break
        k += 1
    while last > head and tokens[last].pos in ("ADP", "CCONJ", "ADJ"):
        last -= 1
    return last


def _head_nominative(t: Token) -> str:
    number = "sing"
    return to_nominative(t.text, case=t.case, gender=t.feats.get("Gender"), number=number)


def _title(a: Analysis, first: int, head: int, last: int, skip: set[int]) -> str:
    gender = a.tokens[head].feats.get("Gender")
    forms: dict[int, str] = {head: _head_nominative(a.tokens[head])}
    for k in range(first, head):
        t = a.tokens[k]
        if t.pos in ("ADJ", "VERB"):
            forms[k] = to_nominative(t.text, case=t.case, gender=t.feats.get("Gender") or gender)
    for k in range(head + 1, last + 1):
        if a.tokens[k].text in abbreviations():
            forms[k] = abbreviations()[a.tokens[k].text][1]
    text = phrase(a, first, last, forms, skip=skip)
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def post_at(a: Analysis, head: int, stop: set[int]) -> PostMatch | None:
    """The capacity phrase headed by token ``head``; ``stop``: tokens it must not run into (names)."""
    t = a.tokens[head]
    if t.pos not in _HEAD_POS:
        return None
    lemma = head_lemma(t)
    noun = person_head(t, lemma, initial=head == a.sentences[t.sent][0])
    if noun is None:
        return None
    nxt = a.tokens[head + 1] if head + 1 < len(a.tokens) else None
    if (
        t.pos in ("ADJ", "VERB")
        and nxt is not None
        and nxt.pos == "NOUN"
        and nxt.case == t.case
        and {"ADJF", "PRTF"} & grammemes(t.text)
    ):
        return None  # an adjective before its noun ("рабочей группы"), not a post ("рабочий")
    if head > 0 and a.tokens[head - 1].low in ("в", "во") and t.feats.get("Number") == "Plur":
        return None  # "кандидат в президенты": not a post anyone holds
    first, origin, status_words = _left(a, head)
    if _honorary(a, first, head, lemma):
        return None
    skip = {origin.i, *status_words} if origin else set(status_words)
    status = status_word(a.tokens[status_words[0]]) if status_words else None
    acting = acting_before(a, first)
    if acting is not None and not stop & set(range(acting, first)):
        skip.update(range(acting, first))
        first, status = acting, CapacityStatus.ACTING
    last = _right(a, head, stop)
    if t.low in ("зав", "зав.") and last <= head + 1:
        return None
    title = _title(a, first, head, last, skip)
    retired = retired_after(a, last)
    if retired is not None and not stop & {retired - 1, retired}:
        last, status = retired, CapacityStatus.FORMER
    if lemma.startswith(FORMER_PREFIX):
        status = CapacityStatus.FORMER
    org, org_span, parent, parent_span = organization_of(a, head, last)
    return PostMatch(
        first=origin.i if origin and origin.i < first else first,
        last=last,
        head=head,
        title=title,
        organization=org,
        parent=parent,
        org_first=org_span[0] if org_span else None,
        org_last=org_span[1] if org_span else None,
        parent_span=parent_span,
        plural=t.feats.get("Number") == "Plur",
        origin=to_nominative(origin.text, case=origin.case, gender=origin.feats.get("Gender")).lower()
        if origin
        else None,
        origin_country=origin_country(origin.lemma) if origin else None,
        kind=kind_of(lemma, has_organization=org is not None),
        capacity=not not_a_capacity(noun) and not not_a_capacity(lemma),
        status=status or CapacityStatus.CURRENT,
    )


Span = tuple[int, int]


def organization_of(
    a: Analysis, head: int, last: int
) -> tuple[str | None, Span | None, str | None, Span | None]:
    """(organization, its tokens, parent organization, its tokens) named by a post's complement."""
    from kgbuild.extract.orgs import split_organizations  # noqa: PLC0415 (orgs imports this module)

    start = head + 1
    if start <= last and a.tokens[start].text == ".":
        start += 1
    institution = institution_of(head_lemma(a.tokens[head]))
    # "заместитель Председателя Ассамблеи …", "помощник заместителя госсекретаря": a post inside
    # the complement is skipped; the organization is what that post is in.
    while True:
        if start <= last and a.tokens[start].low == "по":
            start = _after_domain(a, start, last)  # "директор по развитию | компании Philips"
        elif start < last and a.tokens[start].low in ("в", "во", "на"):
            start += 1  # "директор в нефтедобывающей компании ООО «МНКТ»"
        if last < start or a.tokens[start].pos == "ADP":
            return None, None, None, None
        noun = next((k for k in range(start, last + 1) if a.tokens[k].pos != "ADJ"), None)
        if noun is None or not is_post_head(head_lemma(a.tokens[noun])):
            break
        institution = institution_of(head_lemma(a.tokens[noun])) or institution
        start = noun + 1
    end = _first_stop(a, start, last)
    if start > end:
        return None, None, None, None
    if institution:
        expanded = {
            k: abbreviations()[a.tokens[k].text][1]
            for k in range(start, end + 1)
            if a.tokens[k].text in abbreviations()
        }
        return f"{institution} {phrase(a, start, end, expanded)}", (start, end), None, None
    orgs = [(name, span) for name, span in split_organizations(a, start, end) if _proper(a, *span)]
    if not orgs:
        return None, None, None, None
    (name, span), parent = orgs[0], orgs[1] if len(orgs) > 1 else None
    if name.count('"') % 2 and name.endswith('"'):
        name = name[:-1].rstrip()  # the opening quote was left with the words before the name
    return name, span, parent[0] if parent else None, parent[1] if parent else None


def _after_domain(a: Analysis, k: int, last: int) -> int:
    """The first token after the domain of a post ("по стратегии и развитию бизнеса") that may name
    its organization: a capitalised word, a quote, an abbreviation; ``last + 1`` when none does."""
    for j in range(k + 1, last + 1):
        t = a.tokens[j]
        if t.pos == "ADP":
            return last + 1
        if _is_name_like(t) or t.text in _QUOTES:
            first = j  # with the organization noun and adjectives before the name: "компании Philips"
            while first > k + 1 and (a.tokens[first - 1].pos == "ADJ" or _org_noun(a.tokens[first - 1])):
                first -= 1
            return first
    return last + 1


def _org_noun(t: Token) -> bool:
    return t.pos == "NOUN" and (t.lemma in words("org_heads") or t.low in words("org_heads"))


def _proper(a: Analysis, first: int, last: int) -> bool:
    """The tokens hold a proper name (capitalised word, abbreviation, quoted name), not only common nouns."""
    return any(a.tokens[k].text[:1].isupper() or a.tokens[k].text in _QUOTES for k in range(first, last + 1))


def _first_stop(a: Analysis, start: int, last: int) -> int:
    """Last token of the complement before a prepositional phrase that is not part of the name:
    "посол Японии | в России", "судья ЕСПЧ | от России". A phrase with "по" or "при" goes on
    naming the organization, and so does any other with a common noun inside it; so does what is
    in quotes: "Федеральная служба по надзору в сфере связи", "Управление по контролю за оборотом
    наркотиков", "Движение «За демократические перемены»"."""
    within = False  # inside a "по"/"при" phrase
    quoted = False
    for k in range(start + 1, last + 1):
        t = a.tokens[k]
        if t.text in _QUOTES or t.text in _QUOTES.values():
            quoted = not quoted if t.text == '"' else t.text in _QUOTES
            continue
        if quoted or t.pos != "ADP" or t.low == "имени":
            continue
        if t.low in ("по", "при"):
            within = True
        elif not (within and k < last and a.tokens[k + 1].text[:1].islower()):
            return k - 1
    return last
