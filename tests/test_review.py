"""kgbuild review without a browser: the token and the loopback guard, every endpoint, the curated
file's lines, the rebuild, decisions that survive re-extraction and those listed as stale.

The app is driven through Flask's test client; tests/test_browser.py drives it from a real browser.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from kgbuild.building.curate import REVIEW_FILE, apply_decisions
from kgbuild.building.pipeline import build, convert_facts
from kgbuild.cli import main
from kgbuild.errors import OutputError
from kgbuild.facts import Document, DocumentFacts, Event, EventKind, Evidence, Person, Post, Role, RoleType
from kgbuild.factsfile import Retraction, read_facts
from kgbuild.queries.saved import get_query
from kgbuild.review import LOOPBACK, create_review_app, make_review_server
from kgbuild.review.app import HEADER
from kgbuild.stores.embedded import open_store, select
from tests.conftest import EXAMPLE

DOC = "000_ecf5c2834d24bb97"
OTHER = "001_bf77756acbf7d79d"
TOKEN = "this-runs-token"
WHEN = datetime(2026, 11, 2, 10, 15, tzinfo=UTC)


def built(root: Path) -> tuple[Path, Path]:
    """A copy of the Taraz corpus (built from its curated facts) and its build output."""
    corpus = root / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    out = root / "out"
    build([corpus], out, extractor=None, validate=False)
    return corpus, out


@pytest.fixture
def review(tmp_path: Path) -> tuple[Path, Path, FlaskClient]:
    corpus, out = built(tmp_path)
    app = create_review_app(out, token=TOKEN, who="tester", clock=lambda: WHEN)
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}").status_code == 303  # the token becomes a cookie
    return corpus, out, client


def decide(client: FlaskClient, **body: object) -> tuple[int, dict[str, object] | str]:
    response = client.post("/api/decisions", json=body, headers={HEADER: TOKEN})
    return response.status_code, response.get_json() if response.is_json else response.get_data(as_text=True)


def reject_and_correct(client: FlaskClient, title: str, organization: str) -> None:
    """Reject Щербина as a speaker; correct Тлепов's capacity."""
    assert decide(client, doc=DOC, type="role", id="shcherbina-v/speaker", action="reject")[0] == 200
    fields = {"title": title, "organization": organization}
    assert decide(client, doc=DOC, type="post", id="tlepov-b/post", action="correct", fields=fields)[0] == 200


def who_spoke(out: Path) -> list[tuple[str, str]]:
    rows = select(open_store([out]), get_query("who-spoke").body).dicts()
    return sorted({(str(r["name"]), str(r["capacity"] or "")) for r in rows})


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- the guard: a token per run, loopback only --------------------------------------------


def test_every_request_needs_this_runs_token(tmp_path: Path) -> None:
    _, out = built(tmp_path)
    app = create_review_app(out, token=TOKEN)
    client = app.test_client()
    for url in ("/", f"/document/{DOC}", "/static/review.js", "/?token=guessed"):
        assert client.get(url).status_code == 403, url
    first = client.get(f"/?token={TOKEN}")
    assert first.status_code == 303 and first.headers["Location"].endswith("/")
    cookie = first.headers["Set-Cookie"]
    assert f"kgbuild-review={TOKEN}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/").status_code == 200 and client.get(f"/document/{DOC}").status_code == 200
    body = {"doc": DOC, "type": "role", "id": "shcherbina-v/speaker", "action": "reject"}
    # a change needs the token in its header: the cookie alone (a cross-site form) is not enough
    assert client.post("/api/decisions", json=body).status_code == 403
    assert client.post("/api/decisions", json=body, headers={HEADER: "guessed"}).status_code == 403
    assert client.post("/api/rebuild").status_code == 403
    elsewhere = {HEADER: TOKEN, "Origin": "https://elsewhere.example"}
    assert client.post("/api/decisions", json=body, headers=elsewhere).status_code == 403
    assert not (out.parent / "corpus" / REVIEW_FILE).exists()
    assert client.post("/api/decisions", json=body, headers={HEADER: TOKEN}).status_code == 200


