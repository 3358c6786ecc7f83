"""Building at scale, in one run, on synthetic reports of the genre (bench/synth.py, seeded).

    python bench/scale.py [--reports 1000] [--jobs-reports 300] [--memory 1000,10000] [--sample 200]
                          [--baseline DIR]

Prints one Markdown table, the machine described, every figure measured here in this run:

- extraction docs/s and chars/s, and natasha's bare NER on the same documents (ratio);
- conversion (linking, graphs, N-Quads, TriG) in quads/s;
- the extraction step of ``--jobs 2`` against ``--jobs 1`` on a few hundred reports, and whole builds;
- a rebuild with nothing changed, and one with one document changed, against the full build;
- validation after a one-document change against whole-graph pySHACL on the same graph;
- ``who-spoke`` for one event on the largest build's store;
- peak memory of a build at each size of ``--memory``: the build process while extracting (it
  holds the models its forked workers share) and after (linking, writing, validating, storing),
  and the largest worker;
- then a second table: the seconds of each stage of those first builds (``build.json``'s
  timings), and the whole build against its extraction stage. With ``--baseline DIR`` (another
  kgbuild source tree, e.g. ``git worktree add DIR main``), the same builds are run with that
  code too, each beside the one it is compared with, so that both see the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import describe
from synth import generate, write

from kgbuild.building.pipeline import build
from kgbuild.building.report import BuildReport
from kgbuild.corpus import read_corpus
from kgbuild.outdir.output import load_dataset, union
from kgbuild.queries.saved import get_query
from kgbuild.stores.embedded import open_store, select
from kgbuild.validation.shacl import validate_graph

Row = tuple[str, str, str]


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def step(report: BuildReport, name: str) -> float:
    return dict(report.timings).get(name, 0.0)


def extraction(corpus: Path, sample: int) -> list[Row]:
    """The extractor and natasha's bare NER on the same documents, models loaded before timing."""
    from natasha import Doc

    from kgbuild.extract import NewsExtractor
    from kgbuild.extract.nlp import pipeline

    sources = read_corpus([corpus]).sources[:sample]
    chars = sum(len(s.text) for s in sources)
    extractor, nlp = NewsExtractor(), pipeline()
    extractor.extract(sources[0])

    def bare() -> None:
        for s in sources:
            doc = Doc(s.text)
            doc.segment(nlp.segmenter)
            doc.tag_ner(nlp.ner_tagger)

    ner, _ = timed(bare)
    full, _ = timed(lambda: [extractor.extract(s) for s in sources])
    n = len(sources)
    return [
        ("natasha NER only, one process", f"{n / ner:,.1f} docs/s, {chars / ner:,.0f} chars/s", "1.00×"),
        (
            "kgbuild extraction, one process",
            f"{n / full:,.1f} docs/s, {chars / full:,.0f} chars/s",
            f"{full / ner:.2f}× NER's time",
        ),
    ]


def jobs(corpus: Path, folder: Path) -> list[Row]:
    one = build([corpus], folder / "jobs1", jobs=1, validate=False)
    two = build([corpus], folder / "jobs2", jobs=2, validate=False)
    e1, e2 = step(one, "extract"), step(two, "extract")
    w1, w2 = sum(dict(one.timings).values()), sum(dict(two.timings).values())
    n = one.documents
    return [
        (
            f"extraction step, `--jobs 2` vs `--jobs 1` ({n} reports)",
            f"{e2:.1f} s vs {e1:.1f} s",
            f"{e1 / e2:.2f}× faster",
        ),
        (
            "whole build (no validation), `--jobs 2` vs `--jobs 1`",
            f"{w2:.1f} s vs {w1:.1f} s",
            f"{w1 / w2:.2f}× faster",
        ),
    ]


