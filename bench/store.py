"""The embedded store beside rdflib's memory store: loading a large graph, and `who-spoke` for one event.

    python bench/store.py [--quads N] [--runs R]

The graph is the Taraz example's build copied until it holds about N quads (default 1,000,000),
each copy under IRIs of its own, so it has as many events, people and roles as a corpus of that
size would. Both stores get the same N-Quads file and the ontology, then answer the saved
`who-spoke` query bound to one event (the same text, parameters bound by each store's own API).
Prints a Markdown table: load time and query time (median of R runs) per store, and the ratio of
each to rdflib, all measured in this one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Sized
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from machine import describe
from rdflib import Dataset, URIRef

from kgbuild.building.pipeline import build
from kgbuild.iris import DEFAULT_BASE
from kgbuild.ontology.vocab import ONTOLOGY_IRI, sparql_prologue
from kgbuild.outdir.layout import NQUADS
from kgbuild.outdir.output import write_store
from kgbuild.queries.saved import get_query
from kgbuild.resources import ontology_file
from kgbuild.stores.embedded import open_store, select

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "taraz-2021"
T = TypeVar("T")
S = TypeVar("S")
EVENT = "event/2021-10-14-mezhetnicheskoye-soglasiye-na-sovremennom-etape-opyt"


def scaled_graph(folder: Path, quads: int) -> tuple[Path, int]:
    """An N-Quads file of about ``quads`` quads: copies of the example under ``<base>c<i>/``."""
    out = folder / "example"
    build([EXAMPLE], out, extractor=None, validate=False)
    lines = (out / NQUADS).read_text(encoding="utf-8").splitlines(keepends=True)
    copies = max(1, round(quads / len(lines)))
    path = folder / "scaled.nq"
    with path.open("w", encoding="utf-8") as f:
        for i in range(copies):
            f.writelines(line.replace(f"<{DEFAULT_BASE}", f"<{DEFAULT_BASE}c{i}/") for line in lines)
    return path, copies * len(lines)


def timed(run: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def measure(load: Callable[[], S], query: Callable[[S], Sized], runs: int) -> tuple[float, float, int]:
    """Seconds to load, median seconds to query (a slow store is timed once), rows found."""
    load_time, store = timed(load)
    first, rows = timed(lambda: query(store))
    times = [first] if first > 5 else [first] + [timed(lambda: query(store))[0] for _ in range(runs - 1)]
    return load_time, statistics.median(times), len(rows)


def rdflib_store(path: Path) -> Dataset:
    dataset = Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    dataset.graph(URIRef(ONTOLOGY_IRI)).parse(ontology_file(), format="turtle")
    return dataset


def memory_store(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    store.bulk_load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ontology)
    return store


def disk_store(path: Path, folder: Path) -> ox.Store:
    """A build output's store, written and opened as ``kgbuild build`` and ``kgbuild query`` do."""
    folder.mkdir()
    write_store(folder, path)
    (folder / "build.json").write_text(json.dumps({"base": DEFAULT_BASE}), encoding="utf-8")
    return open_store([folder])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, default=1_000_000, help="about how many quads")
    parser.add_argument("--runs", type=int, default=5, help="query runs per store; the median is reported")
    args = parser.parse_args()
    body = get_query("who-spoke").body
    event = URIRef(f"{DEFAULT_BASE}c0/{EVENT}")
    prologue = sparql_prologue()
    with tempfile.TemporaryDirectory() as tmp:
        path, total = scaled_graph(Path(tmp), args.quads)
        results = {
            "rdflib `Dataset` in memory": measure(
                lambda: rdflib_store(path),
                lambda ds: list(ds.query(prologue + body, initBindings={"event": event})),
                args.runs,
            ),
            "pyoxigraph in memory": measure(
                lambda: memory_store(path), lambda st: select(st, body, {"event": event}).rows, args.runs
            ),
            "pyoxigraph on disk (`OUT/store`, as `kgbuild query` opens it)": measure(
                lambda: disk_store(path, Path(tmp) / "out"),
                lambda st: select(st, body, {"event": event}).rows,
                args.runs,
            ),
        }
    found = {rows for _, _, rows in results.values()}
    assert len(found) == 1 and 0 not in found, f"the stores disagree: {results}"
    baseline = results["rdflib `Dataset` in memory"][1]
    print(f"`who-spoke` for one event ({found.pop()} rows) on {total:,} quads — {describe()}\n")
    print("| store | load | query (median) | query speed-up vs rdflib |")
    print("|---|---:|---:|---:|")
    for name, (load, query, _) in results.items():
        print(f"| {name} | {load:.1f} s | {query * 1000:,.1f} ms | {baseline / query:,.1f}× |")


if __name__ == "__main__":
    main()
