"""The command line, driven in-process with click's CliRunner: output, exit codes, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kgbuild.cli import main
from kgbuild.queries.saved import saved_queries
from tests.conftest import EXAMPLE, require_java

COMMANDS = sorted(main.commands)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "out"
    result = invoke("build", EXAMPLE, "-o", folder)
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["kgbuild", *COMMANDS])
def test_every_command_has_help(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output and len(result.output) > 150


def test_build_prints_a_summary_and_writes_the_output_folder(out: Path) -> None:
    for name in ("graph.trig", "graph.nq", "build.json", "merges.jsonl"):
        assert (out / name).is_file()
    assert sorted(p.name for p in out.iterdir()) == [  # nothing of the build's own (the spool) left
        "build.json", "cache", "facts", "graph.nq", "graph.trig", "merges.jsonl", "store", "texts",
    ]  # fmt: skip
    assert sorted(p.name for p in (out / "facts").iterdir()) == [
        "000_ecf5c2834d24bb97.jsonl",
        "001_bf77756acbf7d79d.jsonl",
    ]
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert manifest["base"] == "https://example.org/kg/" and len(manifest["documents"]) == 2
    assert (out / "store").is_dir()
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask  # readable as any folder: a web server may serve it


def test_query_csv_is_what_the_evaluation_reads(out: Path) -> None:
    result = invoke("query", "who-spoke", "--data", out, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {"person", "name", "capacity", "organization", "event", "eventTitle", "document"} <= set(rows[0])
    assert {r["name"] for r in rows} >= {"Бердибек Сапарбаев", "М. Азильханов"}


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_every_output_format(out: Path, fmt: str) -> None:
    result = invoke("query", "events", "--data", out, "--format", fmt)
    assert result.exit_code == 0
    assert "2021-10-14" in result.output
    if fmt == "json":
        assert json.loads(result.output)["head"]["vars"][:2] == ["event", "title"]
    if fmt == "tsv":
        assert '"2021-10-14"^^<http://www.w3.org/2001/XMLSchema#date>' in result.output
    if fmt == "table":
        assert "(1 row)" in result.output and ":event/2021-10-14" in result.output


def test_query_list_shows_every_saved_query_and_its_parameters() -> None:
    result = invoke("query", "--list")
    assert result.exit_code == 0
    for name in {*saved_queries(), *saved_queries(checks=True)}:
        assert name in result.output
    assert "--param event=<iri>" in result.output


def test_query_show_prints_the_query_with_its_prefixes() -> None:
    result = invoke("query", "who-spoke", "--show")
    assert result.output.startswith("PREFIX kg: <https://w3id.org/kgbuild/ontology#>")
    assert "kg:roleSpeaker" in result.output


def test_query_with_a_parameter(out: Path) -> None:
    result = invoke(
        "query",
        "positions",
        "--data",
        out,
        "--param",
        "person=https://example.org/kg/person/tlepov-b",
        "--format",
        "csv",
    )
    assert result.exit_code == 0 and result.output.count("\n") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "who-spoke2", "--data", "{out}"], "unknown query 'who-spoke2'; available: "),
        (["query", "who-spoke", "--data", "{out}", "--param", "evnt=x"], "available: event, person"),
        (["query", "who-spoke", "--data", "{out}", "--param", "event"], "--param takes name=value"),
        (
            ["query", "who-spoke", "--data", "{out}", "--param", "event=<x> } DROP ALL {"],
            "must be an absolute IRI",
        ),
        (["query", "who-spoke"], "give the graph to query with --data"),
        (["query"], "give a query NAME"),
        (["build", "{missing}", "-o", "{tmp}/o"], "no such file or folder"),
        (["validate", "{tmp}"], "is not a kgbuild output folder"),
        (
            ["build", "{example}", "-o", "{out}", "--base", "ftp://x/"],
            "base IRI 'ftp://x/' must be an absolute",
        ),
    ],
)
def test_errors_exit_2_with_a_message_saying_what_is_wrong(
    out: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    values = {"{out}": out, "{tmp}": tmp_path, "{missing}": tmp_path / "nope", "{example}": EXAMPLE}
    filled = list(args)
    for key, value in values.items():
        filled = [a.replace(key, str(value)) for a in filled]
    result = invoke(*filled)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_validate_exits_0_when_the_graph_conforms(out: Path) -> None:
    result = invoke("validate", out)
    assert result.exit_code == 0 and "Conforms" in result.output


def test_validate_exits_1_and_explains_each_violation(out: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    nq = broken / "graph.nq"
    lines = [
        line
        for line in nq.read_text(encoding="utf-8").splitlines()
        if "familyName" not in line or "saparbayev" not in line
    ]
    nq.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("validate", broken)
    assert result.exit_code == 1
    assert "✗ Бердибек Сапарбаев <https://example.org/kg/person/saparbayev-b>" in result.output
    assert "path:    kg:familyName" in result.output
    assert "A person needs exactly one family name" in result.output
    assert "source:  000_ecf5c2834d24bb97.txt [" in result.output and "«Б.\xa0Сапарбаев»" in result.output
    assert "1 violation of the shapes." in result.output


@pytest.mark.slow
def test_reason_exits_0_on_the_example_and_1_on_a_contradiction(out: Path, tmp_path: Path) -> None:
    require_java()
    assert invoke("reason", out).exit_code == 0
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    with (broken / "graph.nq").open("a", encoding="utf-8") as f:
        f.write(
            "<https://example.org/kg/person/tlepov-b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<https://w3id.org/kgbuild/ontology#Event> <urn:x> .\n"
        )
    result = invoke("reason", broken)
    assert result.exit_code == 1 and "https://example.org/kg/person/tlepov-b" in result.output


def test_stats(out: Path) -> None:
    result = invoke("stats", out)
    assert result.exit_code == 0
    assert "Documents:      2" in result.output and "Person" in result.output and "speaker" in result.output


def test_convert_refuses_a_malformed_facts_file_and_leaves_the_old_output(out: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    shutil.copytree(out, target)
    before = (target / "graph.nq").read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"type": "document", "id": "d"}\n{"type": "person", "doc": "d", "id": "p", "name": "X", '
        '"surnam": "X", "evidence": {"start": 0, "end": 1, "quote": "X"}}\n',
        encoding="utf-8",
    )
    result = invoke("convert", bad, "-o", target)
    assert result.exit_code == 2
    assert f"{bad}:2: field 'surname' is required" in result.output
    assert (target / "graph.nq").read_bytes() == before


def test_convert_builds_from_the_facts_a_build_wrote(out: Path, tmp_path: Path) -> None:
    result = invoke("convert", *sorted((out / "facts").iterdir()), "-o", tmp_path / "again")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again" / "graph.nq").read_bytes() == (out / "graph.nq").read_bytes()


def test_build_keeps_going_past_a_malformed_curated_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    with (corpus / "curated.facts.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"type": "person", "doc": "000_ecf5c2834d24bb97", "id": "z"}\n')
    result = CliRunner().invoke(
        main, ["build", str(corpus), "-o", str(tmp_path / "o"), "--extractor", "none"]
    )
    assert result.exit_code == 0
    assert "curated.facts.jsonl:78: field 'evidence' is required" in result.output
    assert "75 facts" in result.output


def test_build_refuses_to_overwrite_a_folder_that_is_not_a_build(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("…", encoding="utf-8")
    result = invoke("build", EXAMPLE, "-o", precious)
    assert result.exit_code == 2 and "is not a kgbuild output folder" in result.output
    assert (precious / "thesis.docx").is_file()


def test_serve_on_a_port_in_use_says_so_in_one_line_and_exits_2(out: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(out), "--port", str(port)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)  # no traceback
    assert result.output.strip() == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use (is another server using "
        "this port? choose another with --port)"
    )
    assert "Serving" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--port", "99999", "99999 is not in the range 1<=x<=65535"),
        ("--port", "0", "0 is not in the range 1<=x<=65535"),
        ("--port", "http", "'http' is not a valid integer"),
        ("--query-timeout", "0", "0 is not in the range x>0"),
        ("--result-cap", "-5", "-5 is not in the range x>=1"),
    ],
)
def test_serve_options_are_checked_before_anything_starts(
    out: Path, option: str, value: str, message: str
) -> None:
    result = CliRunner().invoke(main, ["serve", str(out), option, value])
    assert result.exit_code == 2 and message in result.output and "Serving" not in result.output


def test_a_parameter_takes_what_the_table_prints(out: Path) -> None:
    table = invoke("query", "who-spoke", "--data", out, "--columns", "person", "--max-width", "0")
    printed = sorted({line.strip() for line in table.output.splitlines()[2:-1]})
    assert printed[0].startswith(":person/")  # the build's base, printed as ':'
    one = invoke("query", "who-spoke", "--data", out, "--param", f"person={printed[0]}", "--format", "csv")
    assert one.exit_code == 0, one.output
    people = {row["person"] for row in csv.DictReader(io.StringIO(one.output))}
    assert len(people) == 1 and people.pop().endswith(printed[0][1:])
    speakers = invoke("query", "roles", "--data", out, "--param", "role=kg:roleSpeaker", "--format", "csv")
    assert speakers.exit_code == 0 and speakers.output.count("\n") > 5


def test_repeating_a_parameter_binds_each_value(out: Path) -> None:
    def people(*values: str) -> set[str]:
        args = [a for v in values for a in ("--param", f"person={v}")]
        result = invoke("query", "who-spoke", "--data", out, *args, "--format", "csv")
        assert result.exit_code == 0, result.output
        return {row["name"] for row in csv.DictReader(io.StringIO(result.output))}

    tlepov, saparbayev = people(":person/tlepov-b"), people(":person/saparbayev-b")
    assert len(tlepov) == len(saparbayev) == 1
    assert people(":person/tlepov-b", ":person/saparbayev-b") == tlepov | saparbayev  # not the last alone


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("role=kg:roleSpeakr", "kg:roleSpeakr is not a term of the ontology; did you mean kg:roleSpeaker"),
        ("role=gk:roleSpeaker", "unknown prefix 'gk:' in 'gk:roleSpeaker'; did you mean kg:?"),
        ("role=https://w3id.org/kgbuild/ontology#roleSpeakr", "did you mean kg:roleSpeaker"),
    ],
)
def test_a_parameter_naming_nothing_is_refused_with_close_matches(
    out: Path, value: str, message: str
) -> None:
    result = invoke("query", "roles", "--data", out, "--param", value)
    assert result.exit_code == 2 and message in result.output and "rows)" not in result.output


def test_the_base_prefix_needs_a_build_folder(out: Path) -> None:
    result = invoke("query", "who-spoke", "--data", out / "graph.nq", "--param", "person=:person/tlepov-b")
    assert result.exit_code == 2 and "known only with --data OUT" in result.output


def _violating_corpus(folder: Path) -> Path:
    """The example with one curated person's initials malformed: it builds, with one violation."""
    folder.mkdir()
    for text in EXAMPLE.glob("*.txt"):
        shutil.copy(text, folder / text.name)
    curated = (EXAMPLE / "curated.facts.jsonl").read_text(encoding="utf-8")
    broken = curated.replace(
        '"initials": "Б.", "evidence": {"start": 2429', '"initials": "zz", "evidence": {"start": 2429'
    )
    assert broken != curated
    (folder / "curated.facts.jsonl").write_text(broken, encoding="utf-8")
    return folder