def rebuilds(corpus: Path, folder: Path) -> tuple[list[Row], Path]:
    out = folder / "main"
    full_time, full = timed(lambda: build([corpus], out, jobs=2))
    convert = step(full, "link") + step(full, "write")
    unchanged, again = timed(lambda: build([corpus], out, jobs=2))
    assert again.up_to_date
    edited = folder / "edited"
    shutil.copytree(corpus, edited)
    one = sorted(edited.glob("*.txt"))[len(list(edited.glob("*.txt"))) // 2]
    one.write_text(
        one.read_text(encoding="utf-8") + "\nС докладом выступил аким области Ерлан Сапаров.\n",
        encoding="utf-8",
    )
    changed_time, changed = timed(lambda: build([edited], out, jobs=2))
    assert changed.extracted == 1, changed.summary()
    whole, _ = timed(lambda: validate_graph(union(load_dataset(out))))
    incremental = step(changed, "validate")
    rows = [
        (
            f"conversion: link, graphs, N-Quads, TriG ({full.quads:,} quads)",
            f"{full.quads / convert:,.0f} quads/s",
            "",
        ),
        (f"full build, `--jobs 2` ({full.documents} reports)", f"{full_time:.1f} s", "1.00×"),
        ("rebuild, nothing changed", f"{unchanged:.2f} s", f"{unchanged / full_time:.1%} of the full build"),
        (
            "rebuild, one document changed",
            f"{changed_time:.1f} s",
            f"{changed_time / full_time:.1%} of the full build",
        ),
        (
            "validation after that change (units that changed)",
            f"{incremental:.2f} s",
            f"{whole / max(incremental, 1e-9):.0f}× faster",
        ),
        ("whole-graph pySHACL on the same graph", f"{whole:.1f} s", "1.00×"),
    ]
    return rows, out


def who_spoke(out: Path, runs: int = 5) -> Row:
    store = open_store([out])
    query = get_query("who-spoke")
    event = select(store, get_query("events").body).rows[0][0]
    assert event is not None
    times = [timed(lambda: select(store, query.body, {"event": event}))[0] for _ in range(runs)]
    quads = sum(1 for _ in store)
    return (
        f"`who-spoke` for one event ({quads:,} quads in the store)",
        f"{statistics.median(times) * 1000:.1f} ms",
        "median of 5",
    )


MEMORY = """
import json, os, sys, threading, time
from kgbuild.building.pipeline import build

def peak(pid="self"):  # VmHWM: ru_maxrss would carry the peak of the process a worker was forked from
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0

def descendants(pid):
    try:
        kids = [int(k) for t in os.listdir(f"/proc/{pid}/task")
                for k in open(f"/proc/{pid}/task/{t}/children").read().split()]
    except OSError:
        return []
    return kids + [d for k in kids for d in descendants(k)]

workers = 0
def watch():  # the largest worker's peak, read while it lives (extraction and validation workers)
    global workers
    while True:
        workers = max([workers, *map(peak, descendants(os.getpid()))])
        time.sleep(0.2)

extracting = 0
def progress(items, label, count):  # the build process's peak while extracting; then reset (clear_refs)
    global extracting
    yield from items
    extracting = peak()
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")

threading.Thread(target=watch, daemon=True).start()
report = build([sys.argv[1]], sys.argv[2], jobs=int(sys.argv[3]), progress=progress)
print(json.dumps({"extracting": extracting, "after": peak(), "workers": workers,
                  "quads": report.quads, "documents": report.documents, "timings": report.timings}))
"""

#: A first build's stages, as build.json names them (older code may name fewer, or others).
STAGES = ("extract", "link", "write", "store", "validate", "finish")


def _first_build(corpus: Path, out: Path, code: Path | None) -> tuple[dict[str, Any], float]:
    """A first build in a fresh process (with the kgbuild of ``code`` when given): what MEMORY
    prints, and the seconds it took."""
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [env.get("PYTHONPATH")])])
    command = [sys.executable, "-c", MEMORY, str(corpus), str(out), "2"]
    start = time.perf_counter()  # in ``code``: ``python -c`` puts the working folder before PYTHONPATH
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=code)
    return json.loads(done.stdout.strip().splitlines()[-1]), time.perf_counter() - start


