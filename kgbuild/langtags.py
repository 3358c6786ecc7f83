"""Language tags (BCP 47, RFC 5646): a document's language tags the literals of its graph."""

from __future__ import annotations

import pyoxigraph as ox


def language_problem(tag: str) -> str | None:
    """What is wrong with ``tag`` as a literal's language tag, as RDF stores read it (Oxigraph's
    check of RFC 5646; rdflib's is looser: it takes ``abcdefghij``); None when nothing is."""
    try:
        ox.Literal("", language=tag)
    except ValueError as err:
        return str(err)
    return None
