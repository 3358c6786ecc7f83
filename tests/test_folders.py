"""Commands that replace a folder (build, convert, publish) recognise it by a marker kgbuild wrote,
never by a file name, and never delete or overwrite a file kgbuild did not write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kgbuild.building.pipeline import build
from kgbuild.cli import main
from kgbuild.outdir.layout import MANIFEST, is_build
from kgbuild.web.publish import MARKER
from tests.conftest import EXAMPLE


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("folders") / "out"
    build([EXAMPLE], folder, extractor=None, validate=False)
    return folder


def test_a_build_json_that_is_no_manifest_does_not_make_a_folder_a_build(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / MANIFEST).write_text("{}", encoding="utf-8")
    (precious / "thesis.docx").write_text("years of work", encoding="utf-8")
    before = tree(precious)
    for command in (["build", EXAMPLE, "--extractor", "none"], ["convert", EXAMPLE / "curated.facts.jsonl"]):
        result = invoke(*command, "-o", precious)
        assert result.exit_code == 2 and "is not a kgbuild output folder" in result.output, result.output
        assert tree(precious) == before
    (precious / MANIFEST).write_text('{"kgbuild": "0.1.0", "schema": "something-else/1"}', encoding="utf-8")
    assert not is_build(precious)
    assert invoke("build", EXAMPLE, "--extractor", "none", "-o", precious).exit_code == 2


def test_a_build_is_known_by_its_manifest_schema_and_version(out: Path) -> None:
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["schema"] == "kgbuild-build/1" and manifest["kgbuild"]
    assert is_build(out)


def test_a_rebuild_keeps_the_files_kgbuild_did_not_write(out: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    build([EXAMPLE], target, extractor=None, validate=False)
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    (target / "mine").mkdir()
    (target / "mine" / "draft.md").write_text("draft", encoding="utf-8")
    build([EXAMPLE], target, extractor=None, validate=False, base="https://data.example.gov/kg/")
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (target / "mine" / "draft.md").read_text(encoding="utf-8") == "draft"
    assert "https://data.example.gov/kg/" in (target / "graph.nq").read_text(encoding="utf-8")
    result = invoke("convert", EXAMPLE / "curated.facts.jsonl", "-o", target)
    assert result.exit_code == 0, result.output
    assert (target / "notes.txt").is_file() and (target / "mine" / "draft.md").is_file()


def test_only_a_cache_kgbuild_made_counts_as_an_interrupted_build(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    (folder / "cache").mkdir(parents=True)
    (folder / "cache" / "photo.jpg").write_bytes(b"\xff\xd8")
    assert invoke("build", EXAMPLE, "--extractor", "none", "-o", folder).exit_code == 2
    assert (folder / "cache" / "photo.jpg").read_bytes() == b"\xff\xd8"
    first = tmp_path / "first"
    build([EXAMPLE], first, extractor=None, validate=True)
    assert (first / "cache" / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f59")
    interrupted = tmp_path / "interrupted"
    interrupted.mkdir()
    (first / "cache").rename(interrupted / "cache")  # all an interrupted first build leaves
    assert invoke("build", EXAMPLE, "--extractor", "none", "-o", interrupted).exit_code == 0


def test_publish_refuses_a_folder_that_is_not_a_site_it_published(out: Path, tmp_path: Path) -> None:
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("<h1>Apache2 Debian Default Page</h1>", encoding="utf-8")
    (www / "cv.pdf").write_bytes(b"%PDF-1.4 mine")
    before = tree(www)
    result = invoke("publish", out, "--site", www)
    assert result.exit_code == 2 and f"has no {MARKER}" in result.output and "--force" in result.output
    assert tree(www) == before
    forced = invoke("publish", out, "--site", www, "--force")  # index.html is not kgbuild's to replace
    assert forced.exit_code == 2 and "did not write where it would write its own: index.html" in forced.output
    assert tree(www) == before
    (www / "index.html").unlink()
    forced = invoke("publish", out, "--site", www, "--force")
    assert forced.exit_code == 0, forced.output
    assert (www / "cv.pdf").read_bytes() == b"%PDF-1.4 mine" and (www / "index.html").is_file()
    marker = json.loads((www / MARKER).read_text(encoding="utf-8"))
    assert marker["schema"] == "kgbuild-site/1" and marker["kgbuild"]
    assert "index.html" in marker["files"] and "cv.pdf" not in marker["files"]


def test_publishing_again_replaces_only_what_kgbuild_wrote(out: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert invoke("publish", out, "--site", site).exit_code == 0
    (site / "person" / "photo.jpg").write_bytes(b"\xff\xd8 me")
    (site / "private").mkdir()
    (site / "private" / "notes.txt").write_text("notes", encoding="utf-8")
    stale = site / "person" / "saparbayev-b.html"
    stale.write_text("changed by hand", encoding="utf-8")
    result = invoke("publish", out, "--site", site)
    assert result.exit_code == 0, result.output
    assert (site / "person" / "photo.jpg").read_bytes() == b"\xff\xd8 me"
    assert (site / "private" / "notes.txt").read_text(encoding="utf-8") == "notes"
    assert "changed by hand" not in stale.read_text(encoding="utf-8")  # kgbuild's own file, written again
