"""natasha's pipeline (https://github.com/natasha/natasha), loaded once per process.

Segmentation (razdel), morphology and syntax (slovnet, navec embeddings) and NER; the models
ship inside the wheels, nothing is downloaded. :func:`analyze` turns a text into an
:class:`~kgbuild.extract.analysis.Analysis`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from kgbuild.extract.analysis import Analysis, EntitySpan, Token


@dataclass(frozen=True)
class Pipeline:
    segmenter: Any
    morph_vocab: Any
    morph_tagger: Any
    syntax_parser: Any
    ner_tagger: Any


@cache
def pipeline() -> Pipeline:
    """The natasha components (loading takes about a second; done once per process)."""
    from natasha import (  # noqa: PLC0415 (heavy: only extraction needs it)
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )
    from threadpoolctl import threadpool_limits  # noqa: PLC0415

    # natasha multiplies small matrices: BLAS threads only contend (on two cores one thread is
    # 15 % faster, and worker processes sharing a multi-threaded BLAS were 8x slower). This sets
    # the process's BLAS to one thread: extraction runs in parallel by processes (--jobs).
    threadpool_limits(limits=1, user_api="blas")
    emb = NewsEmbedding()
    return Pipeline(
        Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    )


def release() -> None:
    """Drop the loaded components (some 160 MB); :func:`pipeline` loads them again when called."""
    pipeline.cache_clear()


def _sentences(sents: list[Any]) -> list[tuple[Any, bool]]:
    """natasha's sentences, each with whether it continues the one before: razdel ends a sentence
    at an initial ("Э. Чернова"), which is never the end of one, and inside a quoted title
    («Наука и общество. К 30-летию независимости»), which goes on to its closing quote."""
    out = []
    open_quotes, quoted = 0, 0  # quotes left open, and the tokens since the first of them opened
    for n, sent in enumerate(sents):
        prev = sents[n - 1].tokens if n else []
        in_title = open_quotes > 0 and quoted + len(sent.tokens) <= _TITLE_TOKENS
        continues = (
            len(prev) >= 2 and prev[-1].text == "." and len(prev[-2].text) == 1 and prev[-2].text.isupper()
        ) or in_title
        if not in_title:
            open_quotes, quoted = 0, 0
        for t in sent.tokens:
            if open_quotes:
                quoted += 1
            open_quotes = max(0, open_quotes + (t.text == "«") - (t.text == "»"))
        if not open_quotes:
            quoted = 0
        out.append((sent, continues))
    return out


_TITLE_TOKENS = 60  # a quotation left open longer than this is not a title: the sentences stand


def _index(token_id: str, offsets: list[int]) -> int:
    sent, pos = token_id.split("_")
    return offsets[int(sent) - 1] + int(pos) - 1


def analyze(text: str) -> Analysis:
    """Segment, tag, parse and recognise entities in ``text``, line by line.

    Each line is analysed on its own: a headline or a dateline never runs into the next sentence.
    A line broken inside a sentence (text wrapped at a fixed width: the next line goes on in lower
    case, or this one stops at a comma, a hyphen or a preposition) is read with the next.
    """
    tokens: list[Token] = []
    sentences: list[tuple[int, int]] = []
    entities: list[EntitySpan] = []
    offset = 0
    for chunk in _unwrapped(text.splitlines(keepends=True)):
        if chunk.strip():
            _analyze_line(chunk, offset, tokens, sentences, entities)
        offset += len(chunk)
    return Analysis(text=text, tokens=tokens, sentences=sentences, entities=entities)


_GOES_ON = re.compile(
    r"(,|-|\b(?:и|в|во|на|по|при|с|со|к|ко|о|об|от|для|из|у|за|а|но|или))\s*$", re.IGNORECASE
)
_ENDS = (".", "!", "?", ":", ";", "»", '"', "…", ")")


def _broken(line: str, nxt: str) -> bool:
    """``line`` stops inside a sentence that ``nxt`` goes on with: the next line starts in lower case,
    this one stops at a comma, a hyphen or a preposition, or both are lines of one width, as text
    wrapped at a fixed width is (a headline and a paragraph are not)."""
    this, following = line.strip(), nxt.strip()
    if not this or not following:
        return False
    if following[:1].islower() or _GOES_ON.search(this):
        return True
    return not this.endswith(_ENDS) and 50 <= len(this) <= 100 and abs(len(this) - len(following)) <= 15


def _unwrapped(lines: list[str]) -> Iterator[str]:
    """The lines of a text, those broken inside a sentence joined to the next (newlines kept)."""
    chunk = ""
    for n, line in enumerate(lines):
        chunk += line
        if not (n + 1 < len(lines) and _broken(line, lines[n + 1])):
            yield chunk
            chunk = ""
    if chunk:
        yield chunk


_GLUED = re.compile(r"(?<=[а-яё])(?=[А-ЯЁ][а-яё])")
_WORD = 64  # no word is longer: what is looked at before a glue point
_HYPHENED = re.compile(r"(?<=[а-яё]{2})-(?=[а-яё]{1,2}\.[а-яё])")


def unglued(text: str) -> tuple[str, list[int]]:
    """``text`` with a space where a page lost one between two words ("ИвановаГеография",
    "коммуникацийВалентиной": a block's last word glued to the next one's first; "Иванова-к.и.н.": a
    dash written as a hyphen before a degree), and the places (in the new text) of the spaces put
    in. Glued words must both be dictionary words, the whole not: names written in camel case
    ("КазМунайГаз") stay whole."""
    known = pipeline().morph_vocab.word_is_known
    points = [p for m in _HYPHENED.finditer(text) for p in (m.start(), m.end())]
    for m in _GLUED.finditer(text):
        left = re.search(r"[А-ЯЁа-яё]+$", text[max(0, m.start() - _WORD) : m.start()])
        right = re.match(r"[А-ЯЁа-яё]+", text[m.start() :])
        if left is None or right is None or len(left.group()) < 3 or len(right.group()) < 3:
            continue
        whole = left.group() + right.group()
        if not known(whole.lower()) and known(left.group().lower()) and known(right.group().lower()):
            points.append(m.start())
    points.sort()
    pieces = [text[i:j] for i, j in zip([0, *points], [*points, len(text)], strict=True)]
    return " ".join(pieces), [at + n for n, at in enumerate(points)]


def _analyze_line(
    text: str, offset: int, tokens: list[Token], sentences: list[tuple[int, int]], entities: list[EntitySpan]
) -> None:
    from natasha import Doc  # noqa: PLC0415

    p = pipeline()
    spaced, inserted = unglued(text)
    doc = Doc(spaced)
    doc.segment(p.segmenter)
    doc.tag_morph(p.morph_tagger)
    doc.parse_syntax(p.syntax_parser)
    doc.tag_ner(p.ner_tagger)
    offsets, n = [], 0
    for sent in doc.sents:
        offsets.append(n)
        n += len(sent.tokens)
    base = len(tokens)
    entity_of: dict[int, str] = {}
    position = {id(t): k for k, t in enumerate(doc.tokens)}
    for span in doc.spans:
        idx = [base + position[id(t)] for t in span.tokens]
        if idx:
            entities.append(EntitySpan(span.type, idx[0], idx[-1]))
            entity_of.update(dict.fromkeys(idx, span.type))
    for sent, continues in _sentences(doc.sents):
        if continues and sentences:  # "Руководитель центра Э. | Чернова …" is one sentence
            first, _ = sentences.pop()
        else:
            first = len(tokens)
        for tok in sent.tokens:
            tok.lemmatize(p.morph_vocab)
            i = len(tokens)
            head = None if tok.head_id.endswith("_0") else base + _index(tok.head_id, offsets)
            tokens.append(
                Token(
                    i=i,
                    text=tok.text,
                    start=offset + tok.start - bisect_right(inserted, tok.start),
                    stop=offset + tok.stop - bisect_right(inserted, tok.start),
                    pos=tok.pos or "X",
                    feats=dict(tok.feats or {}),
                    lemma=(tok.lemma or tok.text).lower().replace("ё", "е"),
                    sent=len(sentences),
                    head=head,
                    rel=tok.rel or "",
                    ner=entity_of.get(i, ""),
                )
            )
        if len(tokens) > first:
            sentences.append((first, len(tokens) - 1))