def test_only_the_loopback_host_is_answered(review: tuple[Path, Path, FlaskClient]) -> None:
    _, _, client = review
    with_token = f"/?token={TOKEN}"
    for host in ("evil.example", "evil.example:8001", "192.168.1.5:8001"):  # DNS rebinding, the LAN
        assert client.get(with_token, headers={"Host": host}).status_code == 403, host
    for host in ("127.0.0.1:8001", "localhost:8001", "[::1]:8001"):
        assert client.get(with_token, headers={"Host": host}).status_code == 303, host


def test_the_review_server_listens_on_loopback_only(tmp_path: Path) -> None:
    _, out = built(tmp_path)
    server = make_review_server(create_review_app(out), 0)
    try:
        assert LOOPBACK == "127.0.0.1" and server.effective_host == "127.0.0.1"
        assert server.socket.getsockname()[0] == "127.0.0.1"
    finally:
        server.close()
    assert "host" not in inspect.signature(make_review_server).parameters  # no way to bind elsewhere
    assert "--host" not in [o for p in main.commands["review"].params for o in p.opts]


def test_serve_has_no_way_to_write(tmp_path: Path) -> None:
    from kgbuild.web.server import create_app

    _, out = built(tmp_path)
    app = create_app(out, workers=1)
    try:
        methods = {m for rule in app.url_map.iter_rules() for m in rule.methods or ()}
        assert methods <= {"GET", "HEAD", "POST", "OPTIONS"}
        posting = [rule.rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())]
        assert posting == ["/sparql"]  # read-only queries: updates are refused (tests/test_web.py)
        assert not any("decision" in rule.rule or "rebuild" in rule.rule for rule in app.url_map.iter_rules())
    finally:
        app.config["kgbuild.endpoint"].close()


# -- the pages ------------------------------------------------------------------------------


def test_the_index_lists_documents_with_their_fact_counts_and_problems(
    review: tuple[Path, Path, FlaskClient],
) -> None:
    corpus, out, client = review
    page = client.get("/").get_data(as_text=True)
    assert f'href="/document/{DOC}"' in page and f'href="/document/{OTHER}"' in page
    facts = json.loads((out / "build.json").read_text(encoding="utf-8"))["documents"]
    for row in facts:
        assert f"<strong>{row['facts']}</strong>" in page
    # a problem of the build naming a document is listed with it
    (corpus / "extra.facts.jsonl").write_text(
        json.dumps({"type": "role", "doc": DOC, "id": "nobody/speaker", "retract": True}) + "\n",
        encoding="utf-8",
    )
    client.post("/api/rebuild", headers={HEADER: TOKEN})
    page = client.get("/").get_data(as_text=True)
    assert "nobody/speaker" in page and "matches no extracted fact" in page


def test_a_document_page_marks_every_fact_and_has_a_card_for_each(
    review: tuple[Path, Path, FlaskClient],
) -> None:
    _, out, client = review
    page = client.get(f"/document/{DOC}").get_data(as_text=True)
    facts = read_facts(out / "facts" / f"{DOC}.jsonl").facts[DOC]
    assert page.count('<li class="card ') == len(facts) > 50
    for fact in facts:
        assert f'id="char={fact.evidence.start},{fact.evidence.end}"' in page
    assert f'<meta name="kgbuild-token" content="{TOKEN}">' in page
    assert 'class="k-person' in page and 'class="k-role' in page
    assert client.get("/document/nothing").status_code == 404