def memory(
    sizes: list[int], folder: Path, baseline: Path | None = None
) -> tuple[list[Row], Path, list[tuple[str, dict[str, float]]]]:
    """Peak memory of a first build at each size; and the stages of each of those builds (and of
    the same builds with the baseline's code, run just before)."""
    rows, largest, stages = [], folder, []
    for n in sizes:
        corpus = folder / f"corpus-{n}"
        write(generate(n), corpus)
        if baseline is not None:
            shutil.rmtree(folder / f"baseline-{n}", ignore_errors=True)  # a first build: none before
            before, _ = _first_build(corpus, folder / f"baseline-{n}", baseline)
            stages.append((f"{n:,} reports, baseline", dict(before["timings"])))
            shutil.rmtree(folder / f"baseline-{n}")
        out = folder / f"memory-{n}"
        shutil.rmtree(out, ignore_errors=True)  # else an earlier run's build is up to date: no stages
        found, seconds = _first_build(corpus, out, None)
        stages.append((f"{n:,} reports", dict(found["timings"])))
        size = f"{found['documents']:,} reports ({found['quads']:,} quads)"
        extracting, after = found["extracting"] / 1024, found["after"] / 1024
        used = (
            f"build process {max(extracting, after):,.0f} MB ({extracting:,.0f} MB extracting, "
            f"{after:,.0f} MB after); largest worker {found['workers'] / 1024:,.0f} MB"
        )
        rows.append((f"peak memory, build of {size}, `--jobs 2`", used, f"{seconds:.0f} s"))
        largest = out
    return rows, largest, stages


def stage_table(stages: list[tuple[str, dict[str, float]]]) -> list[str]:
    """A Markdown table: seconds and share of each build (a pair of columns each), a row per
    stage, then the whole build and its ratio to the extraction stage."""
    names = [n for n in STAGES if any(n in t for _, t in stages)]
    names += sorted({n for _, t in stages for n in t} - set(names))
    wholes = [sum(t.values()) for _, t in stages]

    def row(name: str, cells: list[tuple[str, str]]) -> str:
        return f"| {name} | " + " | ".join(f"{a} | {b}" for a, b in cells) + " |"

    lines = [row("stage", [(label, "share") for label, _ in stages]), "|---|" + "---:|---:|" * len(stages)]
    for name in names:
        cells = [
            (f"{t[name]:.1f} s", f"{t[name] / whole:.0%}") if name in t else ("", "")
            for (_, t), whole in zip(stages, wholes, strict=True)
        ]
        lines.append(row(name, cells))
    lines.append(row("**whole build**", [(f"**{w:.1f} s**", "100%") for w in wholes]))
    ratios = [
        (f"{w / t['extract']:.2f} ×" if t.get("extract") else "", "")
        for (_, t), w in zip(stages, wholes, strict=True)
    ]
    lines.append(row("whole build ÷ extraction", ratios))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="reports for the rebuild figures")
    parser.add_argument("--jobs-reports", type=int, default=300, help="reports for --jobs 2 vs --jobs 1")
    parser.add_argument(
        "--memory", default="1000,10000", help="corpus sizes for peak memory, comma-separated"
    )
    parser.add_argument("--sample", type=int, default=200, help="reports timed for extraction against NER")
    parser.add_argument(
        "--baseline", type=Path, help="another kgbuild source tree whose first builds are timed too"
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.memory.split(",") if n.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus"
        write(generate(args.reports), corpus)
        small = folder / "small"
        write(generate(args.jobs_reports, seed=11), small)
        chars = sum(p.stat().st_size for p in corpus.glob("*.txt"))
        rows = extraction(corpus, args.sample)
        rows += jobs(small, folder)
        found, _ = rebuilds(corpus, folder)
        rows += found
        memory_rows, largest, stages = memory(sizes, folder, args.baseline)
        rows.append(who_spoke(largest))
        rows += memory_rows
    what = f"{args.reports:,} reports, {chars:,} bytes of text"
    print(f"Synthetic reports (bench/synth.py, seed 7): {what} — {describe()}\n")
    print("| measure | result | relative |")
    print("|---|---|---|")
    for name, value, relative in rows:
        print(f"| {name} | {value} | {relative} |")
    print("\nFirst builds, `--jobs 2`, stage by stage (the builds of the peak-memory rows):\n")
    print("\n".join(stage_table(stages)))


if __name__ == "__main__":
    main()
