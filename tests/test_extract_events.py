"""Extraction tables: the reported event, who spoke, organizers, outcomes and projects."""

from __future__ import annotations

from datetime import date

import pytest

from kgbuild.facts import (
    AttendanceMode,
    Event,
    EventKind,
    Organization,
    Place,
    Project,
    Resolution,
    Role,
    RoleType,
)
from tests.extraction import extract, roles_of

pytestmark = pytest.mark.slow

OPENING = (
    "14-15 октября 2021 года в Таразе прошла международная научно-практическая конференция «Опыт согласия». "
)


def main_event(text: str) -> Event | None:
    events = [f for f in extract(text).facts if isinstance(f, Event) and f.parent is None]
    assert len(events) <= 1
    return events[0] if events else None


def place_name(text: str, ref: str | None) -> str | None:
    fact = extract(text).by_id().get(ref) if ref else None
    return fact.name if isinstance(fact, Place) else None


EVENTS = [
    (
        OPENING,
        EventKind.CONFERENCE,
        "международная научно-практическая конференция",
        "Опыт согласия",
        date(2021, 10, 14),
        date(2021, 10, 15),
        "Тараз",
    ),
    (
        "3–5 июня 2019 года в Астане состоялся форум «Цифровая экономика».",
        EventKind.FORUM,
        "форум",
        "Цифровая экономика",
        date(2019, 6, 3),
        date(2019, 6, 5),
        "Астана",
    ),
    (
        "В Алматы с 30 мая по 1 июня 2023 года прошёл семинар «Право и общество».",
        EventKind.SEMINAR,
        "семинар",
        "Право и общество",
        date(2023, 5, 30),
        date(2023, 6, 1),
        "Алматы",
    ),
    (
        "25.09.2021 в Караганде состоялся круглый стол «Медиаграмотность».",
        EventKind.ROUND_TABLE,
        "круглый стол",
        "Медиаграмотность",
        date(2021, 9, 25),
        date(2021, 9, 25),
        "Караганда",
    ),
    (
        "Астана, 5 июня 2019 года\n\nВо Дворце мира и согласия прошёл форум «Молодёжь» 3–5 июня 2019 года.",
        EventKind.FORUM,
        "форум",
        "Молодёжь",
        date(2019, 6, 3),
        date(2019, 6, 5),
        "Астана",
    ),
    (
        "12 ноября 2022 г. в Павлодаре прошёл III съезд этнокультурных объединений области «Бірлік».",
        EventKind.CONGRESS,
        "съезд",
        "Бірлік",
        date(2022, 11, 12),
        date(2022, 11, 12),
        "Павлодар",
    ),
    (
        "В Шымкенте 15 марта 2022 года состоялась сессия Ассамблеи народа Казахстана «Единство».",
        EventKind.SESSION,
        "сессия",
        "Единство",
        date(2022, 3, 15),
        date(2022, 3, 15),
        "Шымкент",
    ),
]


@pytest.mark.parametrize(
    ("text", "kind", "kind_text", "title", "start", "end", "place"), EVENTS, ids=[e[2] for e in EVENTS]
)
def test_the_reported_event(
    text: str, kind: EventKind, kind_text: str, title: str, start: date, end: date, place: str
) -> None:
    ev = main_event(text)
    assert ev is not None
    assert (ev.kind, ev.kind_text, ev.title, ev.start, ev.end) == (kind, kind_text, title, start, end)
    assert place_name(text, ev.place) == place


def test_counts_attendance_and_countries() -> None:
    text = OPENING + (
        "В работе конференции приняли участие более 150 человек, в оффлайн и онлайн формате. "
        "Среди них эксперты из России, Украины и Болгарии. Выступили около 40 спикеров."
    )
    ev = main_event(text)
    assert ev is not None
    assert (ev.participants, ev.speakers, ev.count_text) == (150, 40, "более 150 человек")
    assert ev.modes == (AttendanceMode.OFFLINE, AttendanceMode.ONLINE)
    assert [place_name(text, c) for c in ev.countries] == ["Россия", "Украина", "Болгария"]


