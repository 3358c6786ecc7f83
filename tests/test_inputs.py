"""Input formats: text, Markdown, web pages and JSON Lines, in any common encoding; their metadata
in the graph; the publication date dating the dates written without a year; bad input reported."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import XSD, Literal, URIRef

from kgbuild.building.pipeline import build
from kgbuild.corpus import read_corpus
from kgbuild.corpus.formats import read_html, read_markdown
from kgbuild.errors import InputError
from kgbuild.ontology.namespace import KG
from kgbuild.outdir.output import load_dataset
from kgbuild.queries.saved import get_query
from kgbuild.stores.embedded import open_store, select

BODY = (
    "14-15 октября в Таразе прошла международная научно-практическая конференция «Межэтническое согласие». "
    "Организаторами мероприятия выступили акимат Жамбылской области и Ассамблея народа Казахстана.\n\n"
    "С приветственным словом выступил аким Жамбылской области Б. Сапарбаев."
)
OLD = BODY.replace("Б. Сапарбаев", "Б. Тлепов").replace("«", '"').replace("»", '"')  # koi8-r has no «»
PAGE = f"""<!DOCTYPE html><html lang="ru"><head><meta charset="{{charset}}">
<title>Конференция в Таразе | Новости региона</title>
<link rel="canonical" href="https://news.example.kz/2021/10/taraz">
<meta property="article:published_time" content="2021-10-16T09:00:00+06:00"></head>
<body><nav><a href="/">Главная</a> | <a href="/politics">Политика</a> | <a href="/sport">Спорт</a></nav>
<article><h1>В Таразе прошла конференция</h1>
{"".join(f"<p>{p}</p>" for p in BODY.split(chr(10) + chr(10)))}
<script>document.write("реклама")</script></article>
<footer>© 2021 Все права защищены. Подписывайтесь на наш канал в Telegram.</footer></body></html>"""


def test_a_web_page_gives_its_main_text_and_its_metadata(tmp_path: Path) -> None:
    read = read_html(PAGE.format(charset="windows-1251").encode("cp1251"), tmp_path / "page.html")
    assert "Б. Сапарбаев" in read.text and "Главная" not in read.text and "реклама" not in read.text
    assert "Подписывайтесь" not in read.text
    assert read.url == "https://news.example.kz/2021/10/taraz" and read.published == date(2021, 10, 16)
    assert read.title is not None and "Таразе" in read.title and read.language == "ru"


def test_markdown_gives_its_text_and_front_matter(tmp_path: Path) -> None:
    text = f"---\ntitle: Конференция в Таразе\npublished: 2021-10-16\nurl: https://news.example.kz/1\n---\n\n# Заголовок\n\n{BODY.replace('Сапарбаев', '**Сапарбаев**')}\n"
    read = read_markdown(text.encode("utf-8"), tmp_path / "r.md")
    assert read.title == "Конференция в Таразе" and read.published == date(2021, 10, 16)
    assert "**" not in read.text and "Б. Сапарбаев." in read.text and read.text.startswith("Заголовок\n\n")
    heading_only = read_markdown("# Только заголовок\n\nТекст.".encode(), tmp_path / "h.md")
    assert heading_only.title == "Только заголовок"
    with pytest.raises(InputError, match=r"r\.md: the front matter is not valid YAML"):
        read_markdown(b"---\ntitle: [unclosed\n---\ntext", tmp_path / "r.md")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("mixed")
    (corpus / "page.html").write_bytes(PAGE.format(charset="windows-1251").encode("cp1251"))
    note = BODY.replace("Б. Сапарбаев", "М. Азильханов")
    (corpus / "note.md").write_text(
        f"---\ntitle: Заметка\npublished: 2021-10-17\n---\n\n{note}\n", encoding="utf-8"
    )
    (corpus / "old.txt").write_bytes(OLD.encode("koi8-r"))
    records = [
        {
            "id": "wire-1",
            "text": BODY.replace("Б. Сапарбаев", "А. Куантыров"),
            "title": "Лента",
            "url": "https://wire.example/1",
            "published": "2021-10-15T12:00:00Z",
        },
        {"text": BODY.replace("Б. Сапарбаев", "К. Ергалиев"), "language": "ru"},
        "not an object",
        {"title": "no text"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ["{broken json"]
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


def test_a_corpus_of_every_format_is_found_and_bad_lines_are_named(mixed: Path) -> None:
    found = read_corpus([mixed])
    assert [r.id for r in found.refs] == ["note", "old", "page", "wire-1", "wire-2"]
    problems = "\n".join(map(str, found.problems))
    assert "wire.jsonl:3: each line must be a JSON object" in problems
    assert "wire.jsonl:4: 'text' (the report's text, a string) is missing" in problems
    assert "wire.jsonl:5: not JSON" in problems
    texts = {s.document.id: s for s in found.sources}
    assert texts["old"].text == OLD  # koi8-r, detected
    assert texts["wire-1"].document.published == date(2021, 10, 15) and str(texts["wire-2"].ref).endswith(
        "wire.jsonl:2"
    )


def test_metadata_reaches_the_graph_and_dates_the_year_less_dates(mixed: Path, tmp_path: Path) -> None:
    report = build([mixed], tmp_path / "out", validate=False)
    assert report.documents == 5
    dataset = load_dataset(tmp_path / "out")
    page = URIRef("https://example.org/kg/document/page")
    url = Literal("https://news.example.kz/2021/10/taraz", datatype=XSD.anyURI)
    assert any(dataset.quads((page, KG.sourceUrl, url, None)))
    assert any(dataset.quads((page, KG.published, Literal(date(2021, 10, 16), datatype=XSD.date), None)))
    assert any(dataset.quads((page, KG.headline, None, None)))
    events = select(open_store([tmp_path / "out"]), get_query("events").body).dicts()
    assert {str(e["start"]) for e in events} == {"2021-10-14"}  # "14-15 октября", dated by the publication
    assert {str(e["end"]) for e in events} == {"2021-10-15"}


def test_the_same_text_under_two_names_is_built_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(BODY, encoding="utf-8")
    (corpus / "b.txt").write_text(BODY, encoding="utf-8")
    report = build([corpus], tmp_path / "out", validate=False)
    assert report.documents == 1
    assert any("b.txt: the same text as document 'a'; skipped (a duplicate)" in p for p in report.problems)


def test_an_unreadable_file_is_reported_and_the_rest_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(BODY, encoding="utf-8")
    locked = corpus / "locked.txt"
    locked.write_text(BODY.replace("Сапарбаев", "Ергалиев"), encoding="utf-8")
    if os.geteuid() == 0:  # root reads any file: make this one fail as a locked file would
        real = Path.open

        def open_(path: Path, *args: Any, **kwargs: Any) -> Any:
            if path.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(Path, "open", open_)
    else:
        locked.chmod(0)
    report = build([corpus], tmp_path / "out", validate=False)
    assert report.documents == 1
    assert any("locked.txt: cannot be read: Permission denied" in p for p in report.problems)


def test_plain_text_takes_front_matter_and_a_sidecar_gives_metadata(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        f"---\ntitle: Заметка\npublished: 2021-10-16\nurl: https://news.example.kz/a\n---\n{BODY}\n",
        encoding="utf-8",
    )
    (corpus / "b.txt").write_text(BODY, encoding="utf-8")
    (corpus / "b.meta.json").write_text(
        json.dumps({"title": "Из JSON", "published": "2021-10-17", "url": "https://x.example/b"}),
        encoding="utf-8",
    )
    (corpus / "c.txt").write_text(BODY, encoding="utf-8")
    (corpus / "c.meta.yaml").write_text("title: Из YAML\npublished: 2021-10-18\n", encoding="utf-8")
    (corpus / "d.txt").write_text("---\nпросто текст под чертой\n---\n" + BODY, encoding="utf-8")
    found = read_corpus([corpus])
    assert [r.id for r in found.refs] == ["a", "b", "c", "d"]  # sidecars are not documents
    docs = {s.document.id: s for s in found.sources}
    assert (docs["a"].document.title, docs["a"].document.published) == ("Заметка", date(2021, 10, 16))
    assert docs["a"].text.startswith("14-15 октября")
    assert (docs["b"].document.title, docs["b"].document.url) == ("Из JSON", "https://x.example/b")
    assert docs["c"].document.published == date(2021, 10, 18)
    assert docs["d"].text.startswith("---\nпросто текст")  # dashes that are no metadata stay text


def test_a_bad_sidecar_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "x",\n "published": }', encoding="utf-8")
    found = read_corpus([tmp_path])
    assert found.sources == []
    assert "a.meta.json:2: not JSON" in str(found.problems[0])


@pytest.mark.parametrize("tag", ["ru_RU", "русский", "abcdefghij", "ru-a"])
def test_a_language_that_is_no_language_tag_is_reported_with_its_file_and_line(
    tmp_path: Path, tag: str
) -> None:
    """A document's language tags its literals: a tag RDF stores refuse (rdflib takes some of them)
    is reported with where it was given, and the document is left out, before anything is built."""
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"language": tag}), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "ok", "text": BODY, "language": "kk"})
        + "\n"
        + json.dumps({"text": BODY, "language": tag}),
        encoding="utf-8",
    )
    found = read_corpus([tmp_path])
    assert [s.document.id for s in found.sources] == ["ok"]
    problems = sorted(map(str, found.problems))
    assert len(problems) == 2, problems
    assert "a.meta.json" in problems[0] and "b.jsonl:2" in problems[1]
    assert all(
        f"'language' must be a BCP 47 language tag such as ru, kk or en, not {tag!r}" in p for p in problems
    )


def test_a_changed_sidecar_makes_the_build_read_the_document_again(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(BODY.replace("14-15 октября", "14 октября"), encoding="utf-8")
    sidecar = corpus / "a.meta.json"
    sidecar.write_text('{"published": "2021-10-16"}', encoding="utf-8")
    out = tmp_path / "out"
    build([corpus], out, validate=False)
    sidecar.write_text('{"published": "2022-10-16"}', encoding="utf-8")
    build([corpus], out, validate=False)
    events = select(open_store([out]), get_query("events").body).dicts()
    assert {str(e["start"]) for e in events} == {"2022-10-14"}


def test_utf16_and_utf32_files_with_a_byte_order_mark_are_decoded(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "le.txt").write_bytes(BODY.encode("utf-16"))  # with its BOM, little-endian here
    (corpus / "be.txt").write_bytes(b"\xfe\xff" + BODY.replace("Сапарбаев", "Ергалиев").encode("utf-16-be"))
    (corpus / "wide.md").write_bytes(BODY.replace("Сапарбаев", "Тлепов").encode("utf-32"))
    (corpus / "fake.txt").write_bytes(b"\xff\xfe" + b"\x01\x00\x00\x00" * 50)  # a BOM, then no text
    found = read_corpus([corpus])
    texts = {s.document.id: s.text for s in found.sources}
    assert texts["le"] == BODY and texts["be"].endswith("Б. Ергалиев.") and "Б. Тлепов" in texts["wide"]
    assert [str(p) for p in found.problems] == [
        f"{corpus / 'fake.txt'}: looks like a binary file, not text (it holds NUL bytes)"
    ]


def test_the_same_title_and_day_in_two_cities_is_two_events_and_the_build_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, city in (("omsk", "Омске"), ("tomsk", "Томске")):
        (corpus / f"{name}.txt").write_text(
            f"12 марта 2024 года в {city} прошел форум «Диалог культур». Выступил ректор Иван Петров.",
            encoding="utf-8",
        )
    report = build([corpus], tmp_path / "out", validate=False)
    events = select(open_store([tmp_path / "out"]), get_query("events").body).dicts()
    assert sorted(str(e["place"]) for e in events) == ["Омск", "Томск"]
    assert any("'Диалог культур'" in p and "different events" in p for p in report.problems), report.problems
