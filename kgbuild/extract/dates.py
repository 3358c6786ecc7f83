"""Dates and date ranges in Russian text, with a yargy grammar.

    "14 октября 2021 года", "14-15 октября 2021 года", "3–5 июня 2019 года",
    "с 30 мая по 2 июня 2019 года", "30 мая — 2 июня", "14.10.2021", "14-15.10.2021"

natasha's DatesExtractor finds single dates; ranges need a grammar of their own. A date without a
year takes the year it is given (the publication year, or the year other dates of the text name);
without one it is not a date kgbuild can state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from kgbuild.lexicon import mapping


@dataclass(frozen=True)
class DateMatch:
    start: int  # character offsets in the text
    stop: int
    first: date
    last: date


@cache
def _parser() -> Any:
    from yargy import Parser, or_, rule  # noqa: PLC0415 (only extraction needs yargy)
    from yargy.interpretation import fact  # noqa: PLC0415
    from yargy.predicates import dictionary, eq, gte, in_, lte  # noqa: PLC0415
    from yargy.predicates import type as token_type  # noqa: PLC0415

    span = fact("Span", ["d1", "m1", "y1", "d2", "m2", "y2"])
    day = _and(token_type("INT"), gte(1), lte(31))
    year = _and(token_type("INT"), gte(1900), lte(2100))
    month = dictionary(set(mapping("months")))
    month_number = _and(token_type("INT"), gte(1), lte(12))
    dash = in_("-–—")
    year_word = rule(dictionary({"год", "г"}), eq(".").optional()).optional()
    dot = eq(".")
    words = or_(
        rule(
            day.interpretation(span.d1),
            dash,
            day.interpretation(span.d2),
            month.interpretation(span.m2.normalized()),
            rule(year.interpretation(span.y2), year_word).optional(),
        ),
        rule(
            eq("с").optional(),
            day.interpretation(span.d1),
            month.interpretation(span.m1.normalized()),
            rule(year.interpretation(span.y1), year_word).optional(),
            or_(dash, eq("по")),
            day.interpretation(span.d2),
            month.interpretation(span.m2.normalized()),
            rule(year.interpretation(span.y2), year_word).optional(),
        ),
        rule(
            day.interpretation(span.d1),
            month.interpretation(span.m1.normalized()),
            rule(year.interpretation(span.y1), year_word).optional(),
        ),
        rule(
            day.interpretation(span.d1),
            rule(dash, day.interpretation(span.d2)).optional(),
            dot,
            month_number.interpretation(span.m2),
            dot,
            year.interpretation(span.y2),
        ),
    ).interpretation(span)
    return Parser(words)


def _and(*predicates: Any) -> Any:
    from yargy import and_  # noqa: PLC0415

    return and_(*predicates)


def _month(value: str | None) -> int | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else int(mapping("months")[value.lower()])


def _date(year: int | None, month: int | None, day: str | None) -> date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, int(day))
    except ValueError:
        return None


_CANDIDATE = re.compile(
    r"(янв|фев|мар|апр|ма[йяе]|июн|июл|авг|сен|окт|ноя|дек|\d{1,2}\.\d{1,2}\.\d{4})", re.IGNORECASE
)


def _matches(text: str) -> list[tuple[int, Any]]:
    """(offset of the line, yargy match) of every date in ``text``. The grammar runs only on lines
    that could hold a date: yargy's chart parser is slow on long texts."""
    out: list[tuple[int, Any]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if _CANDIDATE.search(line):
            out.extend((offset, m) for m in _parser().findall(line))
        offset += len(line)
    return out


def years_named(text: str) -> list[int]:
    """The years that full dates of the text name, in order (to date the year-less ones)."""
    return [int(y) for _, m in _matches(text) for y in (m.fact.y1, m.fact.y2) if y]


def find_dates(text: str, *, default_year: int | None = None) -> list[DateMatch]:
    """Every date or date range of ``text`` whose year is known or given."""
    out = []
    for offset, match in _matches(text):
        f = match.fact
        m2 = _month(f.m2) or _month(f.m1)
        m1 = _month(f.m1) or m2
        y2 = int(f.y2) if f.y2 else int(f.y1) if f.y1 else default_year
        y1 = int(f.y1) if f.y1 else y2
        first = _date(y1, m1, f.d1)
        last = _date(y2, m2, f.d2) if f.d2 else first
        if first is None or last is None or last < first:
            continue
        out.append(DateMatch(offset + match.span.start, offset + match.span.stop, first, last))
    return out