def test_parts_plenary_and_numbered_sections() -> None:
    text = OPENING + (
        "На пленарном заседании выступили гости. Работа конференции состояла из двух секций:\n\n"
        "1. Роль местных органов в решении социальных вопросов;\n\n2. Профилактика конфликтов.\n"
    )
    parts = sorted(
        (f for f in extract(text).facts if isinstance(f, Event) and f.parent), key=lambda e: e.number or 0
    )
    assert [(p.kind, p.number, p.title) for p in parts] == [
        (EventKind.PLENARY_SESSION, None, None),
        (EventKind.SECTION, 1, "Роль местных органов в решении социальных вопросов"),
        (EventKind.SECTION, 2, "Профилактика конфликтов"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Правительство обсудило проект бюджета на следующий год.",
        "Министр финансов Алексей Кудрин сообщил, что правительство одобрило проект.",
    ],
)
def test_no_event_where_the_report_is_about_none(text: str) -> None:
    assert main_event(text) is None


def test_an_event_with_no_title_date_or_place_is_the_reports_event_inferred() -> None:
    ev = main_event("В понедельник прошло заседание, на котором ничего не решили.")
    assert ev is not None
    assert (ev.kind, ev.kind_text, ev.title, ev.start, ev.inferred) == (
        EventKind.MEETING,
        "заседание",
        None,
        None,
        True,
    )


def test_a_report_with_no_event_still_yields_its_people_and_posts() -> None:
    doc = extract("Министр финансов Алексей Кудрин сообщил, что правительство одобрило проект.")
    assert roles_of(doc, "Кудрин") == set()
    assert any(f.__class__.__name__ == "Post" for f in doc.facts)


SPEAKERS = [
    ("Министр культуры Аида Балаева выступила с докладом.", "Балаева", RoleType.SPEAKER),
    ("Директор института Ерлан Ахметов рассказал о результатах.", "Ахметов", RoleType.SPEAKER),
    ("Профессор Иван Петров подчеркивает, что опыт уникален.", "Петров", RoleType.SPEAKER),
    ("— Это важно для всех, — отметил аким области Серик Оспанов.", "Оспанов", RoleType.SPEAKER),
    ("«Нам важно сохранить память», — сказала Анна Петрова.", "Петрова", RoleType.SPEAKER),
    ("По словам ректора Жансеита Туймебаева, конференция удалась.", "Туймебаев", RoleType.SPEAKER),
    ("С докладами выступили депутаты Айгуль Нуркина и Ерлан Саиров.", "Саиров", RoleType.SPEAKER),
    ("Конференцию открыл ректор университета Жансеит Туймебаев.", "Туймебаев", RoleType.SPEAKER),
    ("Модератором пленарной сессии выступила журналист Дина Касымова.", "Касымова", RoleType.MODERATOR),
    (
        "— Как говорил Абай Кунанбаев, знание — сила, — сказал ректор Жансеит Туймебаев.",
        "Кунанбаев",
        RoleType.MENTIONED,
    ),
    (
        "Инициированный Главой государства Касым-Жомартом Токаевым проект реализуется.",
        "Токаев",
        RoleType.MENTIONED,
    ),
    ("В работе форума принял участие посол Японии Масахару Коно.", "Коно", RoleType.PARTICIPANT),
]


@pytest.mark.parametrize(("sentence", "surname", "role"), SPEAKERS, ids=[f"{s[1]}-{s[2]}" for s in SPEAKERS])
def test_who_spoke_and_who_is_only_mentioned(sentence: str, surname: str, role: RoleType) -> None:
    assert roles_of(extract(OPENING + sentence), surname) == {role}


def test_a_speaker_at_the_plenary_session_speaks_at_that_part() -> None:
    doc = extract(OPENING + "На пленарном заседании с докладами выступил аким области Серик Оспанов.")
    (role,) = [f for f in doc.facts if isinstance(f, Role) and f.role is RoleType.SPEAKER]
    part = doc.by_id()[role.event]
    assert isinstance(part, Event) and part.kind is EventKind.PLENARY_SESSION


