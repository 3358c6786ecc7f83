"""The build output folder (OUT/): what a build writes and what the other commands read.

    OUT/graph.trig          the dataset, one named graph per document plus the entities graph
    OUT/graph.nq            the same quads as N-Quads, graph by graph, lines sorted in each
                            (byte-identical for the same input)
    OUT/facts/<doc>.jsonl   the facts each document contributed (extracted, corrected by curated)
    OUT/texts/<doc>.txt     each document's text as kgbuild read it, which the evidence offsets
                            count in (the pages show it, with the spans marked)
    OUT/merges.jsonl        every merge of mentions into one entity, with its reason
    OUT/store/              the same quads and the ontology in an on-disk pyoxigraph store
    OUT/build.json          the manifest: kgbuild version, base IRI, documents, counts
    OUT/cache/              what a rebuild need not do again (see :mod:`kgbuild.outdir.cache`)

A build is written beside OUT and moved into place at the end, so an interrupted or failed build
never leaves OUT half-written, and the previous build stays readable until the new one is done.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.errors import OutputError
from kgbuild.facts import DocumentFacts
from kgbuild.factsfile import dumps
from kgbuild.ontology.vocab import PREFIXES, bind_prefixes
from kgbuild.outdir.layout import (
    CACHE,
    ENTRIES,
    MANIFEST,
    MERGES,
    NQUADS,
    SCHEMA,
    STORE,
    TEXTS,
    TRIG,
    is_build,
    read_manifest,
    write_manifest,
)
from kgbuild.outdir.loader import StoreLoader, complete, load_batch
from kgbuild.outdir.owned import Owned, carry_over, is_tagged_cache

Triple = tuple[Node, Node, Node]


def sorted_nquads(dataset: Dataset) -> str:
    """The dataset as N-Quads, lines sorted: the canonical, diffable form (no blank nodes are minted)."""
    text = dataset.serialize(format="nquads")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n" if lines else ""


def nt_line(triple: Triple) -> str:
    r"""A triple as rdflib's N-Triples serializer writes it (``rdflib.plugins.serializers.nt``),
    without the end of line: ``<s> <p> o .``. A literal has ``\``, ``\n``, ``"`` and ``\r``
    escaped, and every other character as it is."""
    s, p, o = triple
    if isinstance(o, Literal):
        text = o.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
        tag = f"@{o.language}" if o.language else f"^^<{o.datatype}>" if o.datatype else ""
        return f'{_n3(s)} {_n3(p)} "{text}"{tag} .'
    return f"{_n3(s)} {_n3(p)} {_n3(o)} ."


@lru_cache(maxsize=1 << 16)
def _n3(node: Node) -> str:
    """A term's N-Triples form (an IRI's is checked each time rdflib writes it: a graph names
    the same predicates, documents and entities over and over)."""
    return node.n3()


def quad_lines(iri: URIRef, triples: Iterable[Triple]) -> list[str]:
    """A named graph's N-Quads lines, sorted, each triple once: how :meth:`OutputWriter.graph`
    writes it (``triples`` an rdflib graph or its triples, each taken once, as a graph takes them)."""
    return graph_quads(iri, [nt_line(triple) for triple in dict.fromkeys(triples)])


def graph_quads(iri: URIRef | str, lines: Iterable[str]) -> list[str]:
    """N-Triples lines (:func:`nt_line`) as the named graph's N-Quads lines, sorted, each once."""
    return [f"{line[:-1].rstrip()} <{iri}> .\n" for line in sorted(set(lines))]


def trig(dataset: Dataset) -> str:
    """The dataset as TriG, graphs in IRI order (rdflib's own TriG writer orders them by hash)."""
    blocks = [
        _trig_block(graph.identifier, graph)  # type: ignore[arg-type]
        for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier))
        if len(graph)
    ]
    prologue = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    return prologue + "\n" + "\n".join(blocks)


