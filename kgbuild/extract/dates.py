"""Dates and date ranges in Russian text, with a yargy grammar.

    "14 октября 2021 года", "14-15 октября 2021 года", "3–5 июня 2019 года",
    "с 30 мая по 2 июня 2019 года", "30 мая — 2 июня", "14.10.2021", "14-15.10.2021", "2021-10-14"

natasha's DatesExtractor finds single dates; ranges need a grammar of their own. A date without a
year takes the year it is given (the publication year, or the year other dates of the text name);
without one it is not a date kgbuild can state. A line at the top of a report that holds only a
date (and perhaps a time: "28.02.2026 10:15", "2026-02-28") is its publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
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


@lru_cache(maxsize=8)
def _matches(text: str) -> tuple[tuple[int, Any], ...]:
    """(offset of the window, yargy match) of every date in ``text``. The grammar runs only on
    windows that could hold a date: yargy's chart parser costs more than linear time in the tokens
    it is given, and a date is a few tokens of a long line."""
    out: list[tuple[int, Any]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        for start, end in _windows(line):
            out.extend((offset + start, m) for m in _found(line[start:end]))
        offset += len(line)
    return tuple(out)


@lru_cache(maxsize=1024)
def _found(window: str) -> tuple[Any, ...]:
    """The grammar's matches in ``window`` (a report's dateline is read again on its own)."""
    return tuple(_parser().findall(window))


#: Words the grammar can take, by their start: months (any form; "ма" for "мая"), "год" and its
#: abbreviations ("г.", "гг."), "лет" (a form of "год" to pymorphy2), "с … по".
_DATE_WORD = re.compile(r"(?:янв|фев|мар|апр|ма|июн|июл|авг|сен|окт|ноя|дек|г|лет|с$|по$)", re.IGNORECASE)
_DATE_PUNCT = frozenset("-–—.")


def _windows(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` that could hold a date: the longest runs of the tokens the grammar is
    made of (numbers, months, years, dashes, dots, "с", "по") that hold a number and a second
    token. No match of the grammar can cross a token it has no terminal for, so these windows
    give the matches of the whole line (a test holds them to it)."""
    if not _DIGIT.search(line):
        return []
    spans: list[tuple[int, int]] = []
    run: list[Any] = []
    for token in [*_tokenizer()(line), None]:
        if token is not None and (
            token.type == "INT"
            or token.value in _DATE_PUNCT
            or (token.type == "RU" and _DATE_WORD.match(token.value))
        ):
            run.append(token)
            continue
        if _holds_date(run):
            spans.append((run[0].span.start, run[-1].span.stop))
        run = []
    return spans


_MONTH = re.compile(r"(?:янв|фев|мар|апр|ма|июн|июл|авг|сен|окт|ноя|дек)", re.IGNORECASE)


def _holds_date(run: list[Any]) -> bool:
    """Every rule of the grammar has a day right before a month's name, or dd.mm.yyyy."""
    for n, t in enumerate(run[:-1]):
        if t.type != "INT":
            continue
        if _MONTH.match(run[n + 1].value) or (
            n + 4 < len(run) and run[n + 1].value == run[n + 3].value == "." and run[n + 4].type == "INT"
        ):
            return True
    return False


_DIGIT = re.compile(r"\d")


@cache
def _tokenizer() -> Any:
    from yargy.tokenizer import Tokenizer  # noqa: PLC0415

    return Tokenizer()


_ISO = re.compile(r"(?<![\d.-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d-])")
_YEAR = re.compile(r"(?<![\d.,-])((?:19|20)\d\d)\s*(?:-?(?:го|й|м)\s+)?(?:год|гг?\.)", re.IGNORECASE)
#: What a date line may hold besides its date: a time, a weekday, punctuation ("28.02.2026, 10:15").
_DATE_LINE_REST = re.compile(
    r"^[\s\d:.,/|()–—-]*(?:(?:date|дата|опубликовано|обновлено|published|пн|вт|ср|чт|пт|сб|вс)\w*[\s.,:]*)?"
    r"[\s\d:.,/|()–—-]*$",
    re.IGNORECASE,
)