def test_a_documents_validation_problems_are_listed_with_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    build([corpus], tmp_path / "out", extractor=None)  # validated: violations go to build.json
    app = create_review_app(tmp_path / "out", token=TOKEN)
    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    fields = {"initials": "бт"}  # not capitals each with a full stop: the person's shape says so
    body = {"doc": DOC, "type": "person", "id": "tlepov-b", "action": "correct", "fields": fields}
    assert client.post("/api/decisions", json=body, headers={HEADER: TOKEN}).status_code == 200
    client.post("/api/rebuild", headers={HEADER: TOKEN})
    index = client.get("/").get_data(as_text=True)
    row = index[index.index(f'href="/document/{DOC}"') : index.index(f'href="/document/{OTHER}"')]
    assert "Б. Тлепов" in row and "initials (kg:initials) are capital letters" in row
    assert "initials" not in index[index.index(f'href="/document/{OTHER}"') :]
    page = client.get(f"/document/{DOC}").get_data(as_text=True)
    assert "initials (kg:initials) are capital letters" in page


# -- decisions: lines of the curated file ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"type": "role", "id": "shcherbina-v/speaker", "action": "accept"},
            {"id": "shcherbina-v/speaker", "role": "speaker"},
        ),
        (
            {"type": "role", "id": "shcherbina-v/speaker", "action": "reject"},
            {"retract": True, "evidence": {"start": 1695, "end": 1810}},
        ),
        (
            {"type": "role", "id": "tlepov-b/speaker", "action": "correct", "fields": {"role": "moderator"}},
            {"role": "moderator"},
        ),
        (
            {
                "type": "post",
                "id": "tlepov-b/post",
                "action": "correct",
                "fields": {"title": "министр", "organization": "МАЖИЛИС ПАРЛАМЕНТА РЕСПУБЛИКИ КАЗАХСТАН"},
            },
            {"title": "министр", "organization": "mazhilis"},
        ),
        (
            {
                "type": "person",
                "id": "tlepov-b",
                "action": "correct",
                "fields": {"name": "Бауыржан Тлепов", "surname": "Тлепов", "given_name": "Бауыржан"},
            },
            {"given_name": "Бауыржан"},
        ),
        (
            {
                "type": "event",
                "id": "conference",
                "action": "correct",
                "fields": {"title": "Диалог", "start": "2021-10-14", "end": "2021-10-16"},
            },
            {"title": "Диалог", "end": "2021-10-16"},
        ),
        ({"type": "person", "id": "tlepov-b", "action": "distinct"}, {"distinct": True}),
        (
            {
                "type": "person",
                "id": "tlepov-b",
                "action": "same-as",
                "iri": "https://example.org/kg/person/saparbayev-b",
            },
            {"name": "Бердибек Сапарбаев", "given_name": "Бердибек"},
        ),
    ],
    ids=["accept", "reject", "role-type", "capacity", "name", "event", "distinct", "same-as"],
)
def test_each_decision_is_a_line_of_the_curated_file(
    review: tuple[Path, Path, FlaskClient], body: dict[str, object], expected: dict[str, object]
) -> None:
    corpus, _, client = review
    status, answer = decide(client, doc=DOC, **body)
    assert status == 200, answer
    lines = [json.loads(line) for line in (corpus / REVIEW_FILE).read_text(encoding="utf-8").splitlines()]
    last = lines[-1]
    assert (last["doc"], last["id"], last["type"]) == (DOC, body["id"], body["type"])
    for key, value in expected.items():
        assert last[key] == value or (isinstance(value, dict) and value.items() <= last[key].items()), key
    assert re.fullmatch(r"kgbuild review: .+; by tester, 2026-11-02T10:15:00Z", last["comment"])
    texts = {d: (corpus / f"{d}.txt").read_text(encoding="utf-8") for d in (DOC, OTHER)}
    content = read_facts(corpus / REVIEW_FILE, texts=texts.get, decisions=True)
    assert content.errors == []  # the documented format, checked against the text


