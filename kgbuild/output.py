"""The build output folder (OUT/): what a build writes and what the other commands read.

    OUT/graph.trig          the dataset, one named graph per document plus the entities graph
    OUT/graph.nq            the same quads as sorted N-Quads (byte-identical for the same input)
    OUT/facts/<doc>.jsonl   the facts each document contributed (extracted, corrected by curated)
    OUT/merges.jsonl        every merge of mentions into one entity, with its reason
    OUT/store/              the same quads and the ontology in an on-disk pyoxigraph store
    OUT/build.json          the manifest: kgbuild version, base IRI, documents, counts

A build is written beside OUT and moved into place at the end, so an interrupted or failed build
never leaves OUT half-written, and the previous build stays readable until the new one is done.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from kgbuild.errors import OutputError
from kgbuild.facts import DocumentFacts
from kgbuild.factsfile import dumps
from kgbuild.layout import MANIFEST, NQUADS, TRIG, read_manifest
from kgbuild.linking import Linking
from kgbuild.store import write_store
from kgbuild.vocab import PREFIXES, bind_prefixes


def sorted_nquads(dataset: Dataset) -> str:
    """The dataset as N-Quads, lines sorted: the canonical, diffable form (no blank nodes are minted)."""
    text = dataset.serialize(format="nquads")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n" if lines else ""


def trig(dataset: Dataset) -> str:
    """The dataset as TriG, graphs in IRI order (rdflib's own TriG writer orders them by hash)."""
    blocks = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0:
            continue
        body = bind_prefixes(Graph())
        for triple in graph:
            body.add(triple)
        turtle = body.serialize(format="turtle")
        # Not indented: a multi-line literal must keep its lines exactly as they are.
        inner = "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix")).strip("\n")
        blocks.append(f"<{graph.identifier}> {{\n{inner}\n}}\n")
    prologue = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    return prologue + "\n" + "\n".join(blocks)


def merge_log(linking: Linking) -> str:
    rows = [
        {
            "kind": e.kind,
            "key": e.key,
            "label": e.label,
            "reason": e.reason,
            "mentions": [{"doc": d, "id": i} for d, i in e.mentions],
        }
        for e in linking.merges()
    ]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` that replaces ``out`` when the block ends without error."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file())):
        raise OutputError(
            f"{out} exists and is not a kgbuild output folder (no {MANIFEST}); "
            "choose another -o folder or remove it"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    stage.chmod(0o777 & ~umask)  # as a folder made by mkdir would be (mkdtemp makes it private)
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def write_output(
    folder: Path, dataset: Dataset, docs: Sequence[DocumentFacts], linking: Linking, manifest: dict[str, Any]
) -> None:
    """Write every file of a build into ``folder`` (a staged folder: see :func:`staged`)."""
    (folder / "facts").mkdir(parents=True, exist_ok=True)
    for df in docs:
        (folder / "facts" / f"{df.document.id}.jsonl").write_text(dumps([df]), encoding="utf-8")
    nquads = sorted_nquads(dataset)
    (folder / NQUADS).write_text(nquads, encoding="utf-8")
    write_store(folder, folder / NQUADS)
    (folder / TRIG).write_text(trig(dataset), encoding="utf-8")
    (folder / "merges.jsonl").write_text(merge_log(linking), encoding="utf-8")
    manifest = {**manifest, "quads": nquads.count("\n")}
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def load_dataset(out: Path) -> Dataset:
    """The dataset of a build output folder."""
    read_manifest(out)
    path = Path(out) / NQUADS
    dataset = Dataset()
    try:
        dataset.parse(path, format="nquads")
    except Exception as err:
        raise OutputError(f"{path} cannot be parsed as N-Quads: {err}") from err
    return dataset