def _iso_dates(text: str) -> list[DateMatch]:
    out = []
    for m in _ISO.finditer(text):
        day = _date(int(m.group(1)), int(m.group(2)), m.group(3))
        if day is not None:
            out.append(DateMatch(m.start(), m.end(), day, day))
    return out


def _year_of(month: int | None, day: str | None, published: date | None, default: int | None) -> int | None:
    if published is None:
        return default
    guess = _date(published.year, month, day)
    return published.year - 1 if guess is not None and guess > published + _AHEAD else published.year


def years_named(text: str) -> list[int]:
    """The years the text names, in order (to date the year-less dates): those of full dates,
    else any year written as one ("в 2026 году", "2025 г."), but for the bounds of a period ("итоги
    за 2016 год", "план на 2019 год": a report meets the year after, a plan the year before)."""
    years = [int(y) for _, m in _matches(text) for y in (m.fact.y1, m.fact.y2) if y]
    years += [d.first.year for d in _iso_dates(text)]
    named = (m for m in _YEAR.finditer(text) if not _PERIOD.search(text[max(0, m.start() - 16) : m.start()]))
    return years or [int(m.group(1)) for m in named]


#: A year that bounds a period rather than dates a day: "за 2016 год", "на 2019 год", "до 2030 года".
_PERIOD = re.compile(r"\b(?:за|на|до|по|к|с|со|от|после|итогам|итоги|итогах)\s*$", re.IGNORECASE)


def is_iso(text: str, d: DateMatch) -> bool:
    """``d`` is written as an ISO date ("2026-02-28"): a machine's date, a publication's."""
    return bool(_ISO.fullmatch(text[d.start : d.stop]))


def date_line(text: str, header: int = 300) -> DateMatch | None:
    """The date of a line near the top that holds only a date (and a time, a word such as
    "Опубликовано"): the publication date of a report pasted from a news site ("28.02.2026
    10:15", "2026-02-28"); an ISO date among the first words of the text is one too."""
    first = _ISO.search(text[:40])
    if first is not None:
        day = _date(int(first.group(1)), int(first.group(2)), first.group(3))
        if day is not None:
            return DateMatch(first.start(), first.end(), day, day)
    offset = 0
    for line in text.splitlines(keepends=True):
        if offset >= header:
            break
        found = [d for d in find_dates(line) if d.first == d.last]
        if len(found) == 1:
            d = found[0]
            if _DATE_LINE_REST.match(line[: d.start] + line[d.stop :]):
                return DateMatch(offset + d.start, offset + d.stop, d.first, d.last)
        offset += len(line)
    return None


#: A year-less date this long after the publication date is of the year before ("8 декабря" in a
#: report published in February).
_AHEAD = timedelta(days=60)


def find_dates(
    text: str, *, default_year: int | None = None, published: date | None = None
) -> list[DateMatch]:
    """Every date or date range of ``text`` whose year is known or given: year-less dates take
    ``published``'s year (the year before when that would put them months after it), else
    ``default_year``."""
    out = []
    for offset, match in _matches(text):
        f = match.fact
        m2 = _month(f.m2) or _month(f.m1)
        m1 = _month(f.m1) or m2
        y2 = int(f.y2) if f.y2 else int(f.y1) if f.y1 else _year_of(m2, f.d2 or f.d1, published, default_year)
        y1 = int(f.y1) if f.y1 else y2
        first = _date(y1, m1, f.d1)
        last = _date(y2, m2, f.d2) if f.d2 else first
        if first is None or last is None or last < first:
            continue
        out.append(DateMatch(offset + match.span.start, offset + match.span.stop, first, last))
    out.extend(_iso_dates(text))
    return sorted(out, key=lambda d: d.start)