def _is_output(out: Path) -> bool:
    """An output folder (its manifest says so), an empty one, or one that holds only the cache
    of an interrupted first build."""
    names = {p.name for p in out.iterdir()}
    return is_build(out) or not names or (names == {CACHE} and is_tagged_cache(out / CACHE))


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` that replaces ``out`` when the block ends without error.
    The build cache (``OUT/cache``, written in place as the build goes) moves with it, and what
    OUT holds that a build does not write stays in it."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or not _is_output(out)):
        raise OutputError(
            f"{out} exists and is not a kgbuild output folder (its {MANIFEST} is missing, or is not "
            "one kgbuild wrote); choose another -o folder, or an empty one"
        )
    with replacing(out, keep=(CACHE,), owned=Owned(entries=ENTRIES)) as stage:
        yield stage


@contextmanager
def replacing(target: Path, *, keep: tuple[str, ...] = (), owned: Owned | None = None) -> Iterator[Path]:
    """A fresh folder beside ``target`` that replaces it when the block ends without error (and
    is removed when it fails). The entries named in ``keep`` move from the old folder to the new
    one unless the block wrote its own. What ``target`` holds beyond what kgbuild wrote there
    (``owned``; by default nothing) moves to the new folder too, and a file of the new folder in
    its place is an error (see :func:`~kgbuild.outdir.owned.carry_over`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    stage.chmod(0o777 & ~umask)  # as a folder made by mkdir would be (mkdtemp makes it private)
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    for name in keep:
        if (target / name).exists() and not (stage / name).exists():
            (target / name).rename(stage / name)
    try:
        carry_over(target, stage, owned or Owned())
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if target.exists():
        target.rename(old)
    stage.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class OutputWriter:
    """Writes a build into a staged folder as it is made, graph by graph: facts and quads go to
    disk as soon as they exist, and the store is bulk-loaded from the quads meanwhile, in a
    thread of its own (:class:`~kgbuild.outdir.loader.StoreLoader`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / "facts").mkdir(parents=True, exist_ok=True)
        self._nquads = (folder / NQUADS).open("wb")  # lines encoded once, for the file and the store
        self._loader: StoreLoader | None = None  # made with the first graph: after extraction's forks
        self._sealed = False
        self.quads = 0

    def facts(self, facts: DocumentFacts) -> None:
        (self.folder / "facts" / f"{facts.document.id}.jsonl").write_text(dumps([facts]), encoding="utf-8")

    def text(self, doc_id: str, text: str) -> None:
        """OUT/texts/<doc>.txt: the text the document's evidence offsets count in (UTF-8, as read)."""
        (self.folder / TEXTS).mkdir(exist_ok=True)
        with (self.folder / TEXTS / f"{doc_id}.txt").open("w", encoding="utf-8", newline="") as out:
            out.write(text)

    def graph(self, iri: URIRef, triples: Iterable[Triple]) -> list[str]:
        """Write one named graph, or one part of it (parts written one after the other make the
        graph: a large one is never all in memory), given as an rdflib graph or its triples (each
        taken once, as a graph takes them); its N-Quads lines (sorted) are returned."""
        return self.lines(quad_lines(iri, triples))

    def lines(self, quads: list[str]) -> list[str]:
        """Write one named graph (or part) given as its lines (:func:`quad_lines`); they are returned."""
        data = "".join(quads).encode("utf-8")
        self._nquads.write(data)
        self._store().add(data, len(quads))
        self.quads += len(quads)
        return quads

    def merges(self, lines: Iterable[str]) -> None:
        """Write OUT/merges.jsonl (see :func:`kgbuild.linking.model.merge_log`)."""
        with (self.folder / MERGES).open("w", encoding="utf-8") as out:
            out.writelines(lines)

    def end_graphs(self) -> None:
        """No more graphs: the N-Quads file is closed, and the store takes its last quads and the
        ontology (in its thread, while the build goes on)."""
        if not self._nquads.closed:
            self._nquads.close()
            self._store().done()

    def seal(self) -> None:
        """Write the TriG file from the N-Quads file, and wait for the store to be whole."""
        if not self._sealed:
            self.end_graphs()
            write_trig(self.folder / NQUADS, self.folder / TRIG)
            self._store().wait()
            self._sealed = True

    def close(self, manifest: dict[str, Any], documents: Iterable[Mapping[str, Any]]) -> None:
        """Write the TriG file and the store (unless :meth:`seal` did), and the manifest, with a
        row per document (see :func:`~kgbuild.outdir.layout.write_manifest`)."""
        self.seal()
        write_manifest(self.folder, {"schema": SCHEMA, **manifest, "quads": self.quads}, documents)

    def abort(self) -> None:
        self._nquads.close()
        if self._loader is not None:
            self._loader.abort()

    def _store(self) -> StoreLoader:
        if self._loader is None:
            self._loader = StoreLoader(self.folder / STORE, STORE_BATCH, checked=False)  # lines of ours
        return self._loader


def write_trig(nquads: Path, target: Path) -> None:
    """The N-Quads file as TriG, in the same order (pyoxigraph's writer: fast, and it streams)."""
    quads = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    with target.open("wb") as out:
        ox.serialize(quads, out, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))


#: Lines of N-Quads per bulk load (at least; a build's loader sends the graphs' parts whole, so a
#: batch may hold one part more: a document's graph, or an entities part of at most
#: ``kgbuild.converters.PART_TRIPLES`` lines): pyoxigraph's bulk loader holds what it is given in
#: memory, so the store is written in batches. Loading 2.5M quads peaked at 208 MB in batches of
#: 100k parsed quads, at 91 MB in batches of 20k; given as text, which pyoxigraph parses itself (no Python
#: object per quad), in 50k lines, at 141 MB, with a third of the time (253k quads: 3.3 s of CPU
#: against 5.2 s).
STORE_BATCH = 50_000


def write_store(folder: Path, nquads: Path) -> None:
    """Write the on-disk store of a build from its N-Quads file: its quads, in batches, and the
    ontology, bulk-loaded."""
    store = ox.Store(str(folder / STORE))
    with nquads.open("rb") as lines:
        while batch := b"".join(islice(lines, STORE_BATCH)):
            load_batch(store, batch)
    complete(store)
    del store


def _trig_block(iri: URIRef, graph: Graph) -> str:
    body = bind_prefixes(Graph())
    for triple in graph:
        body.add(triple)
    turtle = body.serialize(format="turtle")
    # Not indented: a multi-line literal must keep its lines exactly as they are.
    inner = "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix")).strip("\n")
    return f"<{iri}> {{\n{inner}\n}}\n"


def union(dataset: Dataset) -> Graph:
    """All graphs of a dataset as one graph."""
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


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
