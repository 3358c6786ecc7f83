"""The pages people read: each answers first, a document shows its text with its evidence marked,
one interface language at a time, a dataset page for people, the ontology in the site's layout,
and a query page whose saved query and text agree.

Driven through Flask's test client; tests/test_browser.py clicks the same pages in a real browser.
"""

from __future__ import annotations

import html
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kgbuild.building.pipeline import build, convert_facts
from kgbuild.cli import main
from kgbuild.web.i18n import LANGUAGES, STRINGS, choose, strings
from kgbuild.web.publisher import Publisher
from kgbuild.web.text import KINDS, Span, marked
from tests.conftest import EXAMPLE, long_report

BASE = "http://127.0.0.1:8766/"
EVENT = "/event/2021-10-14-mezhetnicheskoye-soglasiye-na-sovremennom-etape-opyt.html"
PERSON = "/person/saparbayev-b.html"
DOC = "000_ecf5c2834d24bb97"
NAMES = {k: (k, k[0].upper()) for k in KINDS}


@pytest.fixture(scope="module")
def out(curated_out: Path) -> Path:
    return curated_out  # the Taraz example from its curated facts, under the default base


def get(client: FlaskClient, url: str, lang: str = "en") -> str:
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def text_of(fragment: str) -> str:
    """The text a reader sees in a marked text: the markers left out, the markup taken away."""
    fragment = re.sub(r'<sup class="kg-tag"[^>]*>.*?</sup>', "", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# -- a document's text, marked ---------------------------------------------------------------


def test_overlapping_nested_and_shared_spans_are_marked_in_pieces() -> None:
    text = "Аким Жамбылской области Б. Сапарбаев выступил."
    spans = [
        Span(0, 46, ("role",)),  # the sentence
        Span(0, 23, ("capacity", "organization")),  # two facts over one span
        Span(24, 36, ("person",)),  # nested
        Span(16, 30, ("place",)),  # across two others
    ]
    out = str(marked(text, spans, NAMES))
    assert text_of(out) == text
    assert out.count('class="kg-anchor"') == 4 and 'id="char=16,30"' in out
    assert re.search(r'<mark class="k-capacity k-role k-place k-organization kg-overlap" data-s="0 1 3"', out)
    assert out.count("<mark") == out.count("</mark>") and "<mark" not in re.sub(
        r"<mark[^>]*>[^<]*</mark>", "", out
    )
    assert '<sup class="kg-tag" title="capacity, organization">C O</sup>' in out
    assert out.count('tabindex="0"') == 3  # where spans start: 0, 16 and 24, for the keyboard


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="аб <>&\"'\n𝔸", min_size=0, max_size=60),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70), st.sampled_from(KINDS)), max_size=12),
)
def test_marking_keeps_the_text_and_anchors_every_span(text: str, raw: list[tuple[int, int, str]]) -> None:
    spans = list({(min(a, b), max(a, b)): Span(min(a, b), max(a, b), (k,)) for a, b, k in raw}.values())
    out = str(marked(text, spans, NAMES))
    assert text_of(out) == text
    for span in spans:
        assert out.count(f'id="{span.id}"') == 1
        if span.start < min(span.end, len(text)):  # a span with text under it can be reached by Tab
            assert re.search(f'<mark [^>]*data-o="{span.start}" tabindex="0">', out), span
    assert "<script" not in out and out.count("<mark") == out.count("</mark>")