def test_a_capacity_in_an_organization_the_document_does_not_name_adds_it(
    review: tuple[Path, Path, FlaskClient],
) -> None:
    corpus, out, client = review
    status, _ = decide(
        client, doc=DOC, type="post", id="shcherbina-v/post", action="correct",
        fields={"title": "политолог", "organization": "Институт политологии"},
    )  # fmt: skip
    assert status == 200
    org, post = [json.loads(x) for x in (corpus / REVIEW_FILE).read_text(encoding="utf-8").splitlines()]
    assert org["type"] == "organization" and org["name"] == "Институт политологии"
    assert post["organization"] == org["id"] and org["evidence"] == post["evidence"]
    client.post("/api/rebuild", headers={HEADER: TOKEN})
    rows = select(open_store([out]), get_query("positions").body).dicts()
    assert any(str(r["organization"]) == "Институт политологии" for r in rows)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"type": "role", "id": "shcherbina-v/speaker", "action": "delete"}, "unknown decision"),
        ({"type": "role", "id": "nobody", "action": "reject"}, "has no role 'nobody'"),
        (
            {"type": "event", "id": "conference", "action": "correct", "fields": {"start": "14.10.2021"}},
            "YYYY-MM-DD",
        ),
        (
            {
                "type": "event",
                "id": "conference",
                "action": "correct",
                "fields": {"start": "2021-10-15", "end": "2021-10-14"},
            },
            "before the start",
        ),
        (
            {"type": "place", "id": "taraz", "action": "correct", "fields": {"name": "x"}},
            "accepted or rejected",
        ),
        (
            {"type": "person", "id": "tlepov-b", "action": "correct", "fields": {"surname": " "}},
            "may not be empty",
        ),
        (
            {"type": "role", "id": "tlepov-b/speaker", "action": "correct", "fields": {"role": "hero"}},
            "unknown role type",
        ),
        (
            {"type": "role", "id": "tlepov-b/speaker", "action": "correct", "fields": {"agent": "x"}},
            "no field 'agent'",
        ),
        (
            {
                "type": "person",
                "id": "tlepov-b",
                "action": "same-as",
                "iri": "https://example.org/kg/person/nobody",
            },
            "choose a person",
        ),
        ({"type": "post", "id": "tlepov-b/post", "action": "distinct"}, "only a person"),
    ],
)
def test_a_bad_decision_is_refused_with_its_reason(
    review: tuple[Path, Path, FlaskClient], body: dict[str, object], reason: str
) -> None:
    corpus, _, client = review
    status, answer = decide(client, doc=DOC, **body)
    assert status == 400 and reason in str(answer)
    assert not (corpus / REVIEW_FILE).exists()
    response = client.post("/api/decisions", data="not json", headers={HEADER: TOKEN})
    assert response.status_code == 400


# -- rebuild: decisions applied, kept across re-extraction, stale when their span is gone ---


def test_rebuild_applies_the_decisions_and_writes_nothing_else(
    review: tuple[Path, Path, FlaskClient],
) -> None:
    corpus, out, client = review
    before = digests(corpus)
    assert ("В. Щербина", "политолог") in who_spoke(out)
    reject_and_correct(
        client, "министр информации", "Министерство информации и общественного развития Республики Казахстан"
    )
    assert "1 decision" in client.get("/").get_data(as_text=True) or "2 decision" in client.get("/").get_data(
        as_text=True
    )
    answer = client.post("/api/rebuild", headers={HEADER: TOKEN}).get_json()
    assert answer["summary"].startswith("Built") and answer["stale"] == []
    spoke = who_spoke(out)
    assert not any(name == "В. Щербина" for name, _ in spoke)
    assert ("Б. Тлепов", "министр информации") in spoke
    result = CliRunner().invoke(main, ["query", "who-spoke", "--data", str(out), "--format", "csv"])
    assert "Щербина" not in result.output and "министр информации" in result.output
    after = digests(corpus)
    assert {k: v for k, v in after.items() if k != REVIEW_FILE} == before and REVIEW_FILE in after
    page = client.get(f"/document/{DOC}").get_data(as_text=True)
    assert 'data-id="shcherbina-v/speaker"' not in page and "министр информации" in page


