"""Facts files: round trips, quotes found in the text, and errors naming file, line and field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kgbuild.errors import FactsFileError
from kgbuild.facts import Document, DocumentFacts, Event, EventKind, Evidence, Person, Role, RoleType
from kgbuild.factsfile import dumps, read_facts, write_facts
from tests.conftest import EXAMPLE

TEXT = "Аким области Б. Сапарбаев выступил на конференции 14 октября."
PERSON = {
    "type": "person",
    "doc": "d",
    "id": "p",
    "name": "Б. Сапарбаев",
    "surname": "Сапарбаев",
    "evidence": {"start": 13, "end": 25, "quote": "Б. Сапарбаев"},
}
EVENT = {
    "type": "event",
    "doc": "d",
    "id": "e",
    "kind": "conference",
    "start": "2021-10-14",
    "evidence": {"start": 38, "end": 61, "quote": "конференции 14 октября."},
}


def write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "f.facts.jsonl"
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path


def test_a_written_file_reads_back_to_the_same_facts(tmp_path: Path) -> None:
    ev = Evidence("d", 13, 25, "Б. Сапарбаев")
    facts = (
        Person(
            id="p", evidence=ev, name="Б. Сапарбаев", surname="Сапарбаев", initials="Б.", degrees=("к.т.н.",)
        ),
        Event(
            id="e",
            evidence=Evidence("d", 38, 61, "конференции 14 октября."),
            kind=EventKind.CONFERENCE,
            start=date(2021, 10, 14),
        ),
        Role(id="r", evidence=ev, event="e", agent="p", role=RoleType.SPEAKER),
    )
    doc = DocumentFacts(Document(id="d", file_name="d.txt", sha256="0" * 64, chars=len(TEXT)), facts)
    path = tmp_path / "out.jsonl"
    write_facts(path, [doc])
    back = read_facts(path, strict=True)
    assert back.document_facts() == [doc]
    assert dumps(back.document_facts()) == path.read_text(encoding="utf-8")


def test_the_curated_example_reads_without_errors_and_matches_its_texts() -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in EXAMPLE.glob("*.txt")}
    content = read_facts(EXAMPLE / "curated.facts.jsonl", texts=texts.get, strict=True)
    assert sum(len(v) for v in content.facts.values()) == 75
    for facts in content.facts.values():
        for fact in facts:
            assert texts[fact.doc][fact.evidence.start : fact.evidence.end] == fact.evidence.quote


def test_hand_written_facts_may_leave_out_offsets(tmp_path: Path) -> None:
    line = {**PERSON, "evidence": {"quote": "Б. Сапарбаев"}}
    second = {**PERSON, "id": "q", "evidence": {"quote": "о", "occurrence": 2}}
    content = read_facts(write(tmp_path, line, second), texts={"d": TEXT}.get, strict=True)
    found = {f.id: f.evidence for f in content.facts["d"]}
    assert (found["p"].start, found["p"].end) == (13, 25)
    assert found["q"].start == TEXT.index("о", TEXT.index("о") + 1)


def test_retract_lines_are_collected(tmp_path: Path) -> None:
    content = read_facts(write(tmp_path, {**PERSON, "retract": True}), strict=True)
    assert set(content.retracted) == {("d", "p")} and not content.facts
    assert content.retracted["d", "p"].where.endswith("f.facts.jsonl:1")


BAD = [
    ("not json", None, "is not valid JSON"),
    ("[1, 2]", None, "must be a JSON object"),
    ({"type": "person"}, "doc", "is required"),
    ({**PERSON, "colour": "red"}, "colour", "is not a field of a 'person' line"),
    ({**PERSON, "surname": ""}, "surname", "should be non-empty"),
    ({**PERSON, "type": "persona"}, "type", "is not one of"),
    ({**EVENT, "kind": "party"}, "kind", "is not one of"),
    ({**EVENT, "start": "14.10.2021"}, "start", "YYYY-MM-DD"),
    ({**PERSON, "evidence": {"start": 13, "end": 25}}, "evidence.quote", "is required"),
    (
        {**PERSON, "evidence": {"start": "13", "end": 25, "quote": "Б. Сапарбаев"}},
        "evidence.start",
        "is not of type",
    ),
    (
        {**PERSON, "evidence": {"start": 25, "end": 13, "quote": "Б. Сапарбаев"}},
        "evidence.end",
        "is before start",
    ),
    (
        {**PERSON, "evidence": {"start": 0, "end": 4, "quote": "Б. Сапарбаев"}},
        "evidence.quote",
        "does not match",
    ),
    ({**PERSON, "evidence": {"quote": "Иванов"}}, "evidence.quote", "does not occur"),
    ({**PERSON, "evidence": {"start": 13, "quote": "Б. Сапарбаев"}}, "evidence", "give both start and end"),
    (
        {"type": "document", "id": "d", "language": "ru-abcdefghij"},
        "language",
        "must be a BCP 47 language tag",
    ),
    (  # the schema's pattern takes it; a store does not
        {
            "type": "organization",
            "doc": "d",
            "id": "o",
            "name": "Ассамблея",
            "lang": "ru-a",
            "evidence": {"quote": "области"},
        },
        "lang",
        "must be a BCP 47 language tag",
    ),
]


@pytest.mark.parametrize(("line", "field", "problem"), BAD, ids=[b[2] + f"-{i}" for i, b in enumerate(BAD)])
def test_a_malformed_line_names_the_file_the_line_and_the_field(
    tmp_path: Path, line: object, field: str | None, problem: str
) -> None:
    path = write(tmp_path, PERSON | {"id": "ok"}, line)
    with pytest.raises(FactsFileError) as caught:
        read_facts(path, texts={"d": TEXT}.get, strict=True)
    err = caught.value
    assert (err.path, err.line, err.field) == (str(path), 2, field)
    assert problem in str(err)
    assert str(err).startswith(f"{path}:2:")


def test_without_strict_bad_lines_are_skipped_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, PERSON, "oops", {**EVENT, "kind": "party"}, EVENT)
    content = read_facts(path, texts={"d": TEXT}.get)
    assert [e.line for e in content.errors] == [2, 3]
    assert [f.id for f in content.facts["d"]] == ["p", "e"]


def test_references_must_point_to_facts_of_the_right_type(tmp_path: Path) -> None:
    role = {
        "type": "role",
        "doc": "d",
        "id": "r",
        "event": "p",
        "agent": "p",
        "role": "speaker",
        "evidence": PERSON["evidence"],
    }
    dangling = {**role, "id": "r2", "event": "e", "agent": "nobody"}
    content = read_facts(write(tmp_path, PERSON, EVENT, role, dangling), texts={"d": TEXT}.get)
    problems = {(e.line, e.field): e.problem for e in content.errors}
    assert "expected a fact of type event" in problems[(3, "event")]
    assert "which is no fact of document 'd'" in problems[(4, "agent")]
    assert [f.id for f in content.facts["d"]] == ["p", "e"]


def test_an_id_used_twice_in_a_document_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FactsFileError, match=r"already used in document 'd' \(line 1\)"):
        read_facts(write(tmp_path, PERSON, PERSON), strict=True)


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "f.facts.jsonl"
    path.write_bytes("Сапарбаев".encode("cp1251"))
    with pytest.raises(FactsFileError, match="cannot be read as UTF-8"):
        read_facts(path)


class Fixed:
    """An extractor that states the same two facts of every document: a person and an event."""

    fingerprint = "fixed:1"

    def extract(self, source: object) -> DocumentFacts:
        document = source.document  # type: ignore[attr-defined]
        text = source.text  # type: ignore[attr-defined]
        person = Person(
            id="p", name="Б. Сапарбаев", surname="Сапарбаев",
            evidence=Evidence(document.id, 13, 25, text[13:25]),
        )  # fmt: skip
        event = Event(
            id="e", kind=EventKind.CONFERENCE, start=date(2021, 10, 14),
            evidence=Evidence(document.id, 38, 61, text[38:61]),
        )  # fmt: skip
        return DocumentFacts(document, (person, event))


def test_a_retraction_needs_only_type_doc_and_id_and_one_matching_nothing_is_named(tmp_path: Path) -> None:
    from kgbuild.building.pipeline import build
    from kgbuild.facts import TYPE_TAGS
    from kgbuild.factsfile import read_written

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d.txt").write_text(TEXT, encoding="utf-8")
    retractions = [
        {"type": "event", "doc": "d", "id": "e", "retract": True},  # as the README writes it
        {"type": "person", "doc": "d", "id": "nobody", "retract": True},
        {"type": "role", "doc": "d", "id": "p", "retract": True},  # p is a person, not a role
    ]
    write(corpus, *retractions).rename(corpus / "curated.facts.jsonl")
    report = build([corpus], tmp_path / "out", extractor=Fixed(), validate=False)
    facts = read_written((tmp_path / "out" / "facts" / "d.jsonl").read_text(encoding="utf-8")).facts
    assert [(TYPE_TAGS[type(f)], f.id) for f in facts] == [("person", "p")]  # the event is gone
    curated = corpus / "curated.facts.jsonl"
    assert report.problems == (
        f"{curated}:2: the retraction of person 'nobody' in document 'd' matches no extracted fact; "
        "nothing was removed",
        f"{curated}:3: the retraction of role 'p' in document 'd' matches no extracted fact; "
        "nothing was removed",
    )


def test_a_curated_file_reads_each_documents_text_once() -> None:
    """A curated file of many lines about one long document reads the document once, not once a
    line (a million characters with 3,000 facts took a minute and a half)."""
    from kgbuild.building.curate import read_curated

    texts = {p.stem: p.read_text(encoding="utf-8") for p in EXAMPLE.glob("*.txt")}
    asked: list[str] = []

    def text_of(doc: str) -> str | None:
        asked.append(doc)
        return texts.get(doc)

    problems: list[str] = []
    curated = read_curated([EXAMPLE / "curated.facts.jsonl"], text_of, set(texts), problems)
    assert problems == [] and sum(len(v) for v in curated.facts.values()) == 75
    assert sorted(asked) == sorted(texts)