def test_build_exits_1_with_strict_when_validation_finds_violations(tmp_path: Path) -> None:
    corpus = _violating_corpus(tmp_path / "corpus")
    lenient = invoke("build", corpus, "-o", tmp_path / "out", "--extractor", "none")
    assert lenient.exit_code == 0 and "Validation: 1 violation; see: kgbuild validate" in lenient.output
    strict = invoke("build", corpus, "-o", tmp_path / "out", "--extractor", "none", "--strict")
    assert strict.exit_code == 1 and "is up to date" in strict.output  # the known violation counts too
    fresh = invoke("build", corpus, "-o", tmp_path / "fresh", "--extractor", "none", "--strict")
    assert fresh.exit_code == 1 and (tmp_path / "fresh" / "graph.nq").is_file()  # written all the same
    conforming = invoke("build", EXAMPLE, "-o", tmp_path / "ok", "--extractor", "none", "--strict")
    assert conforming.exit_code == 0
    refused = invoke("build", corpus, "-o", tmp_path / "x", "--strict", "--no-validate")
    assert refused.exit_code == 2 and "--strict needs validation" in refused.output
    assert "Exit with code 1 when validation finds violations" in invoke("build", "--help").output
    facts = sorted((tmp_path / "fresh" / "facts").iterdir())
    assert invoke("convert", *facts, "-o", tmp_path / "converted", "--strict").exit_code == 1