def test_a_later_decision_replaces_the_earlier(review: tuple[Path, Path, FlaskClient]) -> None:
    _, out, client = review
    decide(client, doc=DOC, type="role", id="shcherbina-v/speaker", action="reject")
    decide(client, doc=DOC, type="role", id="shcherbina-v/speaker", action="accept")
    client.post("/api/rebuild", headers={HEADER: TOKEN})
    assert any(name == "В. Щербина" for name, _ in who_spoke(out))


def test_telling_a_mention_apart_and_linking_it_again(review: tuple[Path, Path, FlaskClient]) -> None:
    _, out, client = review
    people = "SELECT DISTINCT ?p WHERE { ?p a kg:Person ; kg:familyName 'Сапарбаев'@ru }"
    assert len(select(open_store([out]), people).rows) == 1
    for action, expected in (("distinct", 2), ("same-as", 1)):  # told apart, then linked again
        iri = "https://example.org/kg/person/saparbayev-b"
        decide(client, doc=OTHER, type="person", id="saparbayev-b", action=action, iri=iri)
        client.post("/api/rebuild", headers={HEADER: TOKEN})
        assert len(select(open_store([out]), people).rows) == expected, action


def _reextracted(corpus: Path, renames: dict[str, str], shift: int = 0) -> None:
    """The curated facts as another extractor would give them: other ids (and, for a text edited
    above them, offsets moved by ``shift``)."""
    path = corpus / "curated.facts.jsonl"
    text = path.read_text(encoding="utf-8")
    for old, new in renames.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    if shift:
        lines = []
        for line in text.splitlines():
            obj = json.loads(line)
            if obj.get("doc") == DOC and "evidence" in obj:
                obj["evidence"]["start"] += shift
                obj["evidence"]["end"] += shift
            lines.append(json.dumps(obj, ensure_ascii=False))
        text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")


def test_decisions_survive_re_extraction(review: tuple[Path, Path, FlaskClient]) -> None:
    corpus, out, client = review
    reject_and_correct(client, "министр", "")
    # the document is read again: its facts get other ids, and a line above them moves them
    _reextracted(corpus, {"shcherbina-v/speaker": "role@1695", "tlepov-b/post": "post@2594"})
    doc = corpus / f"{DOC}.txt"
    doc.write_text("Новость дня.\n" + doc.read_text(encoding="utf-8"), encoding="utf-8")
    _reextracted(corpus, {}, shift=len("Новость дня.\n"))
    answer = client.post("/api/rebuild", headers={HEADER: TOKEN}).get_json()
    assert answer["stale"] == [], json.loads((out / "build.json").read_text(encoding="utf-8"))["problems"]
    spoke = who_spoke(out)
    assert not any(name == "В. Щербина" for name, _ in spoke) and ("Б. Тлепов", "министр") in spoke


def test_a_decision_whose_span_is_gone_is_listed_as_stale(review: tuple[Path, Path, FlaskClient]) -> None:
    corpus, out, client = review
    decide(client, doc=DOC, type="role", id="shcherbina-v/speaker", action="reject")
    decide(client, doc=DOC, type="role", id="bularov-i/speaker", action="reject")
    # Щербина's sentence is cut from the text; the facts are extracted again with other ids, and
    # two roles over one span cannot tell which was rejected
    doc = corpus / f"{DOC}.txt"
    text = doc.read_text(encoding="utf-8")
    cut = "Актуальность темы международной конференции отметил и украинский политолог, кандидат социологических наук В.Щербина"
    doc.write_text(text.replace(cut, "Х" * len(cut)), encoding="utf-8")
    lines = [json.loads(x) for x in (corpus / "curated.facts.jsonl").read_text(encoding="utf-8").splitlines()]
    kept = [
        x
        for x in lines
        if not (
            x.get("doc") == DOC and "shcherbina" in x.get("id", "") + x.get("agent", "") + x.get("person", "")
        )
    ]
    (corpus / "curated.facts.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in kept), encoding="utf-8"
    )
    _reextracted(corpus, {"bularov-i/speaker": "role@169-b"})
    answer = client.post("/api/rebuild", headers={HEADER: TOKEN}).get_json()
    assert answer["stale"] == [1, 2]
    index = client.get("/").get_data(as_text=True)
    assert (
        "Decisions that no longer apply" in index
        and "shcherbina-v/speaker" in index
        and "bularov-i/speaker" in index
    )
    assert "stale review decision" in client.get(f"/document/{DOC}").get_data(as_text=True)
    assert any(name == "И. Буларов" for name, _ in who_spoke(out))  # not rejected on a guess


