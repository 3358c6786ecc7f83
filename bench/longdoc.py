"""A long document read up to ``--max-chars``: what the rest of it costs, in one run.

    python bench/longdoc.py [--megabytes 10] [--chars 1000000] [--build]

Writes one report of ``--megabytes`` (synthetic reports of the genre, bench/synth.py, one after
the other) and, as the baseline, a report holding only its first ``--chars`` characters. Each is
read with ``--max-chars`` ``--chars`` (with ``--build``: built, extraction and all) in a fresh
process, which reports its peak memory (VmHWM) above what it held before, and the time taken.
Prints a Markdown table with the ratio of the long document to the baseline: as the cut is
streamed (only the bytes the characters need are read), the rest of the document costs next to
nothing, and the ratio is about 1.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from machine import describe
from synth import generate

MEASURE = """
import json, resource, sys, time
from pathlib import Path

def peak():  # kB; VmHWM where there is /proc, else ru_maxrss (kB on Linux)
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

document, chars, build = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "build"
from kgbuild.building.pipeline import build as run_build
from kgbuild.corpus import read_source
if build:
    from kgbuild.extract import NewsExtractor
    NewsExtractor().load()  # the models are not what is measured
before, start = peak(), time.perf_counter()
if build:
    report = run_build([str(document)], str(document.parent / f"out-{document.stem}"), max_chars=chars)
    read = report.facts
else:
    read = len(read_source(document, max_chars=chars).text)
print(json.dumps({"peak": peak() - before, "seconds": time.perf_counter() - start, "read": read}))
"""


def long_text(megabytes: float) -> str:
    """Synthetic reports one after the other, up to ``megabytes`` of UTF-8."""
    wanted, parts, size, seed = int(megabytes * 1_000_000), [], 0, 1
    while size < wanted:
        for report in generate(200, seed):
            parts.append(report.text)
            size += len(report.text.encode("utf-8")) + 2
            if size >= wanted:
                break
        seed += 1
    return "\n\n".join(parts)


def measure(document: Path, chars: int, build: bool) -> dict[str, float]:
    command = [sys.executable, "-c", MEASURE, str(document), str(chars), "build" if build else "read"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0, help="size of the long document")
    parser.add_argument("--chars", type=int, default=1_000_000, help="--max-chars: characters read")
    parser.add_argument("--build", action="store_true", help="build each document, not only read it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        text = long_text(args.megabytes)
        documents = {"long": Path(tmp) / "long" / "report.txt", "baseline": Path(tmp) / "base" / "report.txt"}
        for name, path in documents.items():
            path.parent.mkdir()
            path.write_text(text if name == "long" else text[: args.chars], encoding="utf-8")
        found = {name: measure(path, args.chars, args.build) for name, path in documents.items()}
        sizes = {name: path.stat().st_size for name, path in documents.items()}
    what = "built" if args.build else "read"
    print(f"A long document {what} up to --max-chars {args.chars:,} — {describe()}\n")
    print(f"| document | size | peak memory {what} | time |")
    print("|---|---:|---:|---:|")
    rows = (("long", "one report of"), ("baseline", f"its first {args.chars:,} characters,"))
    for name, label in rows:
        figures = found[name]
        print(
            f"| {label} | {sizes[name] / 1e6:,.1f} MB | {figures['peak'] / 1024:,.1f} MB | "
            f"{figures['seconds']:.2f} s |"
        )
    long, base = found["long"], found["baseline"]
    memory = long["peak"] / base["peak"] if base["peak"] else float("nan")
    seconds = long["seconds"] / base["seconds"] if base["seconds"] else float("nan")
    size = sizes["long"] / sizes["baseline"]
    print(f"| long against baseline | {size:,.1f}× | {memory:.2f}× | {seconds:.2f}× |")


if __name__ == "__main__":
    main()
