"""The register of a build's documents (on disk) and the manifest written from it row by row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgbuild.facts import Document
from kgbuild.outdir.layout import MANIFEST, read_manifest, write_manifest
from kgbuild.outdir.register import DocumentRegister


def doc(id_: str, sha256: str | None) -> Document:
    return Document(id=id_, file_name=f"{id_}.txt", sha256=sha256)


def test_the_register_keeps_rows_in_order_taken_and_tells_the_first_document_of_a_text(
    tmp_path: Path,
) -> None:
    register = DocumentRegister(tmp_path / "documents.sqlite")
    try:
        assert (len(register), register.facts(), list(register.ids())) == (0, 0, [])
        register.add(doc("b", "same"), 3)
        register.add(doc("a", "other"), 0)
        register.add(doc("c", None), 4)
        assert register.first_with("same") == "b"
        assert register.first_with("unknown") is None
        assert list(register.ids()) == ["a", "b", "c"]
        assert [row["id"] for row in register.rows()] == ["b", "a", "c"]
        assert next(register.rows()) == {"id": "b", "file": "b.txt", "sha256": "same", "facts": 3}
        assert (len(register), register.facts()) == (3, 7)
    finally:
        register.close()


@pytest.mark.parametrize("rows", [0, 1, 3])
@pytest.mark.parametrize("head", [{}, {"kgbuild": "1", "problems": ['a "quoted" — problem'], "quads": 2}])
def test_the_manifest_is_written_row_by_row(tmp_path: Path, head: dict[str, object], rows: int) -> None:
    documents = [{"id": f"d{n}", "file": f"д{n}.txt", "sha256": None, "facts": n} for n in range(rows)]
    write_manifest(tmp_path, head, iter(documents))
    assert read_manifest(tmp_path) == {**head, "documents": documents}
    assert json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))["documents"] == documents
