"""Who organised the event, supported it or took part in it as a body.

Read from the grammar of the sentence, not from whatever follows a cue word:
- the agent of a passive "организован", "проведён" in the instrumental, before or after the verb
  ("Вебинар организован университетом", "Сельским филиалом проведён вечер памяти");
- the subject of an active "организовал", or of "провёл" whose object is an event ("Союз
  совместно с фракцией провёл круглый стол"); "совместно с X" makes X one more;
- the subject of "выступить", "являться", "стать" with "организатором" ("Организатором
  выступила Ассамблея"), or the names listed after "организаторы:", "организатором — ";
- supporters after "при поддержке", "при содействии", "под эгидой"; bodies "при участии".

Whatever is named must be an organization: an organization entity, an organization noun or an
abbreviation; a person, a place or a clause is none. A cue inside quoted speech ("«Мы хотели
организовать музей»") names no organizer of the reported event.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.events import kind_at, lemma_table
from kgbuild.extract.lexicon import is_post_head
from kgbuild.extract.morph import grammemes, only_abbreviation
from kgbuild.extract.orgs import is_abbreviation, organization_name
from kgbuild.facts import RoleType
from kgbuild.lexicon import mapping, words

Span = tuple[int, int]


@dataclass(frozen=True)
class OrganizerMatch:
    role: RoleType
    name: str
    first: int  # tokens of the organization's name
    last: int
    sentence: Span  # tokens of the sentence (the evidence of the role)


#: Cues that are cues only after "при"/"под": "при поддержке", "под эгидой" (not "поддержка молодёжи").
_AFTER_PREPOSITION = {"поддержка", "содействие", "эгида"}
#: Verbs whose object is the event and whose subject or agent holds it.
_HOLDING = {"провести", "проводить"}
#: Verbs of "организатором выступил X", "инициатором стал X", "в организации приняли участие X".
_COPULAS = {"выступить", "выступать", "являться", "стать", "становиться", "быть"} | {
    "принять",
    "принимать",
    "участвовать",
}


def organizers(a: Analysis) -> list[OrganizerMatch]:
    """The organizations each sentence names as organizers, supporters or participating bodies."""
    out: list[OrganizerMatch] = []
    quoted = _quoted(a)
    for s, (first, last) in enumerate(a.sentences):
        tokens = a.sentence_tokens(s)
        seen: set[Span] = set()
        for role, span in _named(a, tokens, quoted):
            if span in seen or not is_organization(a, *span):
                continue
            seen.add(span)
            out.append(OrganizerMatch(role, organization_name(a, *span), span[0], span[1], (first, last)))
    return out


def _named(a: Analysis, tokens: list[Token], quoted: set[int]) -> list[tuple[RoleType, Span]]:
    found = _cues(a, tokens)
    named: list[tuple[RoleType, Span]] = []
    for n, (_, cue_last, role) in enumerate(found):
        cue = a.tokens[cue_last]
        if cue.i in quoted:
            continue
        stop = found[n + 1][0] - 1 if n + 1 < len(found) else tokens[-1].i
        copula = _copula(a, cue)
        if role is RoleType.ORGANIZER and cue.pos in ("VERB", "AUX"):
            named += [(role, span) for span in _holders(a, cue, stop)]
        elif role is RoleType.ORGANIZER and cue.case in ("Ins", "Loc") and copula is not None:
            # "Организаторами выступили X, Y" (a list after the verb), "X выступила организатором"
            after = [c for c in a.children(copula.i) if c.rel.startswith("nsubj") and c.i > copula.i]
            spans = _items(a, _names_start(a, copula.i + 1, stop), stop) if after else _subjects(a, copula)
            named += [(role, span) for span in spans]
        else:
            named += [(role, span) for span in _items(a, _names_start(a, cue_last + 1, stop), stop)]
    for t in tokens:  # "Филиалом проведён вечер", "Союз провёл круглый стол"
        if t.lemma in _HOLDING and t.pos == "VERB" and t.i not in quoted and _holds_event(a, t):
            stop = next((c[0] - 1 for c in found if c[0] > t.i), tokens[-1].i)
            named += [(RoleType.ORGANIZER, span) for span in _holders(a, t, stop)]
    return named


def _cues(a: Analysis, tokens: list[Token]) -> list[tuple[int, int, RoleType]]:
    """(first token, last token, role) of each organizer cue in a sentence: "организован",
    "организаторами", "при поддержке", "при участии", "совместно с" (the role of the cue before)."""
    cues = mapping("organizer_cues")
    found: list[tuple[int, int, RoleType]] = []
    for t in tokens:
        prev = a.tokens[t.i - 1].low if t.i > tokens[0].i else ""
        if t.lemma in cues and (t.lemma not in _AFTER_PREPOSITION or prev in ("при", "под")):
            found.append((t.i - (prev in ("при", "под")), t.i, RoleType(cues[t.lemma])))
        elif t.lemma == "инициатива" and prev == "по":
            found.append((t.i - 1, t.i, RoleType.ORGANIZER))  # "по инициативе Ассамблеи" (a person: none)
        elif t.lemma == "организация" and prev == "в" and _of_event(a, t):
            found.append((t.i - 1, t.i, RoleType.ORGANIZER))  # "в организации форума приняли участие"
        elif t.lemma == "участие" and prev == "при" and found:
            found.append((t.i - 1, t.i, RoleType.PARTICIPANT))  # "… при участии Института истории"
        elif t.low == "совместно" and found and a.tokens[found[-1][1]].pos not in ("VERB", "AUX"):
            found.append((t.i, t.i + 1, found[-1][2]))  # "организаторы — X совместно с Y": Y as X
    return found


def _of_event(a: Analysis, t: Token) -> bool:
    """``t`` has an event for its genitive ("организации форума": organising it, not a body)."""
    table = lemma_table("event_kinds")
    return any(c.case == "Gen" and kind_at(a, c.i, table) is not None for c in a.children(t.i))


def _holders(a: Analysis, verb: Token, stop: int) -> list[Span]:
    """Who holds what ``verb`` says was held: the instrumental agents of a passive (a list after
    it, up to ``stop``), the subject of an active verb; with those "совместно с" them."""
    if verb.feats.get("Voice") == "Pass":
        before = [
            c
            for c in a.children(verb.i)
            if c.i < verb.i and c.pos in ("NOUN", "PROPN") and c.case == "Ins" and not _has_preposition(a, c)
        ]
        agents = [
            c
            for c in a.children(verb.i)
            if verb.i < c.i <= stop and c.pos in ("NOUN", "PROPN") and c.case in ("Ins", None)
        ]
        start = min([_phrase(a, c)[0] for c in agents], default=_names_start(a, verb.i + 1, stop))
        after = [
            s
            for s in _items(a, max(start, verb.i + 1), stop)
            if _head_case(a, s) in ("Ins", None) and _governed(a, s, verb)  # None: "КазНУ" never declines
        ]
        return [_phrase(a, h) for h in _with_conjuncts(a, before)] + after
    heads = [c for c in a.children(verb.i) if _nominal(a, c) and _subject_of(a, c, verb)]
    holders = {h.i for h in [verb, *heads]}
    heads += [t for t in a.sentence_tokens(verb.sent) if _together(a, t) and _under(a, t, holders)]
    return [_phrase(a, h) for h in _with_conjuncts(a, heads)]


def _nominal(a: Analysis, t: Token) -> bool:
    """A noun, or an adjective natasha made the head of a name ("Псковский Облсовпроф" parsed as
    the adjective with the abbreviation hung on it)."""
    return t.pos in ("NOUN", "PROPN") or (
        t.pos == "ADJ" and any(c.rel.startswith("flat") for c in a.children(t.i))
    )


def _subject_of(a: Analysis, t: Token, verb: Token) -> bool:
    """natasha may take a subject before the verb for its object ("Союз провёл стол"); a heading
    before a colon is no subject ("Новости: Фонд проведёт конференцию")."""
    if any(a.tokens[k].text in (":", "—", "–") for k in range(min(t.i, verb.i), max(t.i, verb.i))):
        return False
    return t.rel == "nsubj" or (t.case == "Nom" and t.i < verb.i)


def _governed(a: Analysis, span: Span, verb: Token) -> bool:
    """The phrase hangs on ``verb``, not on another verb or participle between them
    ("организованные с участием делегации, возглавляемой акимом": the akim heads the delegation)."""
    t = next((t for t in a.tokens[span[0] : span[1] + 1] if t.pos in ("NOUN", "PROPN")), a.tokens[span[0]])
    for _ in range(6):
        if t.head is None or t.head == t.i:
            return False
        if t.head == verb.i:
            return True
        t = a.tokens[t.head]
        if t.pos in ("VERB", "AUX"):
            return False
    return False


def _head_case(a: Analysis, span: Span) -> str | None:
    noun = next((t for t in a.tokens[span[0] : span[1] + 1] if t.pos in ("NOUN", "PROPN")), None)
    return noun.case if noun is not None else None


def _under(a: Analysis, t: Token, heads: set[int], steps: int = 3) -> bool:
    """``t`` hangs on one of ``heads`` within a few steps up the tree ("с Y" under "совместно")."""
    for _ in range(steps):
        if t.head is None:
            return False
        if t.head in heads:
            return True
        t = a.tokens[t.head]
    return False


def _together(a: Analysis, t: Token) -> bool:
    """``t`` is the noun of "совместно с X" (natasha hangs it on "совместно" or on the verb)."""
    if t.lemma == "совместно":
        return False
    return t.case == "Ins" and any(
        c.rel == "case" and c.low in ("с", "со") and c.i > 0 and a.tokens[c.i - 1].low == "совместно"
        for c in a.children(t.i)
    )


def _with_conjuncts(a: Analysis, heads: list[Token]) -> list[Token]:
    out: list[Token] = []
    todo = list(heads)
    while todo:
        h = todo.pop(0)
        if h in out:
            continue
        out.append(h)
        todo += [c for c in a.children(h.i) if c.rel == "conj" and c.pos in ("NOUN", "PROPN")]
    return out


def _has_preposition(a: Analysis, t: Token) -> bool:
    return any(c.rel == "case" for c in a.children(t.i))


def _copula(a: Analysis, cue: Token) -> Token | None:
    """The verb of "организатором выступила X" that ``cue`` hangs on."""
    head = a.tokens[cue.head] if cue.head is not None else None
    return head if head is not None and head.lemma in _COPULAS else None


def _subjects(a: Analysis, verb: Token) -> list[Span]:
    heads = [c for c in a.children(verb.i) if c.rel.startswith("nsubj") and c.pos in ("NOUN", "PROPN")]
    return [_phrase(a, h) for h in _with_conjuncts(a, heads)]


def _holds_event(a: Analysis, verb: Token) -> bool:
    """What ``verb`` holds is an event: its object, or its subject when passive ("проведён вечер")."""
    table = lemma_table("event_kinds")
    return any(
        c.rel in ("obj", "nsubj:pass") and kind_at(a, c.i, table) is not None for c in a.children(verb.i)
    )


def _phrase(a: Analysis, head: Token) -> Span:
    """The tokens of the noun phrase ``head`` heads: its dependents, not its conjuncts, clauses on
    it, or a bracket after it ("(Россия, Москва)")."""
    lo = hi = head.i
    todo = [c for c in a.children(head.i) if _belongs(c)]
    seen = {head.i}
    while todo:
        t = todo.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        lo, hi = min(lo, t.i), max(hi, t.i)
        todo += [c for c in a.children(t.i) if _belongs(c)]
    entity = a.entity_at(head.i)
    if entity is not None and entity.type == "ORG":  # "Министерство информации и общественного развития"
        lo, hi = min(lo, entity.first), max(hi, entity.last)
    for k in range(head.i + 1, hi + 1):  # a bracket ends the name
        if a.tokens[k].text == "(":
            hi = k - 1
            break
    while hi > head.i and a.tokens[hi].pos == "PUNCT" and a.tokens[hi].text not in ("»", ")", '"'):
        hi -= 1
    while lo < head.i and a.tokens[lo].pos in ("PUNCT", "ADP", "CCONJ"):
        lo += 1
    return lo, hi


def _belongs(t: Token) -> bool:
    return (
        t.rel not in ("conj", "cc", "acl", "acl:relcl", "parataxis", "advcl")
        and t.lemma != "совместно"  # "X совместно с Y": Y is one more, not part of X
        and not (t.pos == "PUNCT" and t.text == ",")
    )


def _names_start(a: Analysis, k: int, stop: int) -> int:
    """Past what stands between a cue and the names: the event noun, a verb, "с", ":" …"""
    while k <= stop and not (_starts_item(a.tokens[k]) and a.tokens[k].pos != "VERB"):
        k += 1
    return k


def _starts_item(t: Token) -> bool:
    return t.text[:1].isupper() or t.lemma in words("org_heads") or t.ner == "ORG"


def _items(a: Analysis, first: int, last: int) -> list[Span]:
    """A list of names: split at commas and at "и" before a new name, never inside brackets;
    a bracket after a name is no part of it ("институт (Россия, Москва)")."""
    while last > first and (
        (a.tokens[last].pos == "PUNCT" and a.tokens[last].text not in ("»", ")"))
        or a.tokens[last].low in ("и", "а", "также")
    ):
        last -= 1
    items, start, depth = [], first, 0
    k = first
    while k <= last:
        t = a.tokens[k]
        depth += (t.text == "(") - (t.text == ")")
        inside = (e := a.entity_at(k)) is not None and e.first < k < e.last  # "Министерство информации и …"
        joint = t.low == "совместно" and k + 1 <= last and a.tokens[k + 1].low == "с"  # "X совместно с Y"
        if depth == 0 and (
            t.text == ","
            or joint
            or (t.low == "и" and not inside and k + 1 <= last and _starts_item(a.tokens[k + 1]))
        ):
            if k > start:
                items.append((start, k - 1))
            k += 1 if joint else 0
            start = k + 1
        k += 1
    if last >= start:
        items.append((start, last))
    named = [(s, e) for s, e in items if any(_starts_item(a.tokens[j]) for j in range(s, e + 1))]
    return [_unbracketed(a, s, e) for s, e in named]


def _unbracketed(a: Analysis, first: int, last: int) -> Span:
    bracket = next((k for k in range(first + 1, last + 1) if a.tokens[k].text == "("), None)
    return (first, bracket - 1) if bracket is not None else (first, last)


def is_organization(a: Analysis, first: int, last: int) -> bool:
    """Tokens ``first``..``last`` name an organization: an organization entity, noun or abbreviation
    among them, and at their head no person ("Председатель райисполкома", "аким X"), pronoun, place
    alone or kinds of bodies in the plural with no name among them."""
    span = a.tokens[first : last + 1]
    if not span or span[0].pos == "PRON" or len(span) > 25:
        return False
    head = next((t for t in span if t.pos in ("NOUN", "PROPN")), span[0])
    named = [t for t in span if t.ner == "PER"]
    if any(only_abbreviation(t.text) for t in named):
        named = []  # "Псковский Облсовпроф": an abbreviated name NER took for a person's
    person = head in named or (
        not only_abbreviation(head.text) and (_animate(head) or is_post_head(head.lemma))  # "аким"
    )
    org_head = (_org_word(head) and not person) or head.ner == "ORG"
    if not org_head and (person or named):
        return False
    if head.feats.get("Number") == "Plur" and not any(t.is_cap() or t.ner == "ORG" for t in span):
        return False  # kinds of bodies, none named ("ведущие финансовые институты мира")
    return org_head or any(
        _org_word(t) or t.ner == "ORG" or is_abbreviation(t.text) or only_abbreviation(t.text) for t in span
    )


def _org_word(t: Token) -> bool:
    return t.lemma in words("org_heads") or t.low in words("org_heads")


def _animate(t: Token) -> bool:
    grams = grammemes(t.text)
    return "anim" in grams and "inan" not in grams


def _quoted(a: Analysis) -> set[int]:
    """Tokens inside quotation marks that hold a clause (a verb): quoted speech, not a name."""
    out: set[int] = set()
    opened: int | None = None
    for t in a.tokens:
        if t.text in ("«", "“") and opened is None:
            opened = t.i
        elif t.text in ("»", "”") and opened is not None:
            inside = range(opened + 1, t.i)
            if any(a.tokens[k].pos in ("VERB", "AUX") or a.tokens[k].pos == "PRON" for k in inside):
                out.update(inside)
            opened = None
        elif t.text == "\n" or (opened is not None and "\n" in a.text[a.tokens[t.i - 1].stop : t.start]):
            if opened is not None:  # left open to the end of its paragraph: speech cut off
                out.update(range(opened + 1, t.i))
            opened = None
    if opened is not None:
        out.update(range(opened + 1, len(a.tokens)))
    return out
