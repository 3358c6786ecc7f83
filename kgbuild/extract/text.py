"""Writing a run of tokens back as text, with some tokens replaced (inflected, expanded)."""

from __future__ import annotations

from collections.abc import Mapping

from kgbuild.extract.analysis import Analysis


def phrase(
    a: Analysis, first: int, last: int, forms: Mapping[int, str] | None = None, skip: set[int] | None = None
) -> str:
    """Tokens ``first``..``last`` as text: replaced where ``forms`` says, spacing as in the source
    (any run of white space written as one space), tokens in ``skip`` left out."""
    forms = forms or {}
    skip = skip or set()
    out: list[str] = []
    prev = None
    for k in range(first, last + 1):
        if k in skip:
            continue
        tok = a.tokens[k]
        if prev is not None and a.text[a.tokens[prev].stop : tok.start]:
            out.append(" ")
        out.append(forms.get(k, tok.text))
        prev = k
    return "".join(out).strip()
