"""What natasha's syntax says about a name and the capacity phrases around it.

The dependency parse (Universal Dependencies relations) settles what adjacency cannot:

    whose noun a name is         "дочь президента Мария Сидорова": Мария is ``appos`` of "дочь", so
                                 "президента" is not hers (and "дочь" is no capacity)
    a genitive complement        "соратник Цзян Цзэминя, премьер …": the apposition after the
                                 genitive name belongs to the one the "соратник" is
    predicates                   "X был назначен министром финансов", "X работает хирургом",
                                 "министром стал X", "X занимает должность директора":
                                 the name is the subject (``nsubj``) of a copula or a work verb
                                 (``lexicon/copula_verbs.txt``), the passive subject or the object of
                                 an appointment (``lexicon/appointment_verbs.txt``), whose complement
                                 in the instrumental heads a capacity; or a capacity is its predicate
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_heads import person_noun
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.posts import Phrase, PostMatch
from kgbuild.facts import CapacityKind, CapacityStatus
from kgbuild.lexicon import mapping, words

#: Relations by which a name hangs on a noun it names or qualifies.
_ATTACH = ("appos", "nmod", "flat", "flat:name")
#: Relations of a predicate noun to its verb ("назначен министром", "стал капитаном").
_PREDICATE = ("xcomp", "obl", "obj", "ccomp", "advcl", "conj")


def name_root(a: Analysis, p: PersonMatch) -> Token:
    """The word of the name that hangs on something outside it (the last word when none does)."""
    for k in range(p.first, p.last + 1):
        head = a.tokens[k].head
        if head is None or not p.first <= head <= p.last:
            return a.tokens[k]
    return a.tokens[p.last]


def _governs(a: Analysis, ancestor: int, k: int, steps: int = 3) -> bool:
    """Token ``k`` is a complement (``nmod``) of ``ancestor``, or of a complement of it …, within
    ``steps``."""
    t = a.tokens[k]
    for _ in range(steps):
        if t.head is None or t.rel != "nmod":
            return False
        if t.head == ancestor:
            return True
        t = a.tokens[t.head]
    return False


def named_by_other_noun(a: Analysis, p: PersonMatch, post: PostMatch) -> bool:
    """The name before which ``post`` stands hangs on a noun further left that governs the post:
    "дочь действующего президента Мария Сидорова" (Мария is the daughter, not the president)."""
    root = name_root(a, p)
    if root.head is None or root.rel not in _ATTACH or root.head >= post.first:
        return False
    noun = a.tokens[root.head]
    if noun.lemma in words("post_frames"):
        return False  # "на посту министра Анна Белова": the post is hers
    return noun.pos in ("NOUN", "PROPN") and _governs(a, noun.i, post.head)


def complement_of_phrase(a: Analysis, p: PersonMatch, post: PostMatch) -> bool:
    """The name right after ``post`` is a complement of a word of it in another case, or one the
    post's own complement follows, not its holder: "тренер Петровой", "первый заместитель
    Клишаса", "представитель партии Цвангираи", "помощник Хиллари Клинтон по делам"."""
    root = name_root(a, p)
    head = a.tokens[post.head]
    if root.rel == "nmod" and root.head == post.head and _continues_after(a, post.head, p.last):
        return True  # "помощник Хиллари Клинтон по европейским делам": the post goes on past the name
    return (
        root.rel == "nmod"
        and root.head is not None
        and post.first <= root.head <= post.last
        and root.case is not None
        and head.case is not None
        # the name read again as nominative after a nominative post agrees
        and head.case not in (root.case, p.case)
    )


def _continues_after(a: Analysis, head: int, last: int) -> bool:
    """A complement with a preposition hangs on token ``head`` right after token ``last``: the
    phrase of ``head`` holds what stands between them."""
    return any(
        c.i > last and c.rel == "nmod" and any(g.rel == "case" and g.i == last + 1 for g in a.children(c.i))
        for c in a.children(head)
    )


def complement_of_person_noun(a: Analysis, p: PersonMatch) -> bool:
    """The name is the genitive complement of a noun naming a person before it ("соратник Цзян
    Цзэминя", "дочь Петрова"): what follows it in apposition is that person's, not this one's."""
    root = name_root(a, p)
    if root.head is None or root.head >= p.first or root.rel not in _ATTACH:
        return False
    noun = a.tokens[root.head]
    case = root.case or p.case
    return (
        noun.pos == "NOUN"
        and case in ("Gen", "Dat")
        and noun.case is not None
        and noun.case != case
        and person_noun(noun.text) is not None
    )


