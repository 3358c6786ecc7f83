"""Generate ``kgbuild/ontology/namespace.py`` and ``docs/context.jsonld`` from the ontology
(``python -m kgbuild.ontology.codegen``).

The generated class is an rdflib ``DefinedNamespace`` with ``_fail = True``: a misspelt term in
code is an error, never a new IRI. A test checks the checked-in file is up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import RDFS, Graph, URIRef

from kgbuild.resources import ontology_file

NS = "https://w3id.org/kgbuild/ontology#"
TARGET = Path(__file__).resolve().parent / "namespace.py"


def ontology_terms(graph: Graph) -> list[tuple[str, str]]:
    """(local name, English label) of every term the ontology declares, sorted by name."""
    terms: dict[str, str] = {}
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(NS):
            english = [o for o in graph.objects(subject, RDFS.label) if getattr(o, "language", None) == "en"]
            terms[str(subject)[len(NS) :]] = min(str(e) for e in english) if english else ""
    return sorted(terms.items(), key=lambda item: item[0])


def render(graph: Graph) -> str:
    """The source text of ``kgbuild/ontology/namespace.py``."""
    lines = [
        '"""The kgbuild ontology as a closed rdflib namespace.',
        "",
        "Generated from ontology/kgbuild.ttl by ``python -m kgbuild.ontology.codegen`` — do not edit.",
        '"""',
        "",
        "from rdflib import URIRef",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "",
        "",
        "class KG(DefinedNamespace):",
        '    """kgbuild ontology terms; an undeclared name raises AttributeError."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{NS}")',
        "",
    ]
    for name, label in ontology_terms(graph):
        comment = f"  # {label}" if label else ""
        lines.append(f"    {name}: URIRef{comment}")
    return "\n".join(lines) + "\n"


CONTEXT = Path(__file__).resolve().parents[2] / "docs" / "context.jsonld"


def main() -> int:
    from kgbuild.ontology.context import render_context  # noqa: PLC0415 (it needs the namespace this writes)

    outputs = {TARGET: render(Graph().parse(ontology_file()))}
    if TARGET.exists():
        outputs[CONTEXT] = render_context()
    if "--check" in sys.argv[1:]:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} is out of date; run python -m kgbuild.ontology.codegen", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
