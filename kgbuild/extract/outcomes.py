"""What the event resolved or announced.

Outcomes: a resolution noun (``lexicon/resolution_kinds.txt``)
with an adoption verb in its sentence ("принята итоговая резолюция", "участники приняли
резолюцию, в которой отражены рекомендации для …"), one per sentence, with its content, addressee,
adopters and parties; and follow-ups announced in the future ("будет выпущен сборник докладов").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.events import lemma_table
from kgbuild.extract.morph import to_nominative
from kgbuild.extract.orgs import organization_name
from kgbuild.extract.text import phrase
from kgbuild.facts import ResolutionKind
from kgbuild.lexicon import words

Span = tuple[int, int]


@dataclass
class OutcomeMatch:
    kind: ResolutionKind
    kind_text: str
    first: int  # tokens of the sentence
    last: int
    content: list[str] = field(default_factory=list)
    adopted_by: str | None = None
    addressee: str | None = None
    parties: list[tuple[str, int, int]] = field(default_factory=list)


def _kind_noun(a: Analysis, tokens: list[Token]) -> Token | None:
    table = lemma_table("resolution_kinds")
    return next((t for t in tokens if t.lemma in table), None)


def _np_nominative(a: Analysis, first: int, last: int) -> str:
    """A noun phrase with its head noun and the adjectives before it in the nominative; what follows
    the head (its genitives: "участники конференции") stays as written."""
    forms = {}
    for k in range(first, last + 1):
        t = a.tokens[k]
        if t.pos in ("ADJ", "NOUN") and t.case and t.case != "Nom":
            number = "plur" if t.feats.get("Number") == "Plur" else "sing"
            forms[k] = to_nominative(t.text, case=t.case, gender=t.feats.get("Gender"), number=number)
        if t.pos == "NOUN":
            break
    return phrase(a, first, last, forms)


def _after_word(a: Analysis, tokens: list[Token], word: str, last: int) -> tuple[int, int] | None:
    """The noun phrase after "для"/"к": up to the next preposition or comma."""
    start = next((t.i + 1 for t in tokens if t.low == word), None)
    if start is None or start > last:
        return None
    end = start
    while (
        end + 1 <= last
        and a.tokens[end + 1].pos in ("ADJ", "NOUN", "PROPN")
        and a.tokens[end + 1].low != "по"
    ):
        end += 1
    return start, end


def outcomes(a: Analysis) -> list[OutcomeMatch]:
    out: list[OutcomeMatch] = []
    for s, (first, last) in enumerate(a.sentences):
        tokens = a.sentence_tokens(s)
        verbs = [t for t in tokens if t.lemma in words("adoption_verbs")]
        noun = _kind_noun(a, tokens)
        if noun is not None and verbs:
            out.append(_resolution(a, tokens, noun, verbs[0], (first, last)))
        elif _announces(tokens):
            text = phrase(a, first, last).rstrip(".!")
            subject = next((t for t in tokens if t.rel.startswith("nsubj") and t.pos == "NOUN"), None)
            kind_text = _np_nominative(a, subject.i, _np_end(a, subject.i, last)) if subject else None
            out.append(OutcomeMatch(ResolutionKind.FOLLOW_UP, kind_text or "анонс", first, last, [text]))
        elif out and out[-1].kind is not ResolutionKind.FOLLOW_UP and s > 0 and _details(tokens):
            out[-1].content.append(_detail(a, tokens, last))
    return out


def _resolution(a: Analysis, tokens: list[Token], noun: Token, verb: Token, span: Span) -> OutcomeMatch:
    first, last = span
    kind = ResolutionKind(lemma_table("resolution_kinds")[noun.lemma])
    k = noun.i
    while k > first and a.tokens[k - 1].pos == "ADJ":
        k -= 1
    kind_text = " ".join(
        to_nominative(a.tokens[j].text, case=a.tokens[j].case, gender=noun.feats.get("Gender")).lower()
        for j in range(k, noun.i + 1)
    )
    match = OutcomeMatch(kind, kind_text, first, last)
    which = next((t for t in tokens if t.lemma in ("который",) and t.i > noun.i), None)
    if which is not None:
        start = which.i + 1
        while start <= last and a.tokens[start].pos in ("VERB", "AUX", "ADV"):
            start += 1
        match.content.append(phrase(a, start, last).rstrip(".!"))
    subject = next(
        (t for t in tokens if t.rel.startswith("nsubj") and t.head == verb.i and t.pos == "NOUN"), None
    )
    if subject is not None:
        match.adopted_by = _np_nominative(a, subject.i, _np_end(a, subject.i, last))
    addressee = _after_word(a, tokens, "для", last) or _after_word(a, tokens, "к", last)
    if addressee:
        match.addressee = _np_nominative(a, *addressee)
    if kind in (ResolutionKind.MEMORANDUM, ResolutionKind.AGREEMENT):
        match.parties = [
            (organization_name(a, e.first, e.last), e.first, e.last)
            for e in a.entities
            if e.type == "ORG" and first <= e.first <= last
        ]
    return match


def _np_end(a: Analysis, head: int, last: int) -> int:
    end = head
    while (
        end + 1 <= last
        and a.tokens[end + 1].case == "Gen"
        and a.tokens[end + 1].pos in ("NOUN", "PROPN", "ADJ")
    ):
        end += 1
    return end


def _announces(tokens: list[Token]) -> bool:
    """ "будет выпущен сборник", "будут опубликованы материалы": a follow-up in the future."""
    future = any(t.low in ("будет", "будут") for t in tokens)
    return future and any(
        t.lemma in words("follow_up_cues") or t.lemma.rstrip("ый") in words("follow_up_cues") for t in tokens
    )


def _details(tokens: list[Token]) -> bool:
    """ "В частности, участники конференции предлагают …": the next sentence spells out content."""
    return len(tokens) > 2 and tokens[0].low == "в" and tokens[1].low == "частности"


def _detail(a: Analysis, tokens: list[Token], last: int) -> str:
    verb = next((t for t in tokens if t.pos == "VERB"), tokens[2])
    return phrase(a, verb.i + 1, last).rstrip(".!")
