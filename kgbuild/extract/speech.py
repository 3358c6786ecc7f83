"""Who spoke at the event, and who is only mentioned in its report.

A person speaks when they are the subject of a speech verb ("А.Манойло подчеркнул", "с докладами
выступили аким … Б. Сапарбаев, … К.Ергалиев", "приветствие зачитала советник …"), are named in the
attribution of a quotation ("…, — отметил аким … Бердибек Сапарбаев"), are quoted ("По словам главы
… Игоря Щеголёва"), hold a speech named by a noun ("Выступление проректора X было посвящено …", "в
докладе X"), are given the floor ("слово предоставили X"), or are taken up by a pronoun that
speaks ("… приняли участие A, B и C. В своих выступлениях они …"; "X прибыл … Он отметил").
Whose greeting is read out by another does not speak ("приветствие президента зачитала …").
People named inside someone else's quoted speech, or credited with something without speaking
("Инициированный Главой государства …"), are mentioned. Moderators lead a part ("Модератором
выступила …", "дискуссию вела …", "ведущими стали A и B"). The rest of a report's people took part
("приняли участие") or are mentioned.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.morph import grammemes
from kgbuild.extract.people import PersonMatch
from kgbuild.facts import RoleType
from kgbuild.lexicon import words

_DASHES = {"—", "–", "-"}
_CLIMB = {"flat:name", "flat", "appos", "conj", "nsubj", "nsubj:pass", "nmod", "obl:agent"}
_QUOTE_OPEN = {"«": "»", "“": "”"}
_QUOTE_SPAN = 400  # tokens: a quotation is a paragraph, not a chapter


@dataclass(frozen=True)
class Quote:
    start: int  # character offsets of the quoted words
    stop: int


def _speech(a: Analysis, t: Token) -> bool:
    """A verb of speaking, in its sense here: "отметил, что …" speaks; "отметила работников",
    "отметил 55-летие" honours or celebrates."""
    if t.pos not in ("VERB", "ADJ", "AUX") or t.lemma not in words("speech_verbs"):
        return False
    if t.lemma in ("отметить", "отмечать"):
        return not any(c.rel == "obj" and _honoured(c) for c in a.children(t.i))
    return True


def _honoured(t: Token) -> bool:
    """What one honours or celebrates rather than remarks on: people, an anniversary, a holiday."""
    return (
        ("anim" in grammemes(t.text) and "inan" not in grammemes(t.text))
        or t.lemma.endswith("летие")
        or t.lemma in words("celebrations")
    )


def _group_top(a: Analysis, p: PersonMatch) -> Token:
    """The top of the phrase naming ``p``: the name climbs to the post it is in apposition to
    ("проректора ОмГУ Ивана Петрова" → "проректора")."""
    t = a.tokens[p.last]
    for _ in range(6):
        if t.head is None or t.rel not in ("flat:name", "flat", "appos"):
            break
        head = a.tokens[t.head]
        if t.rel == "appos" and head.pos not in ("NOUN", "PROPN"):
            break
        t = head
    return t


def _first_conjunct(a: Analysis, t: Token) -> Token:
    """The first of a list of names ``t`` is in (parses may hold cycles: the climb is bounded)."""
    for _ in range(8):
        if t.rel != "conj" or t.head is None:
            break
        t = a.tokens[t.head]
    return t


def _speech_noun_of(a: Analysis, p: PersonMatch) -> Token | None:
    """The speech noun whose holder ``p`` is ("выступление проректора X", "в докладе X")."""
    top = _group_top(a, p)
    if top.head is None or top.rel != "nmod":
        return None
    noun = a.tokens[top.head]
    return noun if noun.lemma in words("speech_nouns") else None


def _named_a_speaker(a: Analysis, p: PersonMatch) -> bool:
    """ "Среди спикеров был X", "спикерами стали A и B", "в качестве докладчика выступил X",
    "видеообращение направила X": what the person's clause says of them makes them a speaker."""
    top = _first_conjunct(a, _group_top(a, p))
    if top.head is None or not top.rel.startswith("nsubj"):
        return False
    head = a.tokens[top.head]
    if head.lemma in words("speaker_nouns"):
        return True
    sending = head.lemma in words("sending_verbs")
    return any(
        (c.lemma in words("speaker_nouns") and c.rel in ("obl", "xcomp", "nmod"))
        or (c.lemma in words("recorded_speech") and c.rel == "obj")
        or (c.lemma in words("speech_nouns") and c.rel == "obj" and not sending)  # "подготовил доклад"
        for c in a.children(head.i)
    )


