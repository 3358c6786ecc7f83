"""The people a report names: every name found, photo credits left out, and the mentions of one
person made to agree (a given name and patronymic alone is the person named so before; a name read
as a man's genitive is a woman's nominative when the report names her so elsewhere)."""

from __future__ import annotations

from dataclasses import replace

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.morph import analyzer, grammemes
from kgbuild.extract.name_forms import PATRONYMIC
from kgbuild.extract.people import PersonMatch, candidates, person_at, reread_as_nominative

_CREDIT = ("фото", "фотограф", "автор фото", "автор текста", "источник", "видео")


def _credited(a: Analysis, p: PersonMatch) -> bool:
    """The name credits a photo or a source ("Фото: Антон Балашов", "Фото Ирины Орловой"): not a
    person the report is about."""
    line_start = a.text.rfind("\n", 0, a.tokens[p.first].start) + 1
    start = max(line_start, a.tokens[a.sentences[a.tokens[p.first].sent][0]].start)
    before = a.text[start : a.tokens[p.honorific_first or p.first].start].lower().strip(" :\t")
    return before.endswith(_CREDIT) and len(before) <= 40


def find_people(a: Analysis) -> list[PersonMatch]:
    """Every person named in the analysed text, in text order (but for photo and source credits).
    A given name and patronymic alone
    ("Николай Данилович") is the person named so before ("Николай Данилович Захаров", "Н.Д.
    Захаров"); with no one before, it stays as it is written."""
    found = [p for first, last in candidates(a) if (p := person_at(a, first, last))]
    people = _agreeing_on_her(
        a,
        sorted({(p.first, p.last): p for p in found if not _credited(a, p)}.values(), key=lambda p: p.first),
    )
    out: list[PersonMatch] = []
    for found_p in people:
        p = found_p
        if p.patronymic is None and p.given_name and PATRONYMIC.search(p.surname):
            fit = {q.surname: q for q in out if _addressed_as(q, p.given_name, p.surname)}
            named = next(iter(fit.values())) if len(fit) == 1 else None  # never a guess between two
            if named is None:
                out.append(p)  # "Наина Иосифовна": known by given name and patronymic alone
                continue
            p = replace(
                p,
                name=named.name,
                surname=named.surname,
                given_name=named.given_name,
                patronymic=named.patronymic,
                initials=named.initials,
                gender=named.gender,
            )
        out.append(p)
    return out


def _agreeing_on_her(a: Analysis, people: list[PersonMatch]) -> list[PersonMatch]:
    """A name read as a man's genitive ("Валентина Комлева" as Валентин Комлев's) that the report
    names as a woman elsewhere ("Валентиной Комлевой", "Комлева отметила") is hers, in the
    nominative: the mentions of one surname in one report agree on who it is."""
    women = {(p.surname, p.given_name) for p in people if p.gender == "Fem" and _surely_hers(a, p)}
    out = []
    for p in people:
        again = reread_as_nominative(a, p) if p.gender != "Fem" else None
        agrees = (
            again is not None
            and _a_womans(again)
            and any(
                surname == again.surname and given in (None, again.given_name) for surname, given in women
            )
        )
        out.append(again if again is not None and agrees else p)
    return out


def _addressed_as(p: PersonMatch, given: str, patronymic: str) -> bool:
    """``p`` could be the person "<given> <patronymic>": the same names, initials that fit, or the
    same given name where the patronymic was not written."""
    if p.given_name and p.patronymic:
        return p.given_name == given and p.patronymic == patronymic
    if p.given_name:
        return p.given_name == given
    return p.initials == f"{given[0]}.{patronymic[0]}."


def _surely_hers(a: Analysis, p: PersonMatch) -> bool:
    """The name's own words say it is a woman's: a surname or given name with no man's reading
    ("Комлевой", "Валентиной"), not an ending a man's genitive shares ("А. Комлева")."""
    words = [a.tokens[k].text for k in range(p.first, p.last + 1) if a.tokens[k].text[:1].isupper()]
    return any(_parses_only_feminine(w) for w in words)


def _parses_only_feminine(word: str) -> bool:
    named = [
        str(x.tag)
        for x in analyzer().parse(word)
        if {"Name", "Surn"} & set(str(x.tag).replace(" ", ",").split(","))
    ]
    return bool(named) and all("femn" in t for t in named)


def _a_womans(p: PersonMatch) -> bool:
    """The woman's reading of a name is one: her given name and patronymic are women's."""
    given_ok = p.given_name is None or "femn" in grammemes(p.given_name)
    return given_ok and (p.patronymic is None or p.patronymic.endswith(("вна", "чна", "кызы")))