def test_a_document_page_shows_its_text_with_every_span_anchored(client: FlaskClient, out: Path) -> None:
    page = get(client, f"/document/{DOC}.html")
    body = re.search(r'<div id="kg-text" class="kg-text"[^>]*>(.*?)</div>\n<aside', page, re.S)
    assert body is not None
    assert text_of(body.group(1)) == (out / "texts" / f"{DOC}.txt").read_text(encoding="utf-8")
    spans = json.loads(re.search(r'id="kg-spans">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert len(spans) > 50
    for span in spans:
        assert page.count(f'id="{span["id"]}"') == 1
    shared = next(s for s in spans if s["id"] == "char=169,186")  # «Депутаты Мажилиса»: two people's posts
    assert len(shared["facts"]) == 2 and {f["kind"] for f in shared["facts"]} == {"capacity"}
    assert all(f["href"] and f["label"] for s in spans for f in s["facts"])
    assert '<details class="more" id="spans-more">' in page  # the table of spans, collapsed


def test_a_long_document_stays_fast(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    spans = long_report(corpus)
    out = tmp_path / "out"
    build([corpus], out, base=BASE, extractor=None, validate=False)
    publisher = Publisher(out)
    started = time.perf_counter()
    page = publisher.resource_html(BASE + "document/long")
    took = time.perf_counter() - started
    assert len((out / "texts" / "long.txt").read_text(encoding="utf-8")) > 990_000
    assert page.count('class="kg-anchor"') == spans == 2940
    assert took < 15, f"{took:.1f} s for a page of a million characters"


class _Cells(HTMLParser):
    """Each table cell with the elements it sits in, and the rows of each table's body."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.misplaced: list[list[str]] = []
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th") and self.open[-1:] != ["tr"]:
            self.misplaced.append(list(self.open))
        if tag == "tr" and not {"tbody", "thead", "table"} & set(self.open[-1:]):
            self.misplaced.append(list(self.open))
        self.rows += tag == "tr" and "tbody" in self.open
        if tag not in ("br", "img", "meta", "link", "input", "hr", "wbr", "source"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass


def test_a_document_without_its_text_lists_its_spans_in_one_row_each(tmp_path: Path) -> None:
    """A build of facts files alone (kgbuild convert) keeps no text: its spans are a table, one row
    a span however many facts it supports, each row the target of its ``#char=``."""
    out = tmp_path / "out"
    convert_facts([EXAMPLE / "curated.facts.jsonl"], out, base=BASE, validate=False)
    page = Publisher(out).resource_html(BASE + f"document/{DOC}")
    assert 'id="kg-text"' not in page
    cells = _Cells()
    cells.feed(page[page.index('id="spans"') :])
    assert cells.misplaced == [] and cells.rows > 50
    shared = re.search(r'<tr id="char=169,186">.*?</tr>', page, re.S)
    assert shared is not None and shared.group(0).count("<td") == 3  # two capacities, one row
    assert shared.group(0).count('href="../post/') == 2


# -- pages that answer first ---------------------------------------------------------------


def test_an_event_page_answers_first_then_who_spoke_then_how_it_is_known(client: FlaskClient) -> None:
    page = get(client, EVENT)
    order = [
        page.index(marker)
        for marker in (
            "<dt>Kind</dt>",
            "<dt>Dates</dt>",
            "<dt>Place</dt>",
            "<dt>Participants</dt>",
            "<dt>Organizers</dt>",
            "<dt>Outcomes</dt>",
            "<h2>Speakers, by part</h2>",
            '<section id="graph-view">',
            "<h2>How it is known</h2>",
        )
    ]
    assert order == sorted(order)
    assert "14–15 October 2021" in page and ">conference</a>" in page and ">Тараз</a>" in page
    speakers = page[page.index('id="who-spoke"') : page.index('id="graph-view"')]
    assert "The event as a whole" in speakers and "пленарное заседание" in speakers
    plenary = speakers[speakers.index("пленарное заседание") :]
    assert "Б. Тлепов" in plenary and "вице-министр информации и общественного развития" in plenary
    details = page[page.index("How it is known") :]
    assert (
        '<details class="more" id="outgoing-more">' in details
        and '<details class="more" id="outgoing-more" open' not in details
    )
    graph = json.loads(re.search(r'id="kg-graph-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    roles = {n["data"].get("role") for n in graph["nodes"]}
    assert {"speaker", "organizer", "mentioned"} <= roles
    assert {item["key"] for item in graph["legend"]} >= {"speaker", "organizer", "mentioned", "event", "part"}


def test_a_person_page_lists_roles_by_date_and_every_capacity_with_its_source(client: FlaskClient) -> None:
    page = get(client, PERSON)
    roles = page[page.index('id="roles"') : page.index('id="capacities"')]
    assert "14–15 October 2021" in roles and "speaker" in roles and "аким Жамбылской области" in roles
    capacities = page[page.index('id="capacities"') : page.index("How it is known")]
    assert capacities.count("«аким Жамбылской области»") == 2  # one per report
    assert "../document/000_ecf5c2834d24bb97.html#char=2405,2428" in capacities
    assert "../document/001_bf77756acbf7d79d.html#char=2111,2134" in capacities


def test_a_person_page_lists_roles_by_date_across_reports(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    reports = {
        "a": ("Форум «Весна»", "2022-05-05", "forum"),
        "b": ("Конференция «Осень»", "2020-10-03", "conference"),
    }
    lines = []
    for doc, (title, day, kind) in reports.items():  # the later event first
        (corpus / f"{doc}.txt").write_text(f"{title} прошёл {day}. Выступил Иван Петров.", encoding="utf-8")
        lines += [
            {"type": "event", "doc": doc, "id": "e", "kind": kind, "title": title, "start": day, "end": day},
            {
                "type": "person",
                "doc": doc,
                "id": "p",
                "name": "Иван Петров",
                "surname": "Петров",
                "given_name": "Иван",
            },
            {"type": "role", "doc": doc, "id": "r", "event": "e", "agent": "p", "role": "speaker"},
        ]
        quotes = (title, "Иван Петров", "Выступил Иван Петров")
        for line, quote in zip(lines[-3:], quotes, strict=True):
            line["evidence"] = {"quote": quote}
    (corpus / "hand.facts.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    build([corpus], tmp_path / "out", base=BASE, extractor=None, validate=False)
    page = Publisher(tmp_path / "out").resource_html(BASE + "person/petrov-i")
    roles = page[
        page.index('id="roles"') : page.index('id="capacities"') if 'id="capacities"' in page else None
    ]
    assert roles.index("3 October 2020") < roles.index("Конференция «Осень»") < roles.index("5 May 2022")
    assert roles.index("5 May 2022") < roles.index("Форум «Весна»")


# -- one interface language at a time ------------------------------------------------------


def test_the_strings_of_every_language_have_the_same_keys() -> None:
    tables = {lang: json.loads((STRINGS / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}
    for lang, table in tables.items():
        for key in ("plurals", "kinds", "terms"):
            assert set(table[key]) == set(tables["en"][key]), (lang, key)
        assert set(table) == set(tables["en"]), lang
    used = set()
    for path in [*Path("kgbuild/web").rglob("*.html"), *Path("kgbuild/review").rglob("*.html")]:
        used |= set(re.findall(r"\bt\('([a-z_]+)'[,)]", path.read_text(encoding="utf-8")))
    assert used and used <= set(tables["en"]), sorted(used - set(tables["en"]))


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("en-US,en;q=0.9", "en"),
        ("de, ru;q=0.5", "ru"),
        ("de", "en"),
        ("", "en"),
        ("ru;q=0, en;q=0.1", "en"),
    ],
)
def test_accept_language_chooses_the_interface_language(header: str, lang: str) -> None:
    assert choose(None, header) == lang


def test_a_page_is_in_one_language_with_its_ontology_labels(client: FlaskClient) -> None:
    ru = get(client, PERSON, "ru")
    en = get(client, PERSON, "en")
    assert '<html lang="ru">' in ru and "Роли по датам" in ru and ">спикер<" in ru and "Roles" not in ru
    assert (
        '<html lang="en">' in en
        and "Roles, by date" in en
        and ">speaker<" in en
        and "Роли по датам" not in en
    )
    assert (
        ">preferred label<" in en and ">основное название<" in ru and ">prefLabel<" not in en
    )  # not a raw IRI
    # a value is marked with its language only where it is neither the page's nor the data's own
    assert '<small class="lang">' not in en.split("How it is known")[0]
    event = get(client, EVENT, "en")
    assert re.search(
        r'lang="kk">Бейбітшілік пен келісім</a> <small class="lang">kk</small>',
        get(client, "/project/beybitshilik-pen-kelisim.html"),
    )
    assert '<small class="lang">ru</small>' not in event


def test_the_switch_chooses_a_language_and_remembers_it(client: FlaskClient) -> None:
    page = get(client, "/index.html")
    assert 'href="?lang=ru"' in page and 'hreflang="ru"' in page
    chosen = client.get("/index.html?lang=ru", headers={"Accept-Language": "en"})
    assert "kgbuild-lang=ru" in chosen.headers["Set-Cookie"] and "События" in chosen.get_data(as_text=True)
    later = client.get(EVENT, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ru">' in later and "Выступающие по частям" in later
    assert "Accept-Language" in chosen.headers["Vary"]


def test_publish_writes_one_language_without_a_switch(out: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["publish", str(out), "--site", str(tmp_path / "site"), "--lang", "ru"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "person" / "saparbayev-b.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in page and "Роли по датам" in page and "?lang=" not in page
    english = Publisher(out).resource_html("https://example.org/kg/person/saparbayev-b")
    assert "Roles, by date" in english


# -- the dataset, the ontology, the query page --------------------------------------------


def test_the_dataset_page_is_for_people_and_stays_machine_readable(client: FlaskClient) -> None:
    page = get(client, "/dataset.html")
    classes = page[page.index('id="classes"') : page.index('id="role-types"')]
    assert re.search(
        r">Person</a></span><span class=\"bar class\"[^>]*></span><span class=\"bar-value\">11<", classes
    )
    roles = page[page.index('id="role-types"') : page.index('id="timeline"')]
    assert ">speaker</a>" in roles and ">organizer</a>" in roles
    timeline = page[page.index('id="timeline"') : page.index('id="top-speakers"')]
    assert '<time datetime="2021-10-14">14–15 October 2021</time>' in timeline
    speakers = page[page.index('id="top-speakers"') : page.index('id="top-organizations"')]
    assert speakers.index("Бердибек Сапарбаев") < speakers.index("Б. Тлепов")  # in two reports
    assert 'href="dumps/graph.nq.gz"' in page and 'href="dataset.ttl"' in page
    block = re.search(r'<script type="application/ld\+json" id="kg-jsonld">(.*?)</script>', page, re.S)
    assert block is not None and len(Graph().parse(data=block.group(1), format="json-ld")) > 50
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert "class-kg-Person" not in shown.split('id="description-more"')[0]


def test_the_ontology_documentation_is_in_the_sites_layout(client: FlaskClient) -> None:
    page = get(client, "/ontology.html")
    assert '<header class="site">' in page and 'href="./static/kgbuild.css"' in page
    assert 'class="ontodocs-toc"' in page and 'id="kg-diagram"' in page and "<style>" not in page
    assert page.index('<header class="site">') < page.index("kgbuild ontology</h1>")


def test_the_query_pages_saved_query_and_text_agree(client: FlaskClient) -> None:
    page = get(client, "/sparql.html")
    chosen = re.search(r'<option value="([^"]*)" selected>([^<]+)</option>', page)
    text = re.search(r'<textarea id="kg-query-text"[^>]*>(.*?)</textarea>', page, re.S)
    assert chosen is not None and text is not None and chosen.group(2) == "who-spoke"
    assert html.unescape(chosen.group(1)) == html.unescape(text.group(1))
    assert 'autocomplete="off"' in page
    # what the page asks for: CONSTRUCT answers triples it can show, SELECT its JSON
    accept = "application/sparql-results+json, application/n-triples;q=0.9"
    construct = client.post(
        "/sparql", data={"query": "CONSTRUCT WHERE { ?s a kg:Person }"}, headers={"Accept": accept}
    )
    assert construct.mimetype == "application/n-triples" and construct.data.count(b"\n") == 11
    described = client.post(
        "/sparql",
        data={"query": "DESCRIBE <https://example.org/kg/person/saparbayev-b>"},
        headers={"Accept": accept},
    )
    assert described.mimetype == "application/n-triples" and "Бердибек Сапарбаев" in described.get_data(
        as_text=True
    )
    selected = client.post(
        "/sparql", data={"query": "SELECT ?s WHERE { ?s a kg:Person }"}, headers={"Accept": accept}
    )
    assert selected.mimetype == "application/sparql-results+json"


def test_every_string_is_used_in_its_language() -> None:
    assert strings("ru").count(1, "event") == "1 событие"
    assert strings("ru").count(3, "event") == "3 события"
    assert strings("ru").count(11, "event") == "11 событий"
    assert strings("en").count(1030, "triple") == "1,030 triples"
