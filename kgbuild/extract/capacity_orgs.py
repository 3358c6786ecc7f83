"""The organization a post is in, named whole from the post's complement.

The complement's first organization in the nominative ("депутат Мажилиса" → Мажилис, its parent
Парламент Республики Казахстан after it), its head noun with its dependants: "по …" phrases and
quoted words stay in the name ("Федеральная служба по надзору в сфере связи", "Движение «За
демократические перемены»"), a place after it does not ("посол Японии | в России"); a post's domain
is passed over ("директор по развитию бизнеса | компании Philips"), and so is a post inside the
complement ("заместитель Председателя | Ассамблеи …"). A domain names the institution it implies
("вице-министр финансов" → Министерство финансов).
"""

from __future__ import annotations

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_heads import head_lemma
from kgbuild.extract.lexicon import abbreviations, institution_of, is_post_head
from kgbuild.extract.orgs import split_organizations
from kgbuild.extract.text import phrase
from kgbuild.lexicon import words

QUOTES = {"«": "»", '"': '"', "“": "”", "„": "“"}


def name_like(t: Token) -> bool:
    """A word of a name: an organization or place, a capitalised noun, an abbreviation, Latin."""
    return (
        t.ner in ("ORG", "LOC")
        or (t.text[:1].isupper() and t.pos in ("PROPN", "X", "NOUN"))
        or t.text in abbreviations()
        or (t.text.isascii() and t.text[:1].isalpha())
    )


#: Possessive words before a noun ("и его супруги").
Span = tuple[int, int]


def organization_of(
    a: Analysis, head: int, last: int
) -> tuple[str | None, Span | None, str | None, Span | None]:
    """(organization, its tokens, parent organization, its tokens) named by a post's complement."""
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
    end = _first_stop(a, start, last, head)
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
        if name_like(t) or t.text in QUOTES:
            first = j  # with the organization noun and adjectives before the name: "компании Philips"
            while first > k + 1 and (a.tokens[first - 1].pos == "ADJ" or _org_noun(a.tokens[first - 1])):
                first -= 1
            return first
    return last + 1


def _org_noun(t: Token) -> bool:
    return t.pos == "NOUN" and (t.lemma in words("org_heads") or t.low in words("org_heads"))


def _proper(a: Analysis, first: int, last: int) -> bool:
    """The tokens hold a proper name (capitalised word, abbreviation, quoted name), not only common nouns."""
    return any(a.tokens[k].text[:1].isupper() or a.tokens[k].text in QUOTES for k in range(first, last + 1))


def _first_stop(a: Analysis, start: int, last: int, post: int) -> int:
    """Last token of the complement before a prepositional phrase that is not part of the name:
    "посол Японии | в России", "судья ЕСПЧ | от России". A phrase with "по", "при", "за" or "против"
    goes on naming the organization, and so does any other with a common noun inside it; so does
    what is in quotes: "Федеральная служба по надзору в сфере связи", "Управление по контролю за
    оборотом наркотиков", "Движение за демократические перемены"; but not one the parse hangs on
    the post's head itself: "заместитель главы администрации района | по координации …"."""
    within = False  # inside a phrase with "по", "при", "за", "против"
    quoted = False
    for k in range(start + 1, last + 1):
        t = a.tokens[k]
        if t.text in QUOTES or t.text in QUOTES.values():
            quoted = not quoted if t.text == '"' else t.text in QUOTES
            continue
        if quoted or t.pos != "ADP" or t.low == "имени":
            continue
        noun = a.tokens[t.head] if t.head is not None else None
        if noun is not None and noun.head == post and noun.i > k:
            return k - 1
        if t.low in ("по", "при", "за", "против"):  # "Движение за демократические перемены"
            within = True
        elif not (within and k < last and a.tokens[k + 1].text[:1].islower()):
            return k - 1
    return last
