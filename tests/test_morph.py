"""kgbuild's inflection chooses the very form pymorphy2's own ``Parse.inflect`` chooses, for every
word of the bundled corpora and every case and number the extractor asks for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pymorphy2.analyzer import Parse

from kgbuild.extract.morph import _inflect, analyzer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
ASKED = [{"nomn"}, {"nomn", "sing"}, {"nomn", "plur"}, {"gent"}, {"nomn", "masc"}, {"nomn", "femn", "sing"}]


def corpus_words() -> list[str]:
    files = [*(ROOT / "examples" / "taraz-2021").glob("*.txt"), *(ROOT / "tests" / "corpus").rglob("*.txt")]
    texts = [p.read_text(encoding="utf-8") for p in sorted(files)]
    return sorted({w for text in texts for w in re.findall(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", text)})


def test_inflection_equals_pymorphy2s_own() -> None:
    words = corpus_words()
    assert len(words) > 500
    compared = 0
    for word in words:
        for parse in analyzer().parse(word):
            for grams in ASKED:
                ours, theirs = _inflect(parse, set(grams)), Parse.inflect(parse, set(grams))
                assert (ours and (ours.word, ours.tag)) == (theirs and (theirs.word, theirs.tag)), (
                    word,
                    grams,
                )
                assert type(ours) is type(theirs) or ours is None
                compared += 1
    assert compared > 5000
