"""Bad input gets a clear message and loses nothing: the rest of the corpus builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuild.building.pipeline import build
from kgbuild.cli import main
from kgbuild.corpus import read_corpus
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("messy")
    shutil.copy(EXAMPLE / "000_ecf5c2834d24bb97.txt", corpus / "report.txt")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "recipe.txt").write_text("Смешать муку и воду, выпекать двадцать минут.\n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (corpus / "old.txt").write_bytes("Министр финансов Алексей Кудрин сообщил о бюджете.".encode("cp1251"))
    (corpus / "bom.txt").write_bytes("\ufeffДепутат С.Абдрахманов выступил.".encode())
    (corpus / "notes.md").write_text("not a report", encoding="utf-8")
    return corpus


def test_each_bad_file_is_reported_and_the_rest_builds(messy: Path, tmp_path: Path) -> None:
    report = build([messy], tmp_path / "out")
    problems = "\n".join(report.problems)
    assert "binary.txt: looks like a binary file" in problems
    assert "empty.txt: the document is empty; no facts" in problems
    assert "recipe.txt: no facts found (is it a news report?)" in problems
    assert "notes.md: no facts found" in problems  # Markdown is read too
    assert report.documents == 6 and report.validation is not None and report.validation.conforms
    assert (tmp_path / "out" / "facts" / "report.jsonl").stat().st_size > 1000


def test_encodings_are_detected(messy: Path) -> None:
    texts = {s.document.id: s.text for s in read_corpus([messy]).sources}
    assert texts["old"].startswith("Министр финансов Алексей Кудрин")
    assert texts["bom"].startswith("Депутат")  # the byte-order mark is not part of the text


def test_a_failed_build_leaves_the_previous_output(messy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([EXAMPLE], out, validate=False)
    before = (out / "graph.nq").read_bytes()
    result = CliRunner().invoke(main, ["build", str(tmp_path / "missing"), "-o", str(out)])
    assert result.exit_code == 2 and "no documents" in result.output
    assert (out / "graph.nq").read_bytes() == before


def test_a_huge_document_is_read_in_part_with_a_warning(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text(
        (EXAMPLE / "000_ecf5c2834d24bb97.txt").read_text(encoding="utf-8") * 3, encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["build", str(corpus), "-o", str(tmp_path / "out"), "--no-validate", "--max-chars", "2000"]
    )
    assert result.exit_code == 0, result.output
    assert "more than 2,000 characters; facts were read from the first 2,000 only" in result.output
    document = read_corpus([corpus], max_chars=2000).sources[0]
    assert len(document.text) == document.document.chars == 2000 and document.cut is not None
    assert "2000 facts" not in result.output and ", 0 facts" not in result.output


def test_only_the_bytes_the_limit_needs_are_read(tmp_path: Path) -> None:
    """A 20 MB document, 1,000 characters wanted: what reading it allocates is a few kB, not 20 MB."""
    import tracemalloc

    from kgbuild.corpus import read_source

    (tmp_path / "huge.txt").write_text("Депутат выступил с докладом. " * 700_000, encoding="utf-8")
    (tmp_path / "huge16.txt").write_bytes(
        b"\xff\xfe" + ("Депутат выступил с докладом. " * 350_000).encode("utf-16-le")
    )
    for name in ("huge.txt", "huge16.txt"):
        tracemalloc.start()
        source = read_source(tmp_path / name, max_chars=1000)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert len(source.text) == 1000 and source.text.startswith("Депутат выступил")
        assert source.cut == (tmp_path / name).stat().st_size > 20_000_000
        assert peak < 200_000, f"{name}: reading 1,000 characters allocated {peak:,} bytes"


def test_extract_prints_facts_or_shows_them(tmp_path: Path) -> None:
    runner = CliRunner()
    doc = str(EXAMPLE / "001_bf77756acbf7d79d.txt")
    jsonl = runner.invoke(main, ["extract", doc])
    assert (
        jsonl.exit_code == 0 and '"type": "person"' in jsonl.output and "Бердибек Сапарбаев" in jsonl.output
    )
    facts = tmp_path / "x.facts.jsonl"
    facts.write_text(jsonl.output, encoding="utf-8")
    shown = runner.invoke(main, ["extract", doc, "--show"])
    assert "[Бердибек Сапарбаев]{person}" in shown.output and "speaker at" in shown.output
    assert runner.invoke(main, ["extract", doc, "--extractor", "nope"]).exit_code == 2
