"""Dates and ranges: the grammar run on windows around month names finds what it finds on whole
lines, and every form reports write reads right."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgbuild.extract.dates import _matches, _parser, date_line, find_dates, years_named

pytestmark = pytest.mark.slow

MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября"]
FORMS = [
    "{d} {m} {y} года",
    "{d}-{d2} {m} {y} года",
    "с {d} {m} по {d2} {m} {y} года",
    "{d} {m} — {d2} {m}",
    "{d}.0{n}.{y}",
    "{d}-{d2}.0{n}.{y}",
    "{d} {m}",
]
#: Text around the dates: letters, and the tokens dates are made of (numbers, dashes, dots, "с",
#: "по", "года", a month without a day), so that windows meet, touch and cut into each other.
FILLER = st.lists(
    st.one_of(
        st.text(alphabet="абвгдежзиклмнопрстуфхцчшщыэюя ,.", min_size=1, max_size=30),
        st.sampled_from(["с", "по", "года", "г.", "лет", "-", "–", ".", ",", "мая", "Октября", "2021", "7"]),
        st.integers(0, 3000).map(str),
    ),
    max_size=8,
).map(" ".join)


@st.composite
def lines(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 9))
        form = draw(st.sampled_from(FORMS))
        d = draw(st.integers(1, 14))
        date_text = form.format(
            d=d, d2=d + draw(st.integers(1, 10)), m=MONTHS[n], n=n, y=draw(st.integers(2000, 2030))
        )
        parts += [draw(FILLER), date_text]
    return " ".join([*parts, draw(FILLER)])


@settings(max_examples=150, deadline=None)
@given(lines())
def test_dates_found_in_windows_are_those_found_in_the_whole_line(line: str) -> None:
    whole = [(m.span.start, m.span.stop, m.fact) for m in _parser().findall(line)]
    windowed = [(offset + m.span.start, offset + m.span.stop, m.fact) for offset, m in _matches(line)]
    assert windowed == whole


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("14-15 октября 2021 года", date(2021, 10, 14), date(2021, 10, 15)),
        ("с 30 мая по 2 июня 2019 года", date(2019, 5, 30), date(2019, 6, 2)),
        ("14.10.2021", date(2021, 10, 14), date(2021, 10, 14)),
        ("2021-10-14", date(2021, 10, 14), date(2021, 10, 14)),
    ],
)
def test_every_form_of_a_date(text: str, first: date, last: date) -> None:
    (found,) = find_dates(f"Конференция прошла {text} в Таразе.")
    assert (found.first, found.last) == (first, last)


def test_the_date_line_and_the_years_a_text_names() -> None:
    assert date_line("Опубликовано: 12.03.2024 10:15\nВ Омске прошел форум.") is not None
    assert date_line("В Омске 12 марта прошел форум, а потом ещё один.") is None
    assert years_named("8 декабря прошел форум. В 2025 году он собрал гостей.") == [2025]
