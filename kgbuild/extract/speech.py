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

from itertools import pairwise

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.anaphora import pronouns_speak
from kgbuild.extract.elsewhere import background, sent_a_message
from kgbuild.extract.lists import governed, listed, relative_speech
from kgbuild.extract.moderators import moderates, moderators_cued
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.quotes import is_speech, quotes
from kgbuild.extract.syntax import first_conjunct, group_top, rival_subject
from kgbuild.facts import RoleType
from kgbuild.lexicon import words

__all__ = ["quotes", "roles"]

_CLIMB = {"flat:name", "flat", "appos", "conj", "nsubj", "nsubj:pass", "nmod", "obl:agent"}


def _speech_noun_of(a: Analysis, p: PersonMatch) -> Token | None:
    """The speech noun whose holder ``p`` is ("выступление проректора X", "в докладе X")."""
    top = group_top(a, p)
    for _ in range(8):  # "доклады профессоров A, B и C": up the list, and from the names to their post
        head = a.tokens[top.head] if top.head is not None else None
        if head is None or not (top.rel == "conj" or (top.rel == "nmod" and _plural_people(head))):
            break
        top = head
    if top.head is None or top.rel != "nmod" or any(c.rel == "case" for c in a.children(top.i)):
        return None  # the holder is a genitive: "встреча акима", not "встреча с президентом X"
    noun = a.tokens[top.head]
    return noun if noun.lemma in words("speech_nouns") else None


def _plural_people(t: Token) -> bool:
    """A plural noun of people ("профессоров", "депутатов") the names after it belong to."""
    return t.pos == "NOUN" and t.feats.get("Number") == "Plur" and t.feats.get("Animacy") == "Anim"


def _named_a_speaker(a: Analysis, p: PersonMatch) -> bool:
    """ "Среди спикеров был X", "спикерами стали A и B", "в качестве докладчика выступил X",
    "видеообращение направила X": what the person's clause says of them makes them a speaker."""
    top = first_conjunct(a, group_top(a, p))
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


def _clause_speaks(a: Analysis, p: PersonMatch) -> bool:
    """What hangs on the person or their verb says they spoke: a participle ("X, выступивший с
    докладом"), a gerund ("Приветствуя участников, ректор X вспомнила …"), a talk they came with
    ("X принял участие с докладом")."""
    group = {*range(p.first, p.last + 1), group_top(a, p).i}
    sent = a.sentence_tokens(a.tokens[p.first].sent)
    if any(
        t.rel.startswith("acl") and t.head in group and is_speech(a, t) and not _past_others(a, p, t)
        for t in sent
    ):
        return True
    top = first_conjunct(a, group_top(a, p))
    if top.head is None or not top.rel.startswith("nsubj"):
        return False
    verb = top.head
    for c in a.children(verb):
        if c.rel == "advcl" and c.feats.get("VerbForm") == "Conv" and is_speech(a, c):
            return True
        if (
            c.rel == "obl"
            and c.lemma in words("speech_nouns")
            and any(x.low in ("с", "со") for x in a.children(c.i))
        ):
            return True
    return False


def _past_others(a: Analysis, p: PersonMatch, clause: Token) -> bool:
    """A relative clause that is not about the person at the event: on a post other names stand
    after ("губернатор A, …, инспектор E, который зачитал …": the parse hung it on the first post;
    it is E's), or on a name a preposition governs."""
    return clause.rel == "acl:relcl" and (
        governed(a, p)  # "встречи с президентом X, который заявил": said elsewhere
        or any(a.tokens[k].ner == "PER" for k in range(p.last + 1, min(clause.i, len(a.tokens))))
    )


def _attribution(a: Analysis, start: int) -> bool:
    """The name stands in the words that attribute a quotation, inside its quotation marks or
    after them: "«Первое, — отметил в своём слове аким области X, — второе»"."""
    sent_first = a.sentences[a.tokens[start].sent][0]
    for k in range(start - 1, max(sent_first, start - 14) - 1, -1):
        t = a.tokens[k]
        if t.text in ("«", "»", '"'):
            return False
        if t.text in ("—", "–", "-") and k > sent_first and a.tokens[k - 1].text in (",", ".", "!", "?"):
            return any(is_speech(a, x) for x in a.tokens[k + 1 : start])
    return False