def _sent_a_message(a: Analysis, p: PersonMatch) -> bool:
    """The person sent a message others received or read ("приветствие направил президент X",
    "в своём письме X отметил"): they did not speak at the event."""
    top = _first_conjunct(a, _group_top(a, p))
    if top.head is None or not top.rel.startswith("nsubj"):
        return False
    verb = a.tokens[top.head]
    for c in a.children(verb.i):
        if c.lemma in words("recorded_speech"):
            return False
        if verb.lemma in words("sending_verbs") and c.rel == "obj" and c.lemma in words("speech_nouns"):
            return True
        if c.rel == "obl" and c.lemma in words("written_messages"):
            return True
    return False


def _clause_speaks(a: Analysis, p: PersonMatch) -> bool:
    """What hangs on the person or their verb says they spoke: a participle ("X, выступивший с
    докладом"), a gerund ("Приветствуя участников, ректор X вспомнила …"), a talk they came with
    ("X принял участие с докладом")."""
    group = {*range(p.first, p.last + 1), _group_top(a, p).i}
    sent = a.sentence_tokens(a.tokens[p.first].sent)
    if any(t.rel.startswith("acl") and t.head in group and _speech(a, t) for t in sent):
        return True
    top = _first_conjunct(a, _group_top(a, p))
    if top.head is None or not top.rel.startswith("nsubj"):
        return False
    verb = top.head
    for c in a.children(verb):
        if c.rel == "advcl" and c.feats.get("VerbForm") == "Conv" and _speech(a, c):
            return True
        if (
            c.rel == "obl"
            and c.lemma in words("speech_nouns")
            and any(x.low in ("с", "со") for x in a.children(c.i))
        ):
            return True
    return False


def _transcript_turn(a: Analysis, p: PersonMatch) -> bool:
    """ "Сергей Гуриев: Добрый день, коллеги": a name opening a line of a transcript."""
    after = p.last + 1
    if after >= len(a.tokens) or a.tokens[after].text != ":" or a.tokens[after].sent != a.tokens[p.last].sent:
        return False
    line_start = a.text.rfind("\n", 0, a.tokens[p.first].start) + 1
    return not a.text[line_start : a.tokens[p.first].start].strip()


def _read_out(a: Analysis, noun: Token) -> bool:
    """The speech was read out or passed on by someone else ("приветствие … зачитала советник",
    "с приветствия президента X, которое зачитала …")."""
    if noun.head is not None and a.tokens[noun.head].lemma in words("reading_verbs"):
        return True
    return any(c.rel.startswith("acl") and c.lemma in words("reading_verbs") for c in a.children(noun.i))


def _in_a_title(a: Analysis, p: PersonMatch) -> bool:
    """The name stands inside a short quoted title ("выставка «К.Э. Циолковский и мы»")."""
    sent = a.sentence_tokens(a.tokens[p.first].sent)
    opening = [t for t in sent if t.i < p.first and t.text in ("«", '"', "“")]
    if not opening:
        return False
    start = opening[-1]
    closing = next((t for t in sent if t.i > p.last and t.text in ("»", '"', "”")), None)
    between_closed = any(
        t.text in ("»", "”") or (t.text == '"' and t.i > start.i) for t in sent if start.i < t.i < p.first
    )
    return closing is not None and not between_closed and closing.i - start.i <= 15


def _given_the_floor(a: Analysis, p: PersonMatch) -> bool:
    """ "Слово предоставили X", "слово было предоставлено X": the person the floor is given to."""
    top = _group_top(a, p)
    if top.head is None or top.rel not in ("iobj", "obl") or top.case != "Dat":
        return False
    verb = a.tokens[top.head]
    return verb.lemma in ("предоставить", "предоставлять", "дать", "давать") and any(
        c.lemma == "слово" for c in a.children(verb.i)
    )


def quotes(a: Analysis) -> list[Quote]:
    """Direct speech: dash quotations closed by "…, — отметил X", and «…» with a speech verb beside."""
    out = []
    tokens = a.tokens
    last_stop = 0
    for d in tokens:
        if d.text not in _DASHES or d.i == 0 or d.i + 1 >= len(tokens):
            continue
        if tokens[d.i - 1].text not in (",", ".", "!", "?", "…", "»") or not _speech(a, tokens[d.i + 1]):
            continue
        opening = next(
            (
                q
                for q in reversed(tokens[: d.i - 1])
                if q.start >= last_stop
                and q.text in _DASHES
                and (
                    q.i == 0
                    or tokens[q.i - 1].text in (".", "!", "?", ":", "»")
                    or tokens[q.i - 1].sent != q.sent
                )
            ),
            None,
        )
        if opening is not None:
            out.append(Quote(opening.stop, d.start))
            last_stop = d.stop
    for t in tokens:
        if t.text not in _QUOTE_OPEN:
            continue
        close = next((c for c in tokens[t.i + 1 : t.i + _QUOTE_SPAN] if c.text == _QUOTE_OPEN[t.text]), None)
        if close is None:
            continue
        after = tokens[close.i + 1 : close.i + 4]
        before = tokens[max(0, t.i - 2) : t.i]
        if any(_speech(a, x) for x in after) or (
            any(x.text == ":" for x in before) and any(_speech(a, x) for x in before)
        ):
            out.append(Quote(t.stop, close.start))
    return out


