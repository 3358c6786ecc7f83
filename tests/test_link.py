"""Linking: the same person, event or organization in several mentions is one entity, and only then."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kgbuild.errors import KgbuildError
from kgbuild.facts import Document, DocumentFacts, Event, EventKind, Evidence, Organization, Person, Place
from kgbuild.linking import FactSpool, link
from kgbuild.linking.events import places_agree
from kgbuild.linking.names import acronym, is_acronym_of, norm
from tests.conftest import CASES
from tests.golden import case_docs


def person(doc: str, pid: str, name: str) -> Person:
    parts = name.replace(".", ". ").split()
    surname = parts[-1]
    given = [p for p in parts[:-1] if not p.endswith(".")]
    initials = "".join(p for p in parts[:-1] if p.endswith(".")) or None
    return Person(
        id=pid,
        evidence=Evidence(doc, 0, len(name), name),
        name=name,
        surname=surname,
        given_name=given[0] if given else None,
        patronymic=given[1] if len(given) > 1 else None,
        initials=initials,
    )


def docs_of(*facts: object) -> list[DocumentFacts]:
    by_doc: dict[str, list[object]] = {}
    for f in facts:
        by_doc.setdefault(f.doc, []).append(f)  # type: ignore[attr-defined]
    return [DocumentFacts(Document(id=d, file_name=d), tuple(fs)) for d, fs in sorted(by_doc.items())]  # type: ignore[arg-type]


PEOPLE = [
    # (mentions as (doc, name), expected number of people, expected key of the first mention)
    ([("a", "Б. Сапарбаев"), ("b", "Бердибек Сапарбаев")], 1, "saparbayev-b"),
    ([("a", "С.Абдрахманов"), ("a", "Абдрахманов")], 1, "abdrakhmanov-s"),
    ([("a", "А. Иванов"), ("a", "Б. Иванов")], 2, "ivanov-a"),
    ([("a", "А. Иванов"), ("b", "Б. Иванов"), ("c", "Иванов")], 3, "ivanov-a"),
    ([("a", "Иван Петров"), ("b", "Игорь Петров")], 2, "petrov-ivan"),
    ([("a", "Иван Петров"), ("b", "И. Петров"), ("c", "Игорь Петров")], 3, "petrov-ivan"),
    ([("a", "Н.А. Назарбаев"), ("b", "Нурсултан Абишевич Назарбаев")], 1, "nazarbayev-n"),
    ([("a", "Н.А. Назарбаев"), ("b", "Н.Б. Назарбаев")], 2, "nazarbayev-n"),
    ([("a", "Нурсултан Назарбаев"), ("b", "Дарига Назарбаева")], 2, "nazarbayev-n"),
]


@pytest.mark.parametrize(
    ("mentions", "people", "first_key"), PEOPLE, ids=[" + ".join(n for _, n in m) for m, _, _ in PEOPLE]
)
def test_people_are_merged_when_and_only_when_their_names_agree(
    mentions: list[tuple[str, str]], people: int, first_key: str
) -> None:
    facts = [person(doc, f"p{i}", name) for i, (doc, name) in enumerate(mentions)]
    linking = link(docs_of(*facts))
    persons = [e for e in linking.entities.values() if e.kind == "person"]
    assert len(persons) == people, [(e.key, e.mentions) for e in persons]
    assert linking.of[(facts[0].doc, facts[0].id)].key == first_key


def test_a_merge_keeps_its_reason_and_the_richest_name() -> None:
    linking = link(docs_of(person("a", "p", "Б. Сапарбаев"), person("b", "p", "Бердибек Сапарбаев")))
    (merged,) = linking.merges()
    assert merged.label == "Бердибек Сапарбаев"
    assert merged.reason is not None and "Б. Сапарбаев ~ Бердибек Сапарбаев" in merged.reason
    assert merged.mentions == (("a", "p"), ("b", "p"))


def test_a_person_named_in_many_reports_costs_no_comparison_with_every_mention(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kgbuild.linking import people

    calls: list[int] = []
    real = people._patronymic_initial

    def counting(p: Person) -> str:
        calls.append(1)
        return real(p)

    monkeypatch.setattr(people, "_patronymic_initial", counting)
    names = ["Бердибек Сапарбаев", "Б. М. Сапарбаев", "Марат Сапарбаев"]
    facts = [person(f"d{n:04}", "p", names[n % 3]) for n in range(600)]
    linking = link(docs_of(*facts))
    found = sorted(len(e.mentions) for e in linking.entities.values() if e.kind == "person")
    assert found == [200, 400]
    assert len(calls) < 3 * len(facts)


def org(doc: str, oid: str, name: str, abbreviation: str | None = None) -> Organization:
    return Organization(
        id=oid, evidence=Evidence(doc, 0, len(name), name), name=name, abbreviation=abbreviation
    )


ORGS = [
    ([("a", "Ассамблея народа Казахстана", None), ("b", "АНК", None)], 1),
    (
        [("a", "Министерство информации", None), ("b", "Министерство информации Республики Казахстан", None)],
        1,
    ),
    ([("a", "Министерство образования", None), ("b", "Министерство образования и науки", None)], 2),
    ([("a", "Министерство", None), ("b", "Министерство культуры", None)], 2),
    ([("a", "Мажилис", None), ("b", "Мажилис Парламента Республики Казахстан", None)], 1),
    ([("a", "Фонд «Жасыл»", "ФЖ"), ("b", "фонд Жасыл", None)], 1),
    ([("a", "Институт истории", None), ("b", "Институт философии", None)], 2),
    (
        [
            ("a", "Ассамблея народа Казахстана", None),
            ("b", "Ассамблея народа Казахстана Костанайской области", None),
        ],
        2,
    ),
    (
        [
            ("a", "Общественная палата Омской области", None),
            ("b", "Общественная палата", None),
            ("c", "Общественная палата Российской Федерации", None),
        ],
        2,  # the regional chamber stays apart; the bare name is not regional
    ),
    (
        [
            ("a", "Совет ветеранов Ульяновска", None),
            ("b", "Совет ветеранов", None),
            ("c", "Совет ветеранов Омска", None),
        ],
        3,  # "Совет ветеранов" cannot tell which of the two it is: no guess
    ),
]


@pytest.mark.parametrize(("mentions", "count"), ORGS, ids=[" + ".join(n for _, n, _ in m) for m, _ in ORGS])
def test_organizations_merge_by_name_abbreviation_or_name_start(
    mentions: list[tuple[str, str, str | None]], count: int
) -> None:
    facts = [org(doc, f"o{i}", name, abbr) for i, (doc, name, abbr) in enumerate(mentions)]
    linking = link(docs_of(*facts))
    assert len([e for e in linking.entities.values() if e.kind == "organization"]) == count


def test_an_organization_named_in_many_reports_is_compared_by_its_distinct_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kgbuild.linking import named

    calls: list[int] = []
    real = named._org_match

    def counting(a: Organization, b: Organization) -> str | None:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(named, "_org_match", counting)
    names = ["Ассамблея народа Казахстана", "АНК", "Министерство информации", "Министерство образования"]
    facts = [org(f"d{n:04}", "o", names[n % 4]) for n in range(800)]
    linking = link(docs_of(*facts))
    found = {e.label: len(e.mentions) for e in linking.entities.values() if e.kind == "organization"}
    assert found == {
        "Ассамблея народа Казахстана": 400,
        "Министерство информации": 200,
        "Министерство образования": 200,
    }
    assert len(calls) < 3 * len(facts)  # not a comparison with every earlier mention


def event(
    doc: str,
    eid: str,
    title: str | None,
    *,
    start: date | None = None,
    end: date | None = None,
    place: str | None = None,
) -> Event:
    return Event(
        id=eid,
        evidence=Evidence(doc, 0, 1, "x"),
        kind=EventKind.CONFERENCE,
        title=title,
        start=start,
        end=end,
        place=place,
    )


def test_two_reports_of_one_conference_are_one_event_with_the_dates_of_both() -> None:
    a = event("a", "e", "Опыт согласия", start=date(2021, 10, 14), end=date(2021, 10, 15))
    b = event("b", "e", "«Опыт согласия»")
    linking = link(docs_of(a, b))
    (ev,) = [e for e in linking.entities.values() if e.kind == "event"]
    assert (ev.start, ev.end, ev.key) == (date(2021, 10, 14), date(2021, 10, 15), "2021-10-14-opyt-soglasiya")


def test_the_same_title_in_different_years_is_two_events() -> None:
    a = event("a", "e", "Астанинский форум", start=date(2021, 5, 1))
    b = event("b", "e", "Астанинский форум", start=date(2022, 5, 1))
    keys = sorted(e.key for e in link(docs_of(a, b)).entities.values() if e.kind == "event")
    assert keys == ["2021-05-01-astaninsky-forum", "2022-05-01-astaninsky-forum"]


def test_untitled_events_in_one_city_on_different_days_stay_apart() -> None:
    city_a = Place(id="c", evidence=Evidence("a", 0, 1, "x"), name="Тараз")
    city_b = Place(id="c", evidence=Evidence("b", 0, 1, "x"), name="Тараз")
    a = event("a", "e", None, start=date(2021, 10, 14), place="c")
    b = event("b", "e", None, start=date(2021, 11, 2), place="c")
    same_day = event("c", "e", None, start=date(2021, 10, 14), place="c")
    city_c = Place(id="c", evidence=Evidence("c", 0, 1, "x"), name="Тараз")
    linking = link(docs_of(city_a, city_b, city_c, a, b, same_day))
    events = [e for e in linking.entities.values() if e.kind == "event"]
    assert len(events) == 2
    assert linking.of[("a", "e")] is linking.of[("c", "e")]


def _placed(doc: str, title: str | None, place: str, day: date = date(2025, 5, 5)) -> list[object]:
    return [
        Place(id="p", evidence=Evidence(doc, 0, 1, "x"), name=place),
        event(doc, "e", title, start=day, place="p"),
    ]


def test_a_city_and_the_region_named_after_it_are_one_events_place() -> None:
    linking = link(docs_of(*_placed("a", None, "Костанай"), *_placed("b", None, "Костанайская область")))
    assert linking.of[("a", "e")] is linking.of[("b", "e")]


def test_the_same_title_and_day_in_different_cities_is_different_events_and_a_warning() -> None:
    heard: list[str] = []
    docs = docs_of(
        *_placed("a", "Диалог культур", "Омск"),
        *_placed("b", "Диалог культур", "Томск"),
        *_placed("c", "Диалог культур", "Омск"),
        *_placed("d", "Диалог культур", "Казахстан"),  # a country: where it was, not which city
    )
    linking = link(docs, warn=heard.append)
    events = {linking.of[(doc, "e")].key for doc in "abcd"}
    assert len(events) == 2
    assert linking.of[("a", "e")] is linking.of[("c", "e")]
    assert any("'Диалог культур'" in w and "omsk" in w and "tomsk" in w for w in heard), heard


def test_an_events_place_is_looked_up_once_however_many_events_share_its_day() -> None:
    """A mention is compared with every group of its start date: its place (a query of the
    linked store) is asked for once, not for each comparison."""
    from kgbuild.linking.events import link_events

    asked: list[str] = []

    def place_of(e: Event) -> str | None:
        asked.append(e.doc)
        return e.place

    cities = ["omsk", "tomsk", "kazan"]
    mentions = [event(f"d{n:03}", "e", None, start=date(2025, 5, 5), place=cities[n % 3]) for n in range(300)]
    found = link_events(mentions, place_of)
    assert sorted(len(e.mentions) for e in found) == [100, 100, 100]
    assert len(asked) == len(mentions)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("omsk", "omskaya-oblast", True),
        ("tomsk", "omskaya-oblast", False),
        ("omsk", "tomsk", False),
        ("omskaya-oblast", "tomskaya-oblast", False),
        ("almaty", "almatinskaya-oblast", True),
        ("kazakhstan", "taraz", True),
        (None, "taraz", True),
    ],
)
def test_places_agree_when_one_can_be_within_the_other(a: str | None, b: str, agree: bool) -> None:
    assert places_agree(a, b) is agree


@pytest.mark.parametrize(
    ("text", "expected"),
    [("«Межэтническое  согласие: Опыт»", "межэтническое согласие опыт"), ("Ёлка", "елка")],
)
def test_names_are_normalised_for_comparison(text: str, expected: str) -> None:
    assert norm(text) == expected


def test_acronyms() -> None:
    assert acronym("Ассамблея народа Казахстана") == "АНК"
    assert is_acronym_of("АНК", "Ассамблея народа Казахстана")
    assert not is_acronym_of("анк", "Ассамблея народа Казахстана")


def test_facts_spooled_to_disk_are_the_facts_without_their_quotes(tmp_path: Path) -> None:
    from kgbuild.linking import FactSpool

    docs, _ = case_docs(CASES / "taraz-2021")
    spool = FactSpool(tmp_path / "spool")
    for facts in docs:
        spool.add(facts)
    people = list(spool.each(Person))
    mine = [f for d in docs for f in d.facts if isinstance(f, Person)]
    assert people == [replace(p, evidence=replace(p.evidence, quote="")) for p in mine] and len(people) > 10
    spool.close()


@pytest.mark.parametrize("case", ["taraz-2021", "cross-document-merge", "event-parts", "outcomes"])
def test_linking_spooled_facts_into_a_store_on_disk_is_linking_in_memory(case: str, tmp_path: Path) -> None:
    from kgbuild.converters import context, entities_parts
    from kgbuild.iris import DEFAULT_BASE
    from kgbuild.linking import FactSpool
    from kgbuild.linking.store import LinkStore

    docs, _ = case_docs(CASES / case)
    spool = FactSpool(tmp_path / "spool")
    for facts in docs:
        spool.add(facts)
    store = link(spool, into=LinkStore(tmp_path / "links.sqlite"))
    in_memory = link(docs)
    assert list(store.each()) == list(in_memory.each()) and store.count() == in_memory.count() > 3
    assert list(store.merges()) == list(in_memory.merges()) and store.merge_count() == in_memory.merge_count()
    for mention, entity in in_memory.of.items():
        assert store.target(*mention) == (entity.kind, entity.key, entity.label) and store.linked(*mention)
    assert not store.linked("no-such-doc", "x") and not store.has("person", "no-such-key")
    with pytest.raises(KeyError):
        store.target("no-such-doc", "x")
    store.share()
    reading = LinkStore.reading(tmp_path / "links.sqlite")  # a worker's: a document's mentions at once
    for mention, entity in [*in_memory.of.items(), *reversed(in_memory.of.items())]:  # documents again
        assert reading.target(*mention) == (entity.kind, entity.key, entity.label)
    doc = next(iter(in_memory.of))[0]
    for absent in [(doc, "no-such-fact"), ("no-such-doc", "x")]:
        with pytest.raises(KeyError) as raised:
            reading.target(*absent)
        assert raised.value.args == (absent,)
    reading.close()
    graphs = [Graph(), Graph()]
    for whole, links in zip(graphs, (store, in_memory), strict=True):
        for part in entities_parts(context(DEFAULT_BASE, links)):
            whole.addN((s, p, o, whole) for s, p, o in part)
    assert isomorphic(graphs[0], graphs[1]) and len(graphs[0]) > 10
    store.close()
    spool.close()


@pytest.mark.parametrize("case", ["taraz-2021", "cross-document-merge", "outcomes"])
def test_people_posts_and_organizations_linked_in_other_processes_are_what_linking_in_one_finds(
    case: str, tmp_path: Path
) -> None:
    from kgbuild.linking import FactSpool, link_apart
    from kgbuild.linking.store import LinkStore
    from kgbuild.validation.processes import Workers

    docs, _ = case_docs(CASES / case)
    docs += docs_of(*_placed("omsk", "Диалог культур", "Омск"), *_placed("tomsk", "Диалог культур", "Томск"))
    spool = FactSpool(tmp_path / "spool")
    for facts in docs:
        spool.add(facts)  # not closed: link_apart writes out what the other process reads
    heard: list[str] = []
    aside = Workers(2, ready=False)  # as a build gives it: one process for each kind linked apart
    try:
        store = link_apart(spool, LinkStore(tmp_path / "links.sqlite"), aside=aside, warn=heard.append)
    finally:
        aside.stop()
    expected_warnings: list[str] = []
    in_memory = link(docs, warn=expected_warnings.append)
    assert list(store.each()) == list(in_memory.each()) and store.count() == in_memory.count() > 3
    assert list(store.merges()) == list(in_memory.merges())
    kinds = {e.kind for e, _ in store.each()}
    assert kinds >= {"person", "role", "event", "place"} and ("post" in kinds or case == "outcomes")
    assert "organization" in kinds or case == "cross-document-merge"  # it names none
    assert heard == expected_warnings and len(heard) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links.sqlite", "spool"]  # their stores taken
    store.close()
    spool.close()


class _FailingAside:
    """Another process whose work fails after it began writing its store."""

    def __init__(self) -> None:
        self.stopped = False

    def submit(self, what: str, fn: object, name: str, spool: str, path: str) -> Callable[[], None]:
        Path(path).write_bytes(b"half-written")

        def wait() -> None:
            raise KgbuildError(f"a worker process died while {what}")

        return wait

    def stop(self) -> None:
        self.stopped = True


def _spooled(tmp_path: Path) -> FactSpool:
    docs, _ = case_docs(CASES / "taraz-2021")
    spool = FactSpool(tmp_path / "spool")
    for facts in docs:
        spool.add(facts)
    return spool


def test_what_fails_in_the_other_process_fails_linking_and_leaves_no_store_behind(tmp_path: Path) -> None:
    from kgbuild.linking import link_apart
    from kgbuild.linking.store import LinkStore

    spool, aside = _spooled(tmp_path), _FailingAside()
    with pytest.raises(KgbuildError, match="while linking people and their posts"):
        link_apart(spool, LinkStore(tmp_path / "links.sqlite"), aside=aside)
    assert aside.stopped and sorted(p.name for p in tmp_path.iterdir()) == ["links.sqlite", "spool"]
    spool.close()


def test_what_fails_here_stops_the_other_processes_before_their_stores_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kgbuild.linking
    from kgbuild.linking import link_apart
    from kgbuild.linking.store import LinkStore
    from kgbuild.validation.processes import Workers

    def failing(*args: object, **kwargs: object) -> None:
        raise KgbuildError("event parts whose parents never resolve")

    monkeypatch.setattr(kgbuild.linking, "_link_rest", failing)
    spool, aside = _spooled(tmp_path), Workers(2, ready=False)
    processes = list(aside._executor._processes.values())  # type: ignore[attr-defined]
    try:
        with pytest.raises(KgbuildError, match="never resolve"):
            link_apart(spool, LinkStore(tmp_path / "links.sqlite"), aside=aside)
        assert processes and not any(process.is_alive() for process in processes)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["links.sqlite", "spool"]
    finally:
        aside.stop()  # a second time: nothing to do
    spool.close()


def test_a_store_takes_another_stores_entities_and_refuses_one_it_has(tmp_path: Path) -> None:
    from kgbuild.linking import Entity
    from kgbuild.linking.store import LinkStore

    def entity(kind: str, key: str, doc: str) -> tuple[Entity, dict[tuple[str, str], tuple[str, int, int]]]:
        found = Entity(kind=kind, key=key, label=key, lang="ru", mentions=((doc, "f"),))
        return found, {(doc, "f"): (doc, 0, 1)}

    mine, other = LinkStore(tmp_path / "a.sqlite"), LinkStore(tmp_path / "b.sqlite")
    mine.add(*entity("place", "omsk", "d1"))
    other.add(*entity("person", "ivanov", "d2"))
    other.share()
    other.close()
    mine.take(tmp_path / "b.sqlite")
    mine.add(*entity("place", "tomsk", "d3"))  # still writing, in one transaction
    assert [(e.kind, e.key) for e, _ in mine.each()] == [
        ("person", "ivanov"),
        ("place", "omsk"),
        ("place", "tomsk"),
    ]
    assert mine.target("d2", "f") == ("person", "ivanov", "ivanov")
    with pytest.raises(ValueError, match="has entities or mentions this one has too"):
        mine.take(tmp_path / "b.sqlite")
    mine.add(*entity("place", "kazan", "d4"))  # nothing taken, and still writing
    assert mine.count() == 4 and not mine.has("place", "no-such-key")
    mine.close()


def test_linking_does_not_depend_on_the_order_documents_come_in() -> None:
    docs, _ = case_docs(CASES / "taraz-2021")
    twins = [
        DocumentFacts(
            replace(d.document, id=f"{d.document.id}-copy"),
            tuple(replace(f, evidence=replace(f.evidence, doc=f"{d.document.id}-copy")) for f in d.facts),
        )
        for d in docs
    ]
    forward, backward = link([*docs, *twins]), link([*reversed(twins), *reversed(docs)])
    assert list(forward.each()) == list(backward.each()) and forward.merge_count() > 10


def test_a_store_on_disk_refuses_two_entities_with_one_key(tmp_path: Path) -> None:
    from kgbuild.linking import Entity
    from kgbuild.linking.store import LinkStore

    store = LinkStore(tmp_path / "links.sqlite")
    entity = Entity(
        kind="place", key="taraz", label="Тараз", lang="ru", mentions=(("a", "c"),), start=date(2021, 1, 2)
    )
    store.add(entity, {("a", "c"): ("a", 0, 5)})
    with pytest.raises(ValueError, match="two place entities got the key 'taraz'"):
        store.add(replace(entity, mentions=(("b", "c"),)), {("b", "c"): ("b", 0, 5)})
    assert list(store.each()) == [(entity, {("a", "c"): ("a", 0, 5)})]
    store.close()


def test_blocks_are_the_components_of_shared_keys_named_by_their_least_key() -> None:
    from kgbuild.linking.blocks import labeller

    keysets = [["n:b", "a:x"], ["n:c"], ["a:x", "w:z"], ["n:d", "w:z"], ["n:c", "q:1"]]
    for order in (keysets, keysets[::-1]):
        label = labeller(order)
        assert [label(k) for k in keysets] == ["a:x", "n:c", "a:x", "a:x", "n:c"]


def test_event_parts_whose_parents_never_resolve_are_an_error() -> None:
    from kgbuild.errors import KgbuildError

    a = replace(event("a", "p1", "Секция 1"), parent="p2")
    b = replace(event("a", "p2", "Секция 2"), parent="p1")
    with pytest.raises(KgbuildError, match="a/p1, a/p2"):
        link(docs_of(a, b))


def test_blocks_of_a_spool_are_the_blocks_in_memory_and_two_may_be_read_at_once(tmp_path: Path) -> None:
    from kgbuild.linking import FactSpool
    from kgbuild.linking.source import InMemory

    docs, _ = case_docs(CASES / "taraz-2021")
    spool = FactSpool(tmp_path / "spool")
    for facts in docs:
        spool.add(facts)

    def keys(p: Person) -> list[str]:
        return [norm(p.surname)[:1]]

    def surnames(blocks: object) -> list[list[str]]:
        return [sorted(p.surname for p in block) for block in blocks]  # type: ignore[attr-defined]

    people, orgs = spool.blocks(Person, keys), spool.blocks(Organization, lambda o: [o.name[:1]])
    together = list(zip(people, orgs, strict=False))  # both read at once
    assert len(together) > 2 and all(isinstance(o, Organization) for _, block in together for o in block)
    for rest in (people, orgs):
        assert all(rest)  # read to the end: their files go
    assert not list((tmp_path / "spool").glob("blocks-*"))
    assert surnames(spool.blocks(Person, keys)) == surnames(InMemory(docs).blocks(Person, keys))
    spool.close()


def test_names_without_a_slug_get_unnamed_keys() -> None:
    places = [Place(id=n, evidence=Evidence("d", i, i + 1, n), name=n) for i, n in enumerate(["@", "#"])]
    assert sorted(e.key for e in link(docs_of(*places)).entities.values()) == ["unnamed", "unnamed-2"]


def test_ranges_of_entities_hold_about_so_many_mentions_and_together_every_entity(tmp_path: Path) -> None:
    """The build converts the entities graph by ranges (kgbuild.building.graphs): each range the
    fewest entities that reach the mentions asked for, and the ranges give every entity once."""
    from kgbuild.linking import FactSpool
    from kgbuild.linking.store import LinkStore

    docs, _ = case_docs(CASES / "taraz-2021")
    spool = FactSpool(tmp_path / "spool")
    for facts in docs:
        spool.add(facts)
    store = link(spool, into=LinkStore(tmp_path / "links.sqlite"))
    every = [(entity.kind, entity.key, len(entity.mentions)) for entity, _ in store.each()]
    starts = store.starts(4)
    ranges = [list(store.between(a, b)) for a, b in zip(starts, [*starts[1:], None], strict=True)]
    assert [(e.kind, e.key, len(e.mentions)) for r in ranges for e, _ in r] == every and len(ranges) > 3
    for found in ranges[:-1]:
        counts = [len(entity.mentions) for entity, _ in found]
        assert sum(counts) >= 4 and (len(counts) == 1 or sum(counts[:-1]) < 4)
    assert store.starts(10**9) == [every[0][:2]]
    store.close()