def _verb_first(a: Analysis, p: PersonMatch, start: int, people: list[PersonMatch]) -> bool:
    """A sentence opening with a speech verb, whose first person is its subject: "Открывала
    конференцию председатель оргкомитета, профессор X" (no other verb between)."""
    sent_first = a.sentences[a.tokens[p.first].sent][0]
    verb = a.tokens[sent_first]
    if not is_speech(a, verb) or verb.feats.get("VerbForm") in ("Part", "Conv"):
        return False
    if any(q.first < p.first and a.tokens[q.first].sent == verb.sent for q in people):
        return False
    return not any(t.pos in ("VERB", "AUX") for t in a.tokens[sent_first + 1 : start])


def _says_after_colon(a: Analysis, p: PersonMatch) -> bool:
    """The subject of a verb whose clause goes on with a colon and a quotation: "К словам коллеги
    присоединилась заместитель губернатора X: «…»"."""
    top = first_conjunct(a, group_top(a, p))
    if top.head is None or top.rel != "nsubj":
        return False
    sent_last = a.sentences[top.sent][1]
    k = p.last + 1
    return (
        k + 1 <= sent_last and a.tokens[k].text == ":" and a.tokens[k + 1].text in ("«", '"', "“", "—", "–")
    )


def _voiced_by(a: Analysis, p: PersonMatch) -> bool:
    """Words said by the person: "слова поздравления прозвучали от X", "доклад был сделан X-ом"."""
    top = first_conjunct(a, group_top(a, p))
    if top.head is None:
        return False
    verb = a.tokens[top.head]
    if (
        top.rel == "obl"
        and verb.lemma in ("прозвучать", "звучать")
        and any(c.low == "от" for c in a.children(top.i))
    ):
        return True
    return top.rel == "obl:agent" and any(
        c.rel == "nsubj:pass" and c.lemma in words("speech_nouns") for c in a.children(verb.i)
    )


def _transcript_turn(a: Analysis, p: PersonMatch, start: int) -> bool:
    """ "Сергей Гуриев: Добрый день, коллеги", "Анна Смирнова, ректор университета: «…»": a name
    opening a line or sentence, perhaps with its post, then a colon and what was said."""
    sent_first, sent_last = a.sentences[a.tokens[p.first].sent]
    line_start = a.text.rfind("\n", 0, a.tokens[start].start) + 1
    if start != sent_first and a.text[line_start : a.tokens[start].start].strip():
        return False
    k = p.last + 1
    while k <= min(sent_last, p.last + 20) and a.tokens[k].text != ":":
        if a.tokens[k].pos in ("VERB", "AUX") or a.tokens[k].text in (";", "«", "»", '"'):
            return False
        k += 1
    return (
        k <= sent_last and a.tokens[k].text == ":" and (k == p.last + 1 or a.tokens[p.last + 1].text == ",")
    )


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
    top = group_top(a, p)
    if top.head is None or top.rel not in ("iobj", "obl") or top.case != "Dat":
        return False
    verb = a.tokens[top.head]
    return verb.lemma in ("предоставить", "предоставлять", "дать", "давать") and any(
        c.lemma == "слово" for c in a.children(verb.i)
    )


def _subject_of_speech(a: Analysis, p: PersonMatch) -> bool:
    """A name token climbs the syntax tree to a speech verb it is the subject of."""
    for k in range(p.first, p.last + 1):
        t, came = a.tokens[k], ""
        for _ in range(6):
            if t.head is None or rival_subject(a, t):
                break
            came, t = t.rel, a.tokens[t.head]
            if (is_speech(a, t) or _then_speaks(a, t)) and _speaks_as(came):
                return True
            if t.rel not in _CLIMB:
                break
        if is_speech(a, t) and _speaks_as(came):
            return True
    return False


def _then_speaks(a: Analysis, verb: Token) -> bool:
    """A verb of speech follows ``verb`` with its subject ("поддержала инициативу и попросила …",
    "остановился на итогах, а также рассказал …"): a conjoined verb with no subject of its own."""
    return verb.pos == "VERB" and any(
        c.rel in ("conj", "advcl", "parataxis")
        and c.pos == "VERB"
        and c.i > verb.i
        and is_speech(a, c)
        and not any(g.rel.startswith("nsubj") for g in a.children(c.i))
        for c in a.children(verb.i)
    )


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
    if not _speaks_before(a, k, start):
        # a title the rules do not know stands between: "открыл проректор Университета X"
        j, words_ = start - 1, 0
        while j >= 0 and words_ < 6 and a.tokens[j].pos in ("NOUN", "ADJ", "PROPN") and a.tokens[j].case:
            j, words_ = j - 1, words_ + 1
        nominative = any(a.tokens[i].case == "Nom" and a.tokens[i].pos == "NOUN" for i in range(j + 1, start))
        return bool(words_) and nominative and _speaks_before(a, j, j + 1)
    return True


