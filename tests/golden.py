"""Helpers for golden cases: load a case folder, compare graphs with RDF-aware diffs."""

from __future__ import annotations

from pathlib import Path

import yaml
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kgbuild.facts import DocumentFacts
from kgbuild.factsfile import read_facts


def case_docs(folder: Path) -> tuple[list[DocumentFacts], dict[str, object]]:
    """The facts of a case (offsets checked against its texts) and its options (case.yaml)."""
    options = (
        yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        if (folder / "case.yaml").exists()
        else {}
    )
    source = (folder / options["source"]).resolve() if "source" in options else folder
    texts = {p.stem: p.read_text(encoding="utf-8") for p in source.glob("*.txt")}
    facts = source / options.get("facts", "facts.jsonl")
    content = read_facts(facts, texts=texts.get, strict=True)
    return content.document_facts(), options


def quads(dataset: Dataset) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graphs.setdefault(str(getattr(g, "identifier", g)), Graph()).add((s, p, o))
    return graphs


def diff(expected: Dataset, actual: Dataset) -> str:
    """Empty when every named graph is isomorphic; else a readable diff per graph."""
    want, got = quads(expected), quads(actual)
    out = []
    for name in sorted(set(want) | set(got)):
        a, b = want.get(name, Graph()), got.get(name, Graph())
        if isomorphic(a, b):
            continue
        _, only_want, only_got = graph_diff(to_isomorphic(a), to_isomorphic(b))
        out.append(f"graph <{name}>:")
        out += [f"  - {t[0].n3()} {t[1].n3()} {t[2].n3()}" for t in sorted(only_want)]
        out += [f"  + {t[0].n3()} {t[1].n3()} {t[2].n3()}" for t in sorted(only_got)]
    return "\n".join(out)