def _subject_of_speech(a: Analysis, p: PersonMatch) -> bool:
    """A name token climbs the syntax tree to a speech verb it is the subject of."""
    for k in range(p.first, p.last + 1):
        t, came = a.tokens[k], ""
        for _ in range(6):
            if t.head is None:
                break
            came, t = t.rel, a.tokens[t.head]
            if _speech(a, t) and _speaks_as(came):
                return True
            if t.rel not in _CLIMB:
                break
        if _speech(a, t) and _speaks_as(came):
            return True
    return False


def _speaks_as(rel: str) -> bool:
    """The subject of an active speech verb speaks; so does the agent of a passive one ("было
    отмечено директором X"); the subject of a passive one is what is said or seen ("были замечены
    A и B")."""
    return rel in ("nsubj", "obl:agent")


def _verb_before(a: Analysis, start: int) -> bool:
    """A speech verb right before the person's capacity and name ("отметил аким … Сапарбаев")."""
    k = start - 1
    while k >= 0 and a.tokens[k].low in ("и", "также", "еще", "тоже", "докладом", "докладами", "с", "речью"):
        k -= 1
    titles = 0  # "выступил Чрезвычайный и Полномочный Посол …": capitalised words of a title
    while k >= 0 and titles < 4 and (a.tokens[k].is_cap() and a.tokens[k].pos in ("ADJ", "PROPN")):
        k -= 1
        titles += 1
        while k >= 0 and a.tokens[k].low == "и":
            k -= 1
    verb = a.tokens[k] if k >= 0 else None
    return (
        verb is not None
        and _speech(a, verb)
        and verb.sent == a.tokens[start].sent
        and not (verb.feats.get("VerbForm") == "Part" and a.tokens[start].case != "Ins")  # "замечены X"
    )


def _verb_after(a: Analysis, p: PersonMatch) -> bool:
    k = p.last + 1
    return k < len(a.tokens) and _speech(a, a.tokens[k])


def _quoted_by_words(a: Analysis, start: int) -> bool:
    """ "По словам X", "Как отметил X"."""
    before = [t.low for t in a.tokens[max(0, start - 2) : start]]
    return before == ["по", "словам"] or before[-1:] == ["слова"]


def _takes_part(a: Analysis, p: PersonMatch) -> bool:
    sent = a.sentence_tokens(a.tokens[p.first].sent)
    return any(t.lemma in words("participation_verbs") for t in sent)


def _with_a_talk(a: Analysis, p: PersonMatch) -> bool:
    """ "X принял участие в конференции с докладом": taking part with a talk is speaking."""
    sent = a.sentence_tokens(a.tokens[p.first].sent)
    return any(
        t.low in ("с", "со") and n.lemma in words("speech_nouns") and n.case == "Ins"
        for t, n in pairwise(sent)
    )


def _moderator_cue(a: Analysis, t: Token) -> bool:
    """A word making someone a moderator: "модератор", "ведущий" as a noun ("ведущими стали"), and
    "вести" when what is led is a discussion ("дискуссию вела журналист …")."""
    if t.lemma == "вести" or t.low.startswith("ведущ"):
        if t.pos == "NOUN" or (t.pos == "ADJ" and t.rel != "amod"):
            return True  # "ведущий" standing for a person, not "ведущий специалист"
        return t.pos == "VERB" and any(c.lemma in words("led_discussions") for c in a.children(t.i))
    return t.lemma in words("moderator_cues")


def _moderates(a: Analysis, start: int, p: PersonMatch, people: list[PersonMatch]) -> bool:
    """A moderator word in the person's clause with no other name between ("Модератором пленарной
    сессии выступила журналист Дина Касымова", "X модерировал дискуссию")."""
    first, last = a.sentences[a.tokens[p.first].sent]
    for t in a.tokens[first : last + 1]:
        if _moderator_cue(a, t):
            others = {
                k
                for q in people
                if q is not p and first <= q.first <= last
                for k in range(q.first, q.last + 1)
            }
            between = range(min(t.i, start), max(t.i, p.last))
            if not any(k in others for k in between) and not any(a.tokens[k].text == ";" for k in between):
                return True
    return False


