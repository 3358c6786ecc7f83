"""Post phrases: "вице-министра национальной экономики", "председатель Конституционного суда".

A post phrase is a post head (see ``lexicon/post_heads.txt``) with the adjectives before it and
its complements after it: genitive noun phrases, names in quotes, "имени …", and prepositional
phrases with по/при/от/в/на. The head and its adjectives go to the nominative singular; the
complements stay as written, with abbreviations expanded. The organization of the post is its
complement in the nominative ("депутат Мажилиса" → Мажилис), or the institution a domain implies
("вице-министр финансов" → Министерство финансов).
"""

from __future__ import annotations

from dataclasses import dataclass

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.lexicon import abbreviations, institution_of, is_post_head, origin_country
from kgbuild.extract.morph import grammemes, to_nominative
from kgbuild.extract.text import phrase
from kgbuild.lexicon import words

#: Prepositions that may continue a post's complement, with the case of their noun phrase.
_PREPOSITIONS = {"по": "Dat", "при": "Loc", "от": "Gen", "в": "Loc", "на": "Loc", "с": "Ins", "против": "Gen"}
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
    if not t.lemma.endswith(("ть", "ться", "ти", "чь")):
        return t.lemma  # only participles are lemmatized to a verb: nothing else to try
    nominative = to_nominative(t.text, case=t.case, gender=t.feats.get("Gender") or "Masc").lower()
    return nominative if is_post_head(nominative) else t.lemma


def _left(a: Analysis, head: int) -> tuple[int, Token | None]:
    """First token of the adjectives before the head, and an adjective of origin among them."""
    first, origin = head, None
    k = head - 1
    sent_first = a.sentences[a.tokens[head].sent][0]
    while k >= sent_first:
        t = a.tokens[k]
        if t.pos == "ADJ" or (t.pos == "VERB" and t.feats.get("VerbForm") == "Part"):
            if (
                t.lemma in words("post_modifier_stopwords")
                or not _agrees(t, a.tokens[head])
                or not {"ADJF", "PRTF"} & grammemes(t.text)  # "Выступил министр": a verb, not an adjective
            ):
                break
            if origin_country(t.lemma):
                origin = t
                break
            first = k
        elif not (t.low == "и" and k > sent_first and a.tokens[k - 1].pos == "ADJ"):
            break
        k -= 1
    return first, origin


def _agrees(modifier: Token, head: Token) -> bool:
    """An adjective agrees with a noun in case and number (tags missing on either side are no objection)."""
    for feat in ("Case", "Number"):
        x, y = modifier.feats.get(feat), head.feats.get(feat)
        if x and y and x != y:
            return False
    return True


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


def _right(a: Analysis, head: int, stop: set[int]) -> int:
    """Last token of the head's complements (``head`` if it has none)."""
    tokens = a.tokens
    end = a.sentences[tokens[head].sent][1]
    case = tokens[head].case
    want = "Ins" if head_lemma(tokens[head]) in _INSTRUMENTAL else "Gen"
    last, k = head, head + 1
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
                    tokens[j].case == _PREPOSITIONS[t.low]
                    or _is_name_like(tokens[j])
                    or tokens[j].pos == "ADJ"
                )
            ):
                j += 1
            if j == k + 1 or tokens[j - 1].pos == "ADJ":
                break
            last = k = j - 1
        elif (
            t.low == "и"
            and k + 1 <= end
            and tokens[k + 1].case == want
            and not is_post_head(tokens[k + 1].lemma)
            and k + 1 not in stop
        ):
            k += 1
            continue
        elif is_post_head(head_lemma(t)) and t.case == case and case != want:
            break  # the next post of a chain ("глава представительства помощник госсекретаря")
        elif t.case == want or (t.pos != "ADJ" and _is_name_like(t)):
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


def _title(a: Analysis, first: int, head: int, last: int, origin: Token | None) -> str:
    gender = a.tokens[head].feats.get("Gender")
    forms: dict[int, str] = {head: _head_nominative(a.tokens[head])}
    for k in range(first, head):
        t = a.tokens[k]
        if t.pos in ("ADJ", "VERB"):
            forms[k] = to_nominative(t.text, case=t.case, gender=t.feats.get("Gender") or gender)
    for k in range(head + 1, last + 1):
        if a.tokens[k].text in abbreviations():
            forms[k] = abbreviations()[a.tokens[k].text][1]
    text = phrase(a, first, last, forms, skip={origin.i} if origin else set())
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def post_at(a: Analysis, head: int, stop: set[int]) -> PostMatch | None:
    """The post phrase headed by token ``head``; ``stop``: tokens it must not run into (names)."""
    t = a.tokens[head]
    if t.pos not in _HEAD_POS or not is_post_head(head_lemma(t)):
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
    first, origin = _left(a, head)
    last = _right(a, head, stop)
    if t.low in ("зав", "зав.") and last <= head + 1:
        return None
    title = _title(a, first, head, last, origin)
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
    if last < start or a.tokens[start].pos == "ADP":
        return None, None, None, None
    institution = institution_of(head_lemma(a.tokens[head]))
    # "заместитель Председателя Ассамблеи …", "помощник заместителя госсекретаря": a post inside
    # the complement is skipped; the organization is what that post is in.
    while True:
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
    return name, span, parent[0] if parent else None, parent[1] if parent else None


def _proper(a: Analysis, first: int, last: int) -> bool:
    """The tokens hold a proper name (capitalised word, abbreviation, quoted name), not only common nouns."""
    return any(a.tokens[k].text[:1].isupper() or a.tokens[k].text in _QUOTES for k in range(first, last + 1))


def _first_stop(a: Analysis, start: int, last: int) -> int:
    """Last token of the complement before a prepositional phrase ("посол Японии | в России")."""
    for k in range(start, last + 1):
        if a.tokens[k].pos == "ADP" and a.tokens[k].low != "имени" and k > start:
            return k - 1
    return last