def predicates(a: Analysis, p: PersonMatch, phrases: Iterable[PostMatch], names: set[int]) -> list[PostMatch]:
    """Capacity phrases the name is the subject of: "X является депутатом", "X работает хирургом",
    "министром стал X", "X был назначен министром", "президент назначил X министром", "X занимает
    должность директора", "X назначен на должность директора", "X выступил в качестве эксперта",
    "X — врач", and those conjoined with them ("X был министром, а затем послом"). ``names``: the
    tokens of every name; a phrase with another name between is not this one's."""
    root = name_root(a, p)
    coordinated = root.rel == "conj" or any(c.rel == "conj" for c in a.children(root.i))
    relative = [
        c
        for clause in a.children(name_root(a, p).i)
        if clause.rel == "acl:relcl"
        for c in a.children(clause.i)
        if c.lemma == "который" and c.rel in ("nsubj", "nsubj:pass")
    ]  # "X, который является директором …": the relative pronoun is X
    while root.rel == "conj" and root.head is not None and a.tokens[root.head].pos == "PROPN":
        root = a.tokens[root.head]  # "… выступили Михаил Агранович и Михаил Хасая": the first conjunct's
    out = predicates_of(a, root, (p.first, p.last), phrases, names, plural=p.plural or coordinated)
    for pronoun in relative:
        said = predicates_of(a, pronoun, (pronoun.i, pronoun.i), phrases, names)
        out += [ph for ph in said if ph not in out]
    return out


def predicates_of(
    a: Analysis,
    root: Token,
    span: tuple[int, int],
    phrases: Iterable[PostMatch],
    names: set[int],
    *,
    plural: bool = False,
) -> list[PostMatch]:
    """The capacity phrases whose subject is token ``root`` (a name's, or a pronoun's), whose
    words are ``span``; see :func:`predicates`."""
    if root.head is None or root.rel not in ("nsubj", "nsubj:pass", "obj"):
        return []
    first, last = span
    candidates = []
    for ph in phrases:
        head = a.tokens[ph.head]
        if head.sent != root.sent or ph.first <= last < ph.last or (ph.plural and not plural):
            continue
        between = range(last + 1, ph.first) if ph.first > last else range(ph.last + 1, first)
        if not any(k in names for k in between):
            candidates.append(ph)
    out: list[PostMatch] = []
    for verb in _verbs_of(a, root, a.tokens[root.head]):
        out += [ph for ph in _said(a, root, verb, candidates) if ph not in out]
    return out + _conjoined(a, out, candidates)


def _verbs_of(a: Analysis, root: Token, verb: Token) -> list[Token]:
    """``verb``, whose subject (or object) ``root`` is, and the predicates conjoined with it that
    have no subject of their own: "X учился во Франции и работал консультантом"."""
    if root.rel == "obj":
        return [verb]
    found, todo = [verb], [verb]
    while todo:  # conjuncts of conjuncts: "является депутатом, состоит во фракции, является членом …"
        shared = [
            c
            for c in a.children(todo.pop().i)
            if c.rel == "conj"
            and c.pos in ("VERB", "AUX", "NOUN")
            and c not in found
            and not _has_subject(a, c)
        ]
        found += shared
        todo += shared
    return found + _roots_after(a, verb, found)


def _roots_after(a: Analysis, verb: Token, found: list[Token]) -> list[Token]:
    """Verbs the parse left as roots of their own later in the sentence, with no subject and the
    number of ``verb``: predicates listed after it with commas ("он является депутатом, состоит во
    фракции, также является членом комитета"), whose subject is ``verb``'s."""
    number = verb.feats.get("Number")
    return [
        t
        for t in a.tokens[verb.i + 1 : a.sentences[verb.sent][-1] + 1]
        if t.rel == "root"
        and t.pos in ("VERB", "AUX")
        and t not in found
        and not _has_subject(a, t)
        and t.feats.get("Number") in (number, None)
    ]


def _framed_by(
    a: Analysis, frame: Token, verb: Token, root: Token, ph: PostMatch, *, appointed: bool, passive: bool
) -> CapacityStatus | None:
    """Whether the post a frame noun ("пост", "должность") names is the subject's, and its status:
    "X занимает должность директора", "X назначен на пост министра", "X в должности министра
    посетил …", "X перешёл на должность министра" (held); "X покинул пост министра", "X ушёл с
    поста министра" (held before); None for a post sought or given to someone else ("выдвинул на
    пост")."""
    subject = root.rel == "nsubj"
    cases = {c.low for c in a.children(frame.i) if c.rel == "case"}
    move = mapping("post_moves").get(verb.lemma)
    if frame.case == "Gen" and cases & {"с", "со", "от"}:
        return CapacityStatus.FORMER  # "ушёл с поста министра", "освобождён от должности директора"
    if frame.rel == "obj" and subject:
        return CapacityStatus(move) if move else CapacityStatus.CURRENT
    if frame.rel != "obl":
        return None
    if (appointed and passive) or (subject and frame.case == "Acc" and move == "current"):
        return CapacityStatus.CURRENT  # "назначен на пост министра", "перешёл на должность министра"
    if subject and frame.case == "Loc" and _near(root, ph):
        return CapacityStatus.CURRENT  # "X в должности министра посетил …", "на посту министра X …"
    return None