def roles(a: Analysis, people: list[PersonMatch], starts: list[int]) -> list[RoleType]:
    """The role of each person of ``people`` at the reported event; ``starts``: where each person's
    capacity (or name) begins in the text."""
    spoken = quotes(a)
    result: list[RoleType] = []
    for n, (p, start) in enumerate(zip(people, starts, strict=True)):
        offset = a.tokens[p.first].start
        if any(q.start <= offset < q.stop for q in spoken):
            result.append(RoleType.MENTIONED)
            continue
        noun = _speech_noun_of(a, p)
        if _in_a_title(a, p) or _sent_a_message(a, p):
            role = RoleType.MENTIONED
        elif _moderates(a, start, p, people):
            role = RoleType.MODERATOR
        elif noun is not None:
            role = RoleType.MENTIONED if _read_out(a, noun) else RoleType.SPEAKER
        elif (
            _subject_of_speech(a, p)
            or _verb_before(a, start)
            or _verb_after(a, p)
            or _quoted_by_words(a, start)
            or _given_the_floor(a, p)
            or _named_a_speaker(a, p)
            or _clause_speaks(a, p)
            or _transcript_turn(a, p)
        ):
            role = RoleType.SPEAKER
        elif (
            n > 0
            and result[-1] in (RoleType.SPEAKER, RoleType.MODERATOR)
            and _listed(a, people[n - 1], start)
        ):
            role = result[-1]  # "выступили аким … Б. Сапарбаев, Вице-министр … Б. Тлепов"
        elif _takes_part(a, p):
            role = RoleType.SPEAKER if _with_a_talk(a, p) else RoleType.PARTICIPANT
        else:
            role = RoleType.MENTIONED
        result.append(role)
    return _anaphora(a, people, result)


def _anaphora(a: Analysis, people: list[PersonMatch], found: list[RoleType]) -> list[RoleType]:
    """People a pronoun takes up in the next sentence speak when the pronoun does: "… приняли
    участие A, B и C. В своих выступлениях они …" (all of them), "A прибыл … Он отметил" (the
    subject before, of the pronoun's gender)."""
    out = list(found)
    by_sentence: dict[int, list[int]] = {}
    for n, p in enumerate(people):
        by_sentence.setdefault(a.tokens[p.first].sent, []).append(n)
    for sent in range(1, len(a.sentences)):
        pronoun = _speaking_pronoun(a, sent)
        if pronoun is None or sent in by_sentence or sent - 1 not in by_sentence:
            continue
        before = [n for n in by_sentence[sent - 1] if out[n] in (RoleType.PARTICIPANT, RoleType.MENTIONED)]
        if pronoun.feats.get("Number") == "Plur" or pronoun.low in ("они", "все"):
            chosen = before if len(by_sentence[sent - 1]) >= 2 else []
        else:
            gender = pronoun.feats.get("Gender")
            chosen = [
                n for n in before if _is_subject(a, people[n]) and (people[n].gender or gender) == gender
            ][:1]
        for n in chosen:
            out[n] = RoleType.SPEAKER
    return out


def _speaking_pronoun(a: Analysis, sent: int) -> Token | None:
    """The personal pronoun that is the subject of a speech verb in sentence ``sent``."""
    for t in a.sentence_tokens(sent):
        if (
            t.pos == "PRON"
            and t.low in ("он", "она", "они")
            and t.rel.startswith("nsubj")
            and t.head is not None
            and _speech(a, a.tokens[t.head])
        ):
            return t
    return None


def _is_subject(a: Analysis, p: PersonMatch) -> bool:
    top = _group_top(a, p)
    return top.rel.startswith("nsubj") or any(
        a.tokens[k].rel.startswith("nsubj") for k in range(p.first, p.last + 1)
    )


def _listed(a: Analysis, prev: PersonMatch, start: int) -> bool:
    """The person comes next in a list after ``prev``: a comma or "и" between them, and nothing
    but the person's own titles ("… И.И. Тучков и декан факультета МГУ, проф. А.Ю. Шутов")."""
    gap = a.tokens[prev.last + 1 : start]
    if 0 < len(gap) <= 2 and all(t.text in (",", "и") for t in gap):
        return True
    return (
        0 < len(gap) <= 15
        and gap[0].text in (",", "и")
        and not any(t.pos in ("VERB", "AUX") or t.text in (".", ";", ":", "(", "—", "–") for t in gap)
        and all(t.sent == a.tokens[start].sent for t in gap)
    )
