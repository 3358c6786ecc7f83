"""Draw the ontology as a Mermaid class diagram (``python -m kgbuild.ontology.diagram [--check]``).

Writes ``docs/ontology.mmd`` and the block between the ``ontology-diagram`` markers of README.md,
both generated from ontology/kgbuild.ttl. ``--check`` fails when either is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import PREFIXES

ROOT = Path(__file__).resolve().parents[2]
MMD = ROOT / "docs" / "ontology.mmd"
README = ROOT / "README.md"
_BLOCK = re.compile(r"(<!-- ontology-diagram:start -->\n)(.*?)(<!-- ontology-diagram:end -->)", re.DOTALL)
KG = PREFIXES["kg"]


def _local(iri: URIRef) -> str:
    return str(iri)[len(KG) :] if str(iri).startswith(KG) else ""


def _curie(iri: URIRef) -> str:
    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns) :]}"
    return str(iri)


def _classes(g: Graph) -> list[URIRef]:
    return sorted(
        (c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and _local(c)), key=str
    )


def render(g: Graph) -> str:
    """The Mermaid source of the class diagram."""
    lines = ["classDiagram", "    direction LR"]
    classes = _classes(g)
    for cls in classes:
        name = _local(cls)
        aligned = sorted(
            _curie(s) for s in g.objects(cls, RDFS.subClassOf) if isinstance(s, URIRef) and not _local(s)
        )
        attrs = sorted(
            _local(p)
            for p in g.subjects(RDFS.domain, cls)
            if isinstance(p, URIRef) and (p, RDF.type, OWL.DatatypeProperty) in g and _local(p)
        )
        lines.append(f"    class {name} {{")
        if aligned:
            lines.append(f"        <<{', '.join(aligned)}>>")
        lines += [f"        {a}" for a in attrs]
        lines.append("    }")
    for cls in classes:
        for sup in sorted(g.objects(cls, RDFS.subClassOf), key=str):
            if isinstance(sup, URIRef) and _local(sup):
                lines.append(f"    {_local(sup)} <|-- {_local(cls)}")
    for prop in sorted(g.subjects(RDF.type, OWL.ObjectProperty), key=str):
        if not isinstance(prop, URIRef) or not _local(prop):
            continue
        domain, range_ = g.value(prop, RDFS.domain), g.value(prop, RDFS.range)
        if not (isinstance(domain, URIRef) and isinstance(range_, URIRef)):
            continue
        if _local(domain) and _local(range_):
            lines.append(f"    {_local(domain)} --> {_local(range_)} : {_local(prop)}")
    return "\n".join(lines) + "\n"


def _readme_with(diagram: str) -> str:
    text = README.read_text(encoding="utf-8")
    block = f"```mermaid\n{diagram}```\n"
    if not _BLOCK.search(text):
        raise SystemExit(
            f"{README} has no <!-- ontology-diagram:start --> … <!-- ontology-diagram:end --> block"
        )
    return _BLOCK.sub(lambda m: m.group(1) + block + m.group(3), text)


def main() -> int:
    diagram = render(ontology_graph())
    readme = _readme_with(diagram)
    if "--check" in sys.argv[1:]:
        stale = [
            p
            for p, want in ((MMD, diagram), (README, readme))
            if not p.is_file() or p.read_text(encoding="utf-8") != want
        ]
        for path in stale:
            print(f"{path} is out of date with ontology/; run: make generate", file=sys.stderr)
        return 1 if stale else 0
    MMD.parent.mkdir(exist_ok=True)
    MMD.write_text(diagram, encoding="utf-8")
    README.write_text(readme, encoding="utf-8")
    print(f"wrote {MMD} and the diagram in {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