def test_ctrl_c_exits_130(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kgbuild.cli.build

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kgbuild.cli.build, "build", interrupted)
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 130 and "Interrupted" in result.output


@pytest.mark.slow
def test_ctrl_c_stops_serve_with_130(out: Path) -> None:
    import signal
    import subprocess
    import sys

    from tests.services import free_port

    port = free_port()
    command = [sys.executable, "-m", "kgbuild", "serve", str(out), "--port", str(port)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        assert "Serving" in process.stderr.readline()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 130
    finally:
        if process.poll() is None:
            process.kill()


def test_wording_of_counts_and_json_errors(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EXAMPLE / "000_ecf5c2834d24bb97.txt", corpus)
    (corpus / "wire.jsonl").write_text('{"text": 7}\n{"text": "a\tb"}\n{"title": "t"}\n', encoding="utf-8")
    result = invoke("build", corpus, "-o", tmp_path / "out", "--extractor", "none", "--no-curated")
    assert "Built" in result.output and ": 1 document, 0 facts, 0 entities (0 merged" in result.output
    assert "wire.jsonl:1: 'text' must be a string (the report's text), not a number: 7" in result.output
    assert "wire.jsonl:2: not JSON (Invalid control character at column" in result.output
    assert "at at" not in result.output and "1 documents" not in result.output
    assert "wire.jsonl:3: 'text' (the report's text, a string) is missing" in result.output


def test_extract_on_a_folder_without_documents_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = invoke("extract", tmp_path)
    assert result.exit_code == 2 and "no documents (*.txt, *.md, *.html, *.jsonl) found in" in result.output