def _speaks_before(a: Analysis, k: int, start: int) -> bool:
    """Token ``k`` is a speech verb whose subject may be what starts at ``start``: not a passive
    participle's ("замечены X"), nor the object of thanks or greeting ("поблагодарил министра X")."""
    verb = a.tokens[k] if k >= 0 else None
    if verb is None or not is_speech(a, verb) or verb.sent != a.tokens[start].sent:
        return False
    case = a.tokens[start].case
    if verb.feats.get("VerbForm") == "Part" and case != "Ins":
        return False
    return not (verb.lemma in words("addressing_verbs") and case in ("Acc", "Gen", "Dat"))


def _verb_after(a: Analysis, p: PersonMatch) -> bool:
    """A speech verb right after the name, or after what the name has in brackets: "X (СДПК)
    отметил"."""
    k = p.last + 1
    if k < len(a.tokens) and a.tokens[k].text == "(":
        close = next((j for j in range(k + 1, min(k + 8, len(a.tokens))) if a.tokens[j].text == ")"), None)
        k = close + 1 if close is not None else k
    return k < len(a.tokens) and is_speech(a, a.tokens[k])


def _quoted_by_words(a: Analysis, start: int) -> bool:
    """ "По словам X", "Как отметил X"."""
    before = [t.low for t in a.tokens[max(0, start - 2) : start]]
    return before in (["по", "словам"], ["по", "мнению"]) or before[-1:] == ["слова"]


def _takes_part(a: Analysis, p: PersonMatch) -> bool:
    sent = a.sentence_tokens(a.tokens[p.first].sent)
    return any(t.lemma in words("participation_verbs") for t in sent)


def _with_a_talk(a: Analysis, p: PersonMatch) -> bool:
    """ "X принял участие в конференции с докладом", "… в обсуждении": taking part with a talk, or
    in a debate, is speaking."""
    sent = a.sentence_tokens(a.tokens[p.first].sent)
    return any(
        (t.low in ("с", "со") and n.lemma in words("speech_nouns") and n.case == "Ins")
        or (t.low == "в" and n.lemma in words("debates") and n.case == "Loc")  # "участие в обсуждении"
        for t, n in pairwise(sent)
    )


def roles(a: Analysis, people: list[PersonMatch], starts: list[int]) -> list[RoleType]:
    """The role of each person of ``people`` at the reported event; ``starts``: where each person's
    capacity (or name) begins in the text."""
    spoken = quotes(a)
    result: list[RoleType] = []
    for n, (p, start) in enumerate(zip(people, starts, strict=True)):
        offset = a.tokens[p.first].start
        if any(q.start <= offset < q.stop for q in spoken) and not _attribution(a, start):
            result.append(RoleType.MENTIONED)
            continue
        noun = _speech_noun_of(a, p)
        if _in_a_title(a, p) or sent_a_message(a, p) or background(a, p):
            role = RoleType.MENTIONED
        elif moderates(a, start, p, people) or (
            n > 0
            and result[-1] is RoleType.MODERATOR
            and listed(a, people[n - 1], start)
            and moderators_cued(a, p)
        ):
            role = RoleType.MODERATOR  # "Модераторами выступили A, B и C": each of them
        elif noun is not None:
            role = RoleType.MENTIONED if _read_out(a, noun) else RoleType.SPEAKER
        elif (
            _subject_of_speech(a, p)
            or relative_speech(a, p, people)
            or _verb_before(a, start)
            or _verb_after(a, p)
            or _quoted_by_words(a, start)
            or _given_the_floor(a, p)
            or _named_a_speaker(a, p)
            or _clause_speaks(a, p)
            or _transcript_turn(a, p, start)
            or _attribution(a, start)
            or _voiced_by(a, p)
            or _says_after_colon(a, p)
            or _verb_first(a, p, start, people)
        ):
            role = RoleType.SPEAKER
        elif (
            n > 0 and result[-1] in (RoleType.SPEAKER, RoleType.MODERATOR) and listed(a, people[n - 1], start)
        ):
            role = result[-1]  # "выступили аким … Б. Сапарбаев, Вице-министр … Б. Тлепов"
        elif _takes_part(a, p):
            role = RoleType.SPEAKER if _with_a_talk(a, p) else RoleType.PARTICIPANT
        else:
            role = RoleType.MENTIONED
        result.append(role)
    taken_up = pronouns_speak(a, people, result)  # but not to speak on another occasion:
    return [
        RoleType.MENTIONED if background(a, p) else role for p, role in zip(people, taken_up, strict=True)
    ]