def sought(a: Analysis, ph: Phrase) -> bool:
    """A post someone is put forward for, not one held: "выдвинул на пост главы ФБР X"
    (but "назначил на пост министра X": the appointed holds it)."""
    if not isinstance(ph, PostMatch) or ph.first < 2:
        return False
    frame, before = a.tokens[ph.first - 1], a.tokens[ph.first - 2]
    if frame.lemma not in words("post_frames") or before.low != "на" or frame.case != "Acc":
        return False
    verb = a.tokens[frame.head] if frame.head is not None else None
    return verb is None or verb.lemma not in words("appointment_verbs")


def _has_subject(a: Analysis, t: Token) -> bool:
    return any(c.rel in ("nsubj", "nsubj:pass") for c in a.children(t.i))


def _said(a: Analysis, root: Token, verb: Token, candidates: list[PostMatch]) -> list[PostMatch]:
    """The candidates that are the predicate of ``verb``, whose subject (or object) ``root`` is."""
    appointed = verb.lemma in words("appointment_verbs")
    passive = root.rel == "nsubj:pass" or verb.feats.get("Voice") == "Pass"
    # the active subject of "назначить" appoints; its passive subject or its object is appointed
    holder = (root.rel != "obj" and not appointed) or (appointed and (passive or root.rel == "obj"))
    if not holder:
        return []
    out = []
    for ph in candidates:
        head = a.tokens[ph.head]
        if head.i == verb.i:
            if root.rel == "nsubj" and _is_predicate_noun(a, head):
                out.append(ph)  # "X был министром", "X — министр": the noun is the predicate itself
        elif head.head == verb.i:
            if (
                head.rel in _PREDICATE
                and head.case == "Ins"
                and (appointed or verb.lemma in words("copula_verbs"))
                and not _has_subject(a, head)  # "…, а главой ведомства — Y": Y's, by gapping
            ):
                out.append(_at_workplace(a, ph, verb))
            elif head.rel == "obl" and root.rel == "nsubj" and _in_capacity_of(a, ph) and _near(root, ph):
                out.append(ph)  # "X выступил в качестве эксперта"
        elif _framed(a, ph) and head.head is not None and a.tokens[head.head].head == verb.i:
            framed = _framed_by(a, a.tokens[head.head], verb, root, ph, appointed=appointed, passive=passive)
            if framed is not None:
                out.append(ph if framed == CapacityStatus.CURRENT else replace(ph, status=framed))
    return out


def _conjoined(a: Analysis, found: list[PostMatch], candidates: list[PostMatch]) -> list[PostMatch]:
    """Predicates conjoined with those found: "был министром здравоохранения, а затем министром
    иностранных дел", "был членом партии, борцом и революционером"."""
    heads = {ph.head for ph in found}
    more: list[PostMatch] = []
    grew = True
    while grew:
        grew = False
        for ph in candidates:
            head = a.tokens[ph.head]
            if (
                ph.head not in heads
                and head.rel == "conj"
                and head.head in heads
                and head.case in ("Ins", "Nom")
            ):
                heads.add(ph.head)
                more.append(ph)
                grew = True
    return more


def _at_workplace(a: Analysis, ph: PostMatch, verb: Token) -> PostMatch:
    """``ph`` with the organization a place of work beside the verb names, when it names none of its
    own: "работал адвокатом в хедж-фонде Bridgewater Associates"."""
    if ph.organization is not None:
        return ph
    from kgbuild.extract.orgs import organization_name  # noqa: PLC0415 (orgs imports posts)

    for place in a.children(verb.i):
        if place.rel != "obl" or not any(
            c.rel == "case" and c.low in ("в", "во", "на") for c in a.children(place.i)
        ):
            continue
        last = place.i
        while (
            last + 1 < len(a.tokens)
            and a.tokens[last + 1].head in (place.i, last)
            and _named(a.tokens[last + 1])
        ):
            last += 1
        if any(_named(a.tokens[k]) for k in range(place.i, last + 1)):
            name = organization_name(a, place.i, last)
            return replace(ph, organization=name, org_first=place.i, org_last=last, kind=CapacityKind.POST)
    return ph


def _named(t: Token) -> bool:
    """A word of a proper name: an organization entity, a capitalised word, a quote."""
    return t.ner == "ORG" or t.text[:1].isupper() or t.text in ("«", "»", '"')


def _near(root: Token, ph: PostMatch, most: int = 6) -> bool:
    return min(abs(ph.first - root.i), abs(root.i - ph.last)) <= most


def _in_capacity_of(a: Analysis, ph: PostMatch) -> bool:
    """ "в качестве эксперта"."""
    return ph.first >= 2 and a.tokens[ph.first - 1].low == "качестве" and a.tokens[ph.first - 2].low == "в"


def _is_predicate_noun(a: Analysis, head: Token) -> bool:
    """A noun that is the predicate of its clause: with a copula ("был министром") or after a dash."""
    return any(
        c.rel == "cop" or (c.text in ("—", "–", "-") and c.i < head.i) for c in a.children(head.i)
    ) and (head.case in ("Ins", "Nom"))


def _framed(a: Analysis, ph: PostMatch) -> bool:
    """The phrase follows a word naming a post: "пост премьер-министра", "должность директора"."""
    return ph.first >= 1 and a.tokens[ph.first - 1].lemma in words("post_frames")
