"""The interface language of the pages: English or Russian, one at a time.

The interface strings live in data files, ``kgbuild/web/strings/<lang>.json``, one per language
with the same keys (a test checks them). A page's language is the one asked for (``?lang=``, the
switch on every page of ``kgbuild serve``, remembered in a cookie; ``--lang`` for ``kgbuild
publish``), else the best the browser's ``Accept-Language`` names (RFC 9110, section 12.5.4), else
English. Ontology labels are taken in that language; a value is marked with its language only
where that is neither the page's nor the data's own (an English page of Russian reports marks a
Kazakh title, not every Russian name).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from kgbuild.errors import InputError

LANGUAGES = ("en", "ru")
DEFAULT = "en"
STRINGS = Path(__file__).resolve().parent / "strings"
_RANGE = re.compile(
    r"\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([01](?:\.\d{0,3})?))?\s*$"
)


@dataclass(frozen=True)
class Strings:
    """The interface strings of one language: ``t("key")``, ``t("key", n=3)`` (``str.format``)."""

    lang: str
    table: Mapping[str, Any]

    def __call__(self, key: str, **values: object) -> str:
        text = self.table[key]
        assert isinstance(text, str), key
        return text.format(**values) if values else text

    def count(self, n: int, key: str) -> str:
        """``n`` with the noun ``key`` in the form the number asks for (Russian has three)."""
        forms = [str(f) for f in self.table["plurals"][key]]
        if self.lang == "ru":
            ones, tens = n % 10, n % 100
            form = (
                forms[0]
                if ones == 1 and tens != 11
                else forms[1]
                if 2 <= ones <= 4 and not 12 <= tens <= 14
                else forms[2]
            )
        else:
            form = forms[0] if n == 1 else forms[1]
        return f"{n:,}".replace(",", "\u202f" if self.lang == "ru" else ",") + " " + form

    def term(self, curie: str) -> str | None:
        """The label of a term of another vocabulary (``skos:prefLabel``), when the ontology has none."""
        found = self.table["terms"].get(curie)
        return str(found) if found is not None else None

    def day(self, when: date) -> str:
        """A date as people write it: "14 October 2021", "14 октября 2021"."""
        pattern = str(self.table["date"])
        return pattern.format(d=when.day, month=self.table["months"][when.month - 1], y=when.year)

    def dates(self, start: date | None, end: date | None) -> str:
        """A span of days as people write it: "14–15 October 2021", "30 September – 2 October 2021"."""
        if start is None or end is None or start == end:
            one = start or end
            return self.day(one) if one else ""
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{self.day(end)}"
        return f"{self.day(start)} – {self.day(end)}"


@cache
def strings(lang: str) -> Strings:
    if lang not in LANGUAGES:
        raise InputError(f"unknown interface language '{lang}'; available: {', '.join(LANGUAGES)}")
    table = json.loads((STRINGS / f"{lang}.json").read_text(encoding="utf-8"))
    return Strings(lang, table)


def choose(asked: str | None = None, accept_language: str | None = None) -> str:
    """The page's language: ``asked`` when it is one of ours, else the one ``Accept-Language``
    weighs highest (the first named among equals), else English."""
    if asked in LANGUAGES:
        return str(asked)
    best: tuple[float, int, str] | None = None
    for index, element in enumerate((accept_language or "").split(",")):
        found = _RANGE.match(element)
        if not found:
            continue
        tag, q = found.group(1).lower(), float(found.group(2) or 1)
        primary = DEFAULT if tag == "*" else tag.split("-")[0]
        if primary in LANGUAGES and q > 0 and (best is None or (q, -index) > best[:2]):
            best = (q, -index, primary)
    return best[2] if best else DEFAULT