def organizers(text: str) -> dict[str, RoleType]:
    doc = extract(OPENING + text)
    by_id = doc.by_id()
    return {
        by_id[f.agent].name: f.role
        for f in doc.facts  # type: ignore[union-attr]
        if isinstance(f, Role) and isinstance(by_id[f.agent], Organization)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Организаторами мероприятия выступили Министерство информации и общественного развития Республики Казахстан, "
            "акимат Жамбылской области и Институт истории.",
            {
                "Министерство информации и общественного развития Республики Казахстан": RoleType.ORGANIZER,
                "акимат Жамбылской области": RoleType.ORGANIZER,
                "Институт истории": RoleType.ORGANIZER,
            },
        ),
        (
            "Форум организован Министерством культуры совместно с Национальной палатой «Атамекен».",
            {
                "Министерство культуры": RoleType.ORGANIZER,
                "Национальная палата «Атамекен»": RoleType.ORGANIZER,
            },
        ),
        (
            "Мероприятие прошло при поддержке акимата Туркестанской области.",
            {"акимат Туркестанской области": RoleType.SUPPORTER},
        ),
        ("«Совместно с этнокультурными объединениями мы работаем», — сказал аким.", {}),
        # an abbreviated name NER takes for a person's is an organization's
        (
            "13 марта 2024 года Псковский Облсовпроф совместно с Фракцией КПРФ провёл круглый стол «Кризис».",
            {"Псковский Облсовпроф": RoleType.ORGANIZER, "Фракция КПРФ": RoleType.ORGANIZER},
        ),
    ],
)
def test_organizers_and_supporters(text: str, expected: dict[str, RoleType]) -> None:
    assert organizers(text) == expected


def outcomes(text: str) -> list[Resolution]:
    return [f for f in extract(OPENING + text).facts if isinstance(f, Resolution)]


def test_a_resolution_with_content_addressee_and_adopters() -> None:
    (res,) = outcomes(
        "По итогам обсуждений участники конференции приняли резолюцию, в которой отражены "
        "рекомендации для местных исполнительных органов по укреплению согласия."
    )
    assert (res.kind.value, res.kind_text, res.adopted_by) == (
        "resolution",
        "резолюция",
        "участники конференции",
    )
    assert res.content == ("рекомендации для местных исполнительных органов по укреплению согласия",)
    assert res.addressee == "местные исполнительные органы"


@pytest.mark.parametrize(
    ("text", "kind", "kind_text"),
    [
        ("По завершении конференции принята итоговая резолюция.", "resolution", "итоговая резолюция"),
        (
            "По итогам форума министерство и палата подписали меморандум о сотрудничестве.",
            "memorandum",
            "меморандум",
        ),
        ("Участники приняли декларацию о сотрудничестве научных центров.", "declaration", "декларация"),
        ("По итогам сессии принято обращение к народу Казахстана.", "appeal", "обращение"),
        ("По итогам конференции будет выпущен сборник докладов.", "follow-up", "сборник докладов"),
    ],
)
def test_every_kind_of_outcome(text: str, kind: str, kind_text: str) -> None:
    (res,) = outcomes(text)
    assert (res.kind.value, res.kind_text) == (kind, kind_text)


def test_expected_recommendations_are_not_an_outcome() -> None:
    assert outcomes("Ожидается, что будут рекомендации со стороны экспертного сообщества.") == []


def test_a_kazakh_project_with_its_initiator_and_region() -> None:
    doc = extract(
        "Участники предлагают распространить опыт Жамбылской области по реализации проекта "
        "«Бейбітшілік пен келісім». Инициированный Главой государства Касым-Жомартом Токаевым пилотный "
        "проект «Бейбітшілік пен келісім» вносит свой вклад."
    )
    projects = [f for f in doc.facts if isinstance(f, Project)]
    assert {(p.name, p.lang) for p in projects} == {("Бейбітшілік пен келісім", "kk")}
    by_id = doc.by_id()
    assert {p.kind_text for p in projects} == {"проект", "пилотный проект"}
    assert {by_id[p.initiator].name for p in projects if p.initiator} == {"Касым-Жомарт Токаев"}  # type: ignore[union-attr]
    assert {by_id[p.region].name for p in projects if p.region} == {"Жамбылская область"}  # type: ignore[union-attr]
