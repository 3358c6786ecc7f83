"""Realistic synthetic reports of the genre: Russian news about conferences, forums and round tables.

    python bench/synth.py OUT_DIR --reports 1000 [--seed 7] [--format txt|md|html|jsonl]

Each report tells of one event (kind, title in «», dates, city, participant count), who organised
it, who spoke and in which capacity (post and organization, before or after the name), what was
resolved, and sometimes a quote. People, posts, organizations, cities and titles are drawn from
lists with a seeded random generator, so the same seed gives the same corpus, byte for byte.
Several reports may tell of the same event, and people recur across events, as in a real archive.
Names are written in the nominative (the extractor's own tests cover the other cases).
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

GIVEN_M = [
    "Айдар",
    "Алексей",
    "Бердибек",
    "Ерлан",
    "Марат",
    "Нурлан",
    "Сергей",
    "Тимур",
    "Дмитрий",
    "Асхат",
    "Канат",
    "Руслан",
    "Игорь",
    "Бахыт",
    "Даурен",
]
GIVEN_F = [
    "Айгуль",
    "Анна",
    "Гульнара",
    "Динара",
    "Елена",
    "Жанар",
    "Мария",
    "Ольга",
    "Сауле",
    "Татьяна",
    "Асель",
    "Камила",
]
SURNAMES = [
    "Абенов",
    "Ахметов",
    "Байжанов",
    "Бекова",
    "Волков",
    "Григорьев",
    "Досанов",
    "Ермеков",
    "Жумабаев",
    "Исаев",
    "Калиев",
    "Кенжебаев",
    "Лебедев",
    "Мусин",
    "Нуржанов",
    "Оспанов",
    "Петров",
    "Рахимов",
    "Сапаров",
    "Тулегенов",
    "Уалиев",
    "Федоров",
    "Хасенов",
    "Шарипов",
    "Есимов",
    "Жаксылыков",
    "Кудайбергенов",
    "Мамыров",
    "Нурпеисов",
    "Омаров",
    "Сериков",
    "Тажибаев",
    "Утепов",
    "Чернов",
    "Юсупов",
]
POSTS = [
    ("аким", "{region_gen}"),
    ("заместитель акима", "{region_gen}"),
    ("министр", "образования и науки Республики Казахстан"),
    ("вице-министр", "национальной экономики Республики Казахстан"),
    ("вице-министр", "информации и общественного развития Республики Казахстан"),
    ("депутат", "Мажилиса Парламента Республики Казахстан"),
    ("ректор", "{university_gen}"),
    ("директор", "Института истории и этнологии"),
    ("председатель", "общественного объединения «Молодёжный ресурсный центр»"),
    ("заместитель председателя", "Ассамблеи народа Казахстана"),
    ("профессор", "{university_gen}"),
    ("руководитель", "управления внутренней политики {region_gen}"),
]
REGIONS = [
    ("Жамбылская область", "Жамбылской области", "Тараз", "Таразе"),
    ("Туркестанская область", "Туркестанской области", "Шымкент", "Шымкенте"),
    ("Карагандинская область", "Карагандинской области", "Караганда", "Караганде"),
    ("Павлодарская область", "Павлодарской области", "Павлодар", "Павлодаре"),
    ("Актюбинская область", "Актюбинской области", "Актобе", "Актобе"),
    ("Костанайская область", "Костанайской области", "Костанай", "Костанае"),
]
UNIVERSITIES = [  # (genitive, nominative)
    (
        "Таразского регионального университета имени М.Х. Дулати",
        "Таразский региональный университет имени М.Х. Дулати",
    ),
    (
        "Евразийского национального университета имени Л.Н. Гумилёва",
        "Евразийский национальный университет имени Л.Н. Гумилёва",
    ),
    ("Карагандинского университета имени Е.А. Букетова", "Карагандинский университет имени Е.А. Букетова"),
    (
        "Казахского национального университета имени аль-Фараби",
        "Казахский национальный университет имени аль-Фараби",
    ),
]
KINDS = [
    ("международная научно-практическая конференция", "конференции", "конференция", "f"),
    ("республиканский форум", "форума", "форум", "m"),
    ("круглый стол", "круглого стола", "круглый стол", "m"),
    ("областная конференция", "конференции", "конференция", "f"),
    ("международный форум", "форума", "форум", "m"),
]
TOPICS = [
    "Межэтническое согласие на современном этапе",
    "Единство народа — основа стабильности",
    "Молодёжь и духовная модернизация",
    "Роль гражданского общества в укреплении согласия",
    "Языковая политика: опыт и перспективы",
    "Историческая память и национальная идентичность",
    "Цифровизация и общественный диалог",
    "Семья как основа согласия в обществе",
]
ORGANIZERS = [
    "акимат {region_gen}",
    "Ассамблея народа Казахстана",
    "Министерство информации и общественного развития Республики Казахстан",
    "{university_nom}",
    "Институт прикладных этнополитических исследований",
    "Дом дружбы {region_gen}",
]
SPEECH = ["выступил{a}", "отметил{a}", "рассказал{a}", "подчеркнул{a}"]
QUOTES = [
    "Согласие и единство — главное богатство нашей страны",
    "Мы должны беречь мир и дружбу между народами",
    "Молодёжь должна знать историю своей земли",
    "Диалог культур делает общество сильнее",
]
MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    female: bool
    post: str
    organization: str


def _person(rng: random.Random, region: tuple[str, ...]) -> Person:
    female = rng.random() < 0.35
    surname = rng.choice(SURNAMES)
    if female and not surname.endswith("а"):
        surname += "а"
    elif not female and surname.endswith("ова"):
        surname = surname[:-1]
    post, org = rng.choice(POSTS)
    university = rng.choice(UNIVERSITIES)[0]
    return Person(
        rng.choice(GIVEN_F if female else GIVEN_M),
        surname,
        female,
        post,
        org.format(region_gen=region[1], university_gen=university),
    )


def _name(person: Person, rng: random.Random) -> str:
    return (
        f"{person.given[0]}. {person.surname}" if rng.random() < 0.5 else f"{person.given} {person.surname}"
    )


def _day(start: date) -> str:
    return f"{start.day} {MONTHS[start.month - 1]} {start.year} года"


def _span(start: date, days: int) -> str:
    if days == 1:
        return _day(start)
    end = start + timedelta(days=days - 1)
    if end.month == start.month:
        return f"{start.day}-{end.day} {MONTHS[start.month - 1]} {start.year} года"
    return f"с {start.day} {MONTHS[start.month - 1]} по {end.day} {MONTHS[end.month - 1]} {end.year} года"


@dataclass(frozen=True)
class Report:
    id: str
    title: str
    text: str
    published: date


def _event(rng: random.Random, number: int) -> dict[str, object]:
    region = rng.choice(REGIONS)
    kind = rng.choice(KINDS)
    start = date(2019, 1, 10) + timedelta(days=rng.randrange(0, 1400))
    people = [_person(rng, region) for _ in range(rng.randint(3, 7))]
    organizers = rng.sample(ORGANIZERS, 2)
    university = rng.choice(UNIVERSITIES)[1]
    return {
        "region": region,
        "kind": kind,
        "title": f"{rng.choice(TOPICS)}{'' if number % 3 else ': опыт и задачи'}",
        "start": start,
        "days": rng.choice([1, 1, 2, 3]),
        "people": people,
        "organizers": [o.format(region_gen=region[1], university_nom=university) for o in organizers],
        "count": rng.choice([50, 80, 100, 150, 200, 300]),
        "resolution": rng.random() < 0.6,
    }


def _report(rng: random.Random, event: dict[str, object], doc_id: str) -> Report:
    region = event["region"]
    kind_nom, kind_gen, kind_short, gender = event["kind"]  # type: ignore[misc]
    title, start, days = event["title"], event["start"], event["days"]
    assert isinstance(start, date) and isinstance(days, int)
    people: list[Person] = list(event["people"])  # type: ignore[call-overload]
    rng.shuffle(people)
    people = people[: rng.randint(2, len(people))]
    past = "прошла" if gender == "f" else "прошёл"
    headline = f"В {region[3]} {past} {kind_short} «{title}»"  # type: ignore[index]
    lines = []
    lines.append(
        f"{_span(start, days).capitalize()} в {region[3]} {past} {kind_nom} «{title}». "  # type: ignore[index]
        f"Организаторами мероприятия выступили {' и '.join(event['organizers'])}."  # type: ignore[arg-type]
    )
    lines.append(f"В работе {kind_gen} приняли участие более {event['count']} человек.")
    for i, person in enumerate(people):
        a = "а" if person.female else ""
        name = _name(person, rng)
        verb = rng.choice(SPEECH).format(a=a)
        if i == 0:
            lines.append(f"С приветственным словом выступил{a} {person.post} {person.organization} {name}.")
        elif rng.random() < 0.5:
            topic = rng.choice(TOPICS).lower()
            lines.append(f"{name}, {person.post} {person.organization}, {verb}, что {topic} — важная тема.")
        else:
            lines.append(f"— {rng.choice(QUOTES)}, — {verb} {person.post} {person.organization} {name}.")
    if event["resolution"]:
        lines.append(f"По итогам {kind_gen} участники приняли резолюцию.")
    published = start + timedelta(days=days)
    return Report(doc_id, headline, headline + "\n\n" + "\n\n".join(lines) + "\n", published)


def generate(count: int, seed: int = 7) -> list[Report]:
    """``count`` reports; about a third of the events are told by two or three of them."""
    rng = random.Random(seed)
    reports: list[Report] = []
    number = 0
    while len(reports) < count:
        event = _event(rng, number)
        for _ in range(min(rng.choice([1, 1, 1, 2, 3]), count - len(reports))):
            reports.append(_report(rng, event, f"report-{len(reports):06d}"))
        number += 1
    return reports


def write(reports: list[Report], folder: Path, fmt: str = "txt") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with (folder / "reports.jsonl").open("w", encoding="utf-8") as out:
            for r in reports:
                record = {"id": r.id, "title": r.title, "published": r.published.isoformat(), "text": r.text}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    for r in reports:
        if fmt == "md":
            body = (
                f"---\ntitle: {r.title}\npublished: {r.published.isoformat()}\n---\n\n# {r.title}\n\n{r.text}"
            )
        elif fmt == "html":
            paragraphs = "".join(f"<p>{p}</p>\n" for p in r.text.split("\n\n")[1:])
            body = (
                f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{r.title}</title>'
                f'<meta property="article:published_time" content="{r.published.isoformat()}"></head>'
                "<body><nav><a href='/'>Главная</a> <a href='/news'>Новости</a></nav>"
                f"<article><h1>{r.title}</h1>\n"
                f"{paragraphs}</article><footer>© Все права защищены</footer></body></html>\n"
            )
        else:
            body = r.text
        (folder / f"{r.id}.{fmt}").write_text(body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=["txt", "md", "html", "jsonl"], default="txt")
    args = parser.parse_args()
    write(generate(args.reports, args.seed), args.out, args.format)


if __name__ == "__main__":
    main()