def test_a_build_that_does_not_say_where_its_corpus_is_cannot_be_reviewed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert_facts([EXAMPLE / "curated.facts.jsonl"], out, validate=False)
    with pytest.raises(OutputError, match="does not say which corpus"):
        create_review_app(out)
    result = CliRunner().invoke(main, ["review", str(out)])
    assert result.exit_code == 2 and "does not say which corpus" in result.output


def test_a_build_without_curated_facts_is_rebuilt_with_them_and_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    build([corpus], tmp_path / "out", extractor=None, curated=False, validate=False)
    app = create_review_app(tmp_path / "out", token=TOKEN)
    workspace = app.config["kgbuild.workspace"]
    assert workspace.notice and "--no-curated" in workspace.notice and REVIEW_FILE in workspace.notice
    assert workspace.rebuild().facts > 0  # from the curated file alone: the decisions apply
    assert create_review_app(tmp_path / "out").config["kgbuild.workspace"].notice is None


# -- the review layer of a build, alone -----------------------------------------------------


def _doc(*facts: object) -> DocumentFacts:
    return DocumentFacts(Document("d", "d.txt"), tuple(facts))  # type: ignore[arg-type]


def test_decisions_match_by_id_then_exact_span_never_by_overlap() -> None:
    a = Person(id="a", evidence=Evidence("d", 0, 5, "Ааааа"), name="А", surname="А")
    b = Person(id="b", evidence=Evidence("d", 0, 12, "Ааааа Ббббб"), name="Б", surname="Б")
    event = Role(
        id="r1", evidence=Evidence("d", 0, 20, "x" * 20), event="e", agent="a", role=RoleType.SPEAKER
    )
    twin = Role(id="r2", evidence=Evidence("d", 0, 20, "x" * 20), event="e", agent="b", role=RoleType.SPEAKER)
    base = _doc(
        Event(id="e", evidence=Evidence("d", 0, 3, "xxx"), kind=EventKind.CONFERENCE), a, b, event, twin
    )
    fixed = Person(
        id="a2", evidence=Evidence("d", 0, 5, "Ааааа"), name="Аа", surname="Аа"
    )  # same span, new id
    problems: list[str] = []
    out = apply_decisions(base, [fixed], [Retraction("role", "d", "r1", "f:1")], problems)
    ids = {f.id for f in out.facts}
    assert ids == {"e", "a2", "b", "r2"} and problems == []  # b overlaps a, and is kept
    assert next(f for f in out.facts if f.id == "a2").name == "Аа"
    ambiguous = Retraction("role", "d", "gone", "f:2", Evidence("d", 0, 20, "x" * 20))
    dangling = Post(id="p", evidence=Evidence("d", 0, 5, "Ааааа"), person="nobody", title="аким")
    out = apply_decisions(base, [dangling], [ambiguous], problems)
    assert {f.id for f in out.facts} == {"e", "a", "b", "r1", "r2"}
    assert len(problems) == 2 and all("stale review decision" in p for p in problems)
