"""Saved queries: each one's rows on the example graph, the quality checks, and safe parameters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kgbuild.converters import convert
from kgbuild.errors import QueryError, UnknownNameError
from kgbuild.facts import (
    CapacityKind,
    CapacityStatus,
    Document,
    DocumentFacts,
    Evidence,
    Organization,
    Person,
    Post,
)
from kgbuild.ontology.namespace import KG
from kgbuild.ontology.vocab import plain, sparql_prologue
from kgbuild.queries.saved import PARAM_TYPES, Param, bind, get_query, saved_queries
from kgbuild.stores.embedded import Result, open_store, select

BASE = "https://example.org/kg/"
CONFERENCE = BASE + "event/2021-10-14-mezhetnicheskoye-soglasiye-na-sovremennom-etape-opyt"
TITLE = "Межэтническое согласие на современном этапе: опыт и задачи на будущее"
D0, D1 = "000_ecf5c2834d24bb97.txt", "001_bf77756acbf7d79d.txt"


@pytest.fixture(scope="module")
def store(curated_out: Path) -> ox.Store:
    return open_store([curated_out])


def run(store: ox.Store, name: str, **params: str) -> Result:
    query = get_query(name)
    return select(store, query.body, bind(query, params))


def rows(result: Result, *columns: str) -> set[tuple[str, ...]]:
    return {tuple(plain(r[c]) for c in columns) for r in result.dicts()}


def test_every_saved_query_declares_its_header_and_returns_its_columns(store: ox.Store) -> None:
    queries = saved_queries()
    assert {
        "who-spoke",
        "events",
        "organizers",
        "positions",
        "resolutions",
        "mentioned",
        "provenance",
    } <= set(queries)
    for q in queries.values():
        assert q.summary and q.description and q.columns, q.name
        assert all(p.type in PARAM_TYPES for p in q.params)
        if any(p.required for p in q.params):
            continue
        assert select(store, q.body).columns == q.columns, q.name


def test_who_spoke(store: ox.Store) -> None:
    result = run(store, "who-spoke")
    assert result.columns[:7] == (
        "person",
        "name",
        "capacity",
        "organization",
        "event",
        "eventTitle",
        "document",
    )
    assert rows(result, "name", "capacity", "organization", "document") == {
        ("С. Абдрахманов", "депутат Мажилиса", "Мажилис Парламента Республики Казахстан", D0),
        ("И. Буларов", "депутат Мажилиса", "Мажилис Парламента Республики Казахстан", D0),
        (
            "А. Манойло",
            "профессор Московского государственного университета имени М. Ломоносова",
            "Московский государственный университет имени М. Ломоносова",
            D0,
        ),
        ("В. Щербина", "политолог", "", D0),
        ("Бердибек Сапарбаев", "аким Жамбылской области", "акимат Жамбылской области", D0),
        ("Бердибек Сапарбаев", "аким Жамбылской области", "акимат Жамбылской области", D1),
        (
            "М. Азильханов",
            "заместитель Председателя Ассамблеи народа Казахстана",
            "Ассамблея народа Казахстана",
            D0,
        ),
        (
            "М. Азильханов",
            "заведующий Секретариатом Ассамблеи народа Казахстана Администрации Президента "
            "Республики Казахстан",
            "Секретариат Ассамблеи народа Казахстана",
            D0,
        ),
        (
            "Б. Тлепов",
            "вице-министр информации и общественного развития",
            "Министерство информации и общественного развития Республики Казахстан",
            D0,
        ),
        (
            "А. Куантыров",
            "вице-министр национальной экономики",
            "Министерство национальной экономики Республики Казахстан",
            D0,
        ),
        (
            "К. Ергалиев",
            "вице-министр образования и науки",
            "Министерство образования и науки Республики Казахстан",
            D0,
        ),
    }
    assert rows(result, "event", "eventTitle") == {(CONFERENCE, TITLE)}
    parts = {plain(r["name"]): plain(r["part"]) for r in result.dicts()}
    assert parts["Б. Тлепов"] == "пленарное заседание" and parts["А. Манойло"] == ""


def test_who_spoke_for_one_event_and_for_an_unknown_one(store: ox.Store) -> None:
    assert len(run(store, "who-spoke", event=CONFERENCE).rows) == 11
    assert run(store, "who-spoke", event=BASE + "event/nothing").rows == ()


def test_events(store: ox.Store) -> None:
    result = run(store, "events")
    assert rows(result, "event", "title", "kind", "start", "end", "place") == {
        (
            CONFERENCE,
            TITLE,
            "международная научно-практическая конференция",
            "2021-10-14",
            "2021-10-15",
            "Тараз",
        )
    }


def test_event_parts(store: ox.Store) -> None:
    result = run(store, "event-parts", event=CONFERENCE)
    assert rows(result, "kind", "number") == {
        ("пленарное заседание", ""),
        ("секция", "1"),
        ("секция", "2"),
        ("секция", "3"),
        ("секция", "4"),
    }


def test_organizers(store: ox.Store) -> None:
    assert rows(run(store, "organizers"), "event", "name") == {
        (CONFERENCE, "Министерство информации и общественного развития Республики Казахстан"),
        (CONFERENCE, "акимат Жамбылской области"),
        (CONFERENCE, "Ассамблея народа Казахстана"),
        (CONFERENCE, "Институт прикладных этнополитических исследований"),
    }


def test_positions(store: ox.Store) -> None:
    result = run(store, "positions")
    assert len(result.rows) == 13
    assert ("Касым-Жомарт Токаев", "глава государства", "", D1) in rows(
        result, "name", "position", "organization", "document"
    )
    only = run(store, "positions", person=BASE + "person/saparbayev-b")
    assert rows(only, "position", "document") == {
        ("аким Жамбылской области", D0),
        ("аким Жамбылской области", D1),
    }


def test_resolutions(store: ox.Store) -> None:
    assert rows(run(store, "resolutions"), "kind", "content") == {
        (
            "резолюция",
            "рекомендации для местных исполнительных органов по укреплению межэтнического согласия",
        ),
        (
            "резолюция",
            "распространить опыт Жамбылской области по реализации проекта «Бейбітшілік пен келісім»",
        ),
        ("анонсированный итог", "По итогам конференции будет выпущен сборник докладов"),
    }


def test_mentioned_people_are_not_speakers(store: ox.Store) -> None:
    assert rows(run(store, "mentioned"), "name", "capacity") == {
        ("Нурсултан Назарбаев", "первый Президент Республики Казахстан"),
        ("Касым-Жомарт Токаев", "глава государства"),
    }


def test_provenance_of_a_person_gives_every_supporting_span(store: ox.Store) -> None:
    result = run(store, "provenance", iri=BASE + "person/saparbayev-b")
    quotes = rows(result, "document", "quote")
    assert (D0, "Б.\xa0Сапарбаев") in quotes and (D1, "Бердибек Сапарбаев") in quotes
    assert (D1, "отметил аким Жамбылской области Бердибек Сапарбаев") in quotes
    assert all(int(plain(r["end"])) > int(plain(r["start"])) for r in result.dicts())
    spans = {(plain(r["evidence"]), plain(r["start"]), plain(r["end"])) for r in result.dicts()}
    assert all(e.endswith(f"#char={a},{b}") for e, a, b in spans)  # each span's own IRI (RFC 5147)


def test_evidence_lists_the_spans_of_a_document_in_text_order(store: ox.Store) -> None:
    result = run(store, "evidence", document=BASE + "document/001_bf77756acbf7d79d")
    starts = [int(plain(r["start"])) for r in result.dicts()]
    assert starts == sorted(starts) and len(set(starts)) > 10
    assert ("Бердибек Сапарбаев", "Бердибек Сапарбаев") in rows(result, "quote", "label")
    assert {plain(r["document"]) for r in result.dicts()} == {BASE + "document/001_bf77756acbf7d79d"}
    assert run(store, "evidence", document=BASE + "document/none").rows == ()


def test_roles_of_one_agent(store: ox.Store) -> None:
    result = run(store, "roles", agent=BASE + "person/saparbayev-b")
    assert rows(result, "eventTitle", "role", "capacity") == {
        (TITLE, str(KG.roleSpeaker), "аким Жамбылской области")
    }


def test_roles_and_people(store: ox.Store) -> None:
    roles = rows(run(store, "roles", role="kg:roleOrganizer"), "name")
    assert len(roles) == 4
    people = {plain(r["name"]): plain(r["documents"]) for r in run(store, "people").dicts()}
    assert people["Бердибек Сапарбаев"] == "2" and len(people) == 11


CHECKS = sorted(saved_queries(checks=True))


@pytest.mark.parametrize("name", CHECKS)
def test_quality_checks_return_no_rows_on_the_example(store: ox.Store, name: str) -> None:
    result = run(store, name)
    assert result.rows == (), f"{name} found: {result.dicts()[:5]}"


BREAK = {
    "capacity-not-stated-violation": "INSERT { GRAPH <urn:x> { ?r kg:capacity ?post } } WHERE { GRAPH ?g { "
    "?r kg:roleType kg:roleSpeaker . ?post a kg:Post } } ",  # a capacity no document gives the role
    "capacity-not-held-violation": "DELETE { GRAPH ?g { ?p kg:holds ?post } } WHERE { GRAPH ?g { ?p kg:holds ?post } }",
    "duplicate-person-violation": 'INSERT DATA { GRAPH <urn:x> { <urn:p> a kg:Person ; skos:prefLabel "Б. Тлепов"@ru } }',
    "entity-without-label-violation": "DELETE { GRAPH ?h { ?e skos:prefLabel ?l } } WHERE { GRAPH ?g { ?e a kg:Person } "
    "GRAPH ?h { ?e skos:prefLabel ?l } } ",
    "span-out-of-range-violation": "INSERT DATA { GRAPH <urn:x> { <urn:ev> kg:inDocument <urn:d> ; kg:start 9 ; "
    "kg:end 3 } }",
    "span-quote-length-violation": "INSERT DATA { GRAPH <urn:x> { <urn:ev> a kg:Evidence ; kg:start 0 ; kg:end 3 ; "
    'kg:quote "longer" } }',
    "speaker-also-mentioned-violation": "INSERT { GRAPH <urn:x> { <urn:r> kg:roleType kg:roleMentioned ; kg:agent ?a ; "
    "kg:event ?e ; prov:wasDerivedFrom ?d } } WHERE { GRAPH ?g { ?r kg:roleType "
    "kg:roleSpeaker ; kg:agent ?a ; kg:event ?e ; prov:wasDerivedFrom ?d } }",
}


@pytest.mark.parametrize("name", CHECKS)
def test_each_quality_check_finds_what_it_is_for(curated_out: Path, name: str) -> None:
    store = open_store([curated_out / "graph.nq"])  # in memory: the build's own store is read-only
    store.update(sparql_prologue() + BREAK[name])
    assert run(store, name).rows, f"{name} found nothing on a graph broken for it"


def test_an_unknown_query_lists_the_saved_ones() -> None:
    with pytest.raises(UnknownNameError) as caught:
        get_query("who-spoke2")
    assert "unknown query 'who-spoke2'" in str(caught.value) and "who-spoke" in caught.value.available


def test_an_unknown_parameter_lists_the_declared_ones() -> None:
    with pytest.raises(
        UnknownNameError, match="unknown parameter of query 'who-spoke' 'evnt'; available: event, person"
    ):
        bind(get_query("who-spoke"), {"evnt": "x"})


def test_a_required_parameter_must_be_given() -> None:
    with pytest.raises(QueryError, match="needs the parameter"):
        bind(get_query("provenance"), {})


@pytest.mark.parametrize(
    "value",
    [
        "<https://example.org/kg/x> } ; DROP ALL ; SELECT * { ?s ?p ?o",
        "https://example.org/kg/x> . ?s ?p ?o . <urn:x",
        "no scheme",
        'https://example.org/"quoted"',
    ],
)
def test_injection_attempts_in_iri_parameters_are_refused(value: str) -> None:
    with pytest.raises(QueryError, match="must be an absolute IRI"):
        bind(get_query("who-spoke"), {"event": value})


def test_parameters_are_bound_as_typed_rdf_terms() -> None:
    assert bind(get_query("who-spoke"), {"event": "kg:roleSpeaker"}) == {
        "event": URIRef("https://w3id.org/kgbuild/ontology#roleSpeaker")
    }
    typed = replace(
        get_query("who-spoke"), params=(Param("n", "integer"), Param("d", "date"), Param("s", "string"))
    )
    terms = bind(typed, {"n": "7", "d": "2021-10-14", "s": '" } DROP ALL {'})
    assert terms["n"] == Literal(7) and terms["d"] == Literal(date(2021, 10, 14))
    assert terms["s"] == Literal('" } DROP ALL {')
    with pytest.raises(QueryError, match="must be of type integer"):
        bind(typed, {"n": "1; DROP"})


def test_invalid_sparql_is_reported_not_crashed(store: ox.Store) -> None:
    with pytest.raises(QueryError, match="not valid SPARQL"):
        select(store, "SELECT ?x WHERE { ?x ")


def test_a_parameter_must_be_returned_by_the_query(tmp_path: Path) -> None:
    (tmp_path / "bad.rq").write_text(
        "#+ summary: s\n#+ params:\n#+   - {name: hidden, type: iri}\nSELECT ?x WHERE { ?x ?p ?hidden }\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match="parameter 'hidden' must be a variable the SELECT clause returns"):
        saved_queries(tmp_path)


def test_a_query_without_a_summary_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bare.rq").write_text("SELECT ?x WHERE { ?x ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="needs at least a 'summary:'"):
        saved_queries(tmp_path)


def _capacities_store(tmp_path: Path) -> ox.Store:
    """A small graph: one person with a post, an occupation, a former post, a founding and an ownership."""
    text = "Основатель и владелец компании «Сфера», хирург, бывший министр здравоохранения Иван Орлов"

    def ev(quote: str) -> Evidence:
        start = text.index(quote)
        return Evidence("d", start, start + len(quote), quote)

    facts = (
        Person(id="p", evidence=ev("Иван Орлов"), name="Иван Орлов", surname="Орлов", given_name="Иван"),
        Organization(id="o", evidence=ev("компании «Сфера»"), name="компания «Сфера»"),
        Post(id="f", evidence=ev("Основатель"), person="p", title="основатель компании «Сфера»",
             organization="o", kind=CapacityKind.FOUNDER),
        Post(id="w", evidence=ev("владелец"), person="p", title="владелец компании «Сфера»",
             organization="o", kind=CapacityKind.OWNER),
        Post(id="s", evidence=ev("хирург"), person="p", title="хирург", kind=CapacityKind.OCCUPATION),
        Post(id="m", evidence=ev("бывший министр здравоохранения"), person="p",
             title="министр здравоохранения", status=CapacityStatus.FORMER),
    )  # fmt: skip
    nquads = tmp_path / "graph.nq"
    doc = DocumentFacts(Document(id="d", file_name="d.txt", chars=len(text)), facts)
    nquads.write_text(convert([doc], base=BASE).serialize(format="nquads"), encoding="utf-8")
    return open_store([nquads])


def test_positions_give_kind_and_status_and_leave_foundings_to_founders(tmp_path: Path) -> None:
    store = _capacities_store(tmp_path)
    assert rows(run(store, "positions"), "position", "kind", "status") == {
        ("хирург", str(KG.capacityOccupation), str(KG.statusCurrent)),
        ("министр здравоохранения", str(KG.capacityPost), str(KG.statusFormer)),
    }
    assert rows(run(store, "founders"), "name", "capacity", "kind", "organization") == {
        ("Иван Орлов", "основатель компании «Сфера»", str(KG.capacityFounder), "компания «Сфера»"),
        ("Иван Орлов", "владелец компании «Сфера»", str(KG.capacityOwner), "компания «Сфера»"),
    }


def test_kinds_other_vocabularies_name_get_their_own_triple(tmp_path: Path) -> None:
    store = _capacities_store(tmp_path)
    found = select(
        store,
        sparql_prologue() + "SELECT ?p ?o WHERE { ?person ?p ?o . ?person a kg:Person . "
        "VALUES ?p { kg:hasOccupation kg:founderOf kg:memberOf } }",
    )
    assert {str(r["p"]) for r in found.dicts()} == {str(KG.hasOccupation), str(KG.founderOf)}


TWO_REPORTS = {
    "a": "14 октября 2021 года в Таразе прошла конференция «Диалог культур». С докладом выступил министр культуры Иван Петров.",
    "b": "Конференция «Диалог культур» прошла 14 октября 2021 года. Ректор университета Иван Петров приветствовал гостей.",
}


def _facts(doc: str, title: str, quote: str) -> list[dict[str, object]]:
    return [
        {"type": "event", "doc": doc, "id": "ev", "kind": "conference", "title": "Диалог культур",
         "start": "2021-10-14", "evidence": {"quote": "«Диалог культур»"}},
        {"type": "person", "doc": doc, "id": "p", "name": "Иван Петров", "surname": "Петров",
         "given_name": "Иван", "evidence": {"quote": "Иван Петров"}},
        {"type": "post", "doc": doc, "id": "p/post", "person": "p", "title": title, "evidence": {"quote": quote}},
        {"type": "role", "doc": doc, "id": "p/speaker", "event": "ev", "agent": "p", "role": "speaker",
         "capacity": ["p/post"], "evidence": {"quote": f"{quote} Иван Петров"}},
    ]  # fmt: skip


def test_who_spoke_gives_each_capacity_with_a_document_that_states_it(tmp_path: Path) -> None:
    """One speaker, two reports, a different capacity in each: one row per capacity, with its own
    report (a merged role has both capacities; neither report states the other's)."""
    import json

    from kgbuild.building.pipeline import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = []
    for doc, text in TWO_REPORTS.items():
        (corpus / f"{doc}.txt").write_text(text, encoding="utf-8")
    lines += _facts("a", "министр культуры", "министр культуры")
    lines += _facts("b", "ректор университета", "Ректор университета")
    (corpus / "two.facts.jsonl").write_text(
        "\n".join(json.dumps(f, ensure_ascii=False) for f in lines) + "\n", encoding="utf-8"
    )
    report = build([corpus], tmp_path / "out", extractor=None)
    assert report.entities and not report.problems, report.problems
    store = open_store([tmp_path / "out"])
    spoke = rows(run(store, "who-spoke"), "name", "capacity", "document")
    assert spoke == {
        ("Иван Петров", "министр культуры", "a.txt"),
        ("Иван Петров", "ректор университета", "b.txt"),
    }
    roles = rows(run(store, "roles"), "name", "capacity")
    assert len(roles) == 2  # one merged role, in both capacities
    assert run(store, "capacity-not-stated-violation").rows == ()


def test_who_spoke_gives_the_status_of_each_capacity(tmp_path: Path) -> None:
    """Built from text by the built-in extractor: a former post and an acting one say so in `status`."""
    from kgbuild.building.pipeline import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "r.txt").write_text(
        "14 октября 2021 года в Омске прошла конференция «Диалог культур». С докладом выступил бывший "
        "министр культуры Иван Петров. Участников приветствовал и. о. ректора университета Олег Смирнов.",
        encoding="utf-8",
    )
    build([corpus], tmp_path / "out")
    store = open_store([tmp_path / "out"])
    assert rows(run(store, "who-spoke"), "name", "capacity", "status") == {
        ("Иван Петров", "министр культуры", str(KG.statusFormer)),
        ("Олег Смирнов", "ректор университета", str(KG.statusActing)),
    }
