"""Extraction speed beside natasha's own pipelines, on the same documents, in one run.

    python bench/extraction.py [--corpus DIR ...] [--limit N]

Prints a Markdown table: documents/s and characters/s of natasha's bare NER (segmentation and
NER), of natasha's full pipeline as kgbuild runs it (segmentation, morphology, syntax, NER), and
of kgbuild's extractor (that pipeline plus the rules), with the ratio of each to bare NER.
Models are loaded before the clock starts; the pipelines take turns, ``--repeat`` passes each,
and the fastest pass of each counts (a second process on a shared machine slows them alike).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from machine import describe

from kgbuild.corpus import Source, read_corpus
from kgbuild.extract import NewsExtractor
from kgbuild.extract.nlp import analyze, pipeline

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [
    ROOT / "tests" / "data" / "factRuEval-2016" / "devset",
    ROOT / "examples" / "taraz-2021",
    ROOT / "tests" / "corpus",
]


def bare_ner(text: str) -> None:
    from natasha import Doc

    p = pipeline()
    doc = Doc(text)
    doc.segment(p.segmenter)
    doc.tag_ner(p.ner_tagger)


def cold() -> None:
    """Empty the extractor's caches of words and texts (lru_cache), as a fresh worker has them: a
    pass over texts it has read before would otherwise find every answer cached. The lexicons and
    models (unbounded caches) stay loaded."""
    for name, module in list(sys.modules.items()):
        if name.startswith("kgbuild.extract"):
            for value in vars(module).values():
                info = getattr(value, "cache_info", None)
                if info is not None and info().maxsize is not None:
                    value.cache_clear()


def timed(run: Callable[[Source], object], sources: list[Source]) -> float:
    start = time.perf_counter()
    for source in sources:
        run(source)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--repeat", type=int, default=3, help="passes of each pipeline, the fastest kept")
    args = parser.parse_args()
    sources = [s for s in read_corpus(args.corpus).sources if s.text.strip()]
    if args.limit:
        sources = sources[: args.limit]
    chars = sum(len(s.text) for s in sources)
    extractor = NewsExtractor()
    extractor.extract(sources[0])  # load every model before timing
    pipelines: dict[str, Callable[[Source], object]] = {
        "natasha NER only (segment + NER)": lambda s: bare_ner(s.text),
        "natasha full (segment, morphology, syntax, NER)": lambda s: analyze(s.text),
        "kgbuild extractor (natasha full + rules)": extractor.extract,
    }
    runs = dict.fromkeys(pipelines, float("inf"))
    for _ in range(args.repeat):  # interleaved, the fastest of each kept: a busy machine slows all alike
        for name, run in pipelines.items():
            cold()
            runs[name] = min(runs[name], timed(run, sources))
    base = runs["natasha NER only (segment + NER)"]
    print(f"Extraction on {len(sources)} documents, {chars:,} characters, fastest of {args.repeat} passes")
    print(f"— {describe()}\n")
    print("| pipeline | docs/s | chars/s | time vs NER only |")
    print("|---|---:|---:|---:|")
    for name, seconds in runs.items():
        print(f"| {name} | {len(sources) / seconds:,.1f} | {chars / seconds:,.0f} | {seconds / base:.2f}× |")


if __name__ == "__main__":
    main()
