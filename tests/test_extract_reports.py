"""How published reports word things, each phenomenon in a sentence of our own.

Real reports name their event with nouns no list holds, date it by a line at the top or not at
all, hold it at an institution, and say who spoke in a dozen ways besides "X выступил". Each row
here is one such way; the extractor must read it as a person would.
"""

from __future__ import annotations

from datetime import date

import pytest

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.speech import roles
from kgbuild.facts import Event, EventKind, Organization, Person, Place, Post, Role, RoleType
from tests.extraction import extract, people, roles_of

pytestmark = pytest.mark.slow

OPENING = "12 марта 2024 года в Омске прошла конференция «Наука и общество». "


def the_event(text: str) -> Event:
    events = [f for f in extract(text).facts if isinstance(f, Event) and f.parent is None]
    assert len(events) == 1, events
    return events[0]


def place_of(text: str, event: Event) -> str | None:
    fact = extract(text).by_id().get(event.place) if event.place else None
    return fact.name if isinstance(fact, Place) else None


EVENTS = [
    pytest.param(
        "На телеканале состоялся телемост между Москвой и Минском. Ведущей стала Мария Светлова.",
        (EventKind.EVENT, "телемост", None, None, True),
        id="a noun no list holds, taking place: телемост",
    ),
    pytest.param(
        "В Павлодаре 3 мая 2025 года прошла торжественная церемония открытия. Выступил аким Ерлан Жумабеков.",
        (EventKind.EVENT, "торжественная церемония открытия", None, date(2025, 5, 3), False),
        id="an open-class event with its genitive: церемония открытия",
    ),
    pytest.param(
        "В Костанае 5 июня 2025 года прошли Дни казахской культуры. С приветствием выступила Анна Ким.",
        (EventKind.EVENT, "дни казахской культуры", None, date(2025, 6, 5), False),
        id="a plural event noun: Дни культуры",
    ),
    pytest.param(
        "Первое пленарное заседание Общественного совета прошло 4 апреля 2025 года. "
        "Председатель совета Анна Петрова рассказала о планах.",
        (EventKind.SESSION, "пленарное заседание Общественного совета", None, date(2025, 4, 4), False),
        id="a session of a body is the event when nothing larger is reported",
    ),
    pytest.param(
        "В Омске 12 марта 2024 года прошла конференция «Наука и общество. К 30-летию независимости». "
        "Выступил ректор Иван Петров.",
        (
            EventKind.CONFERENCE,
            "конференция",
            "Наука и общество. К 30-летию независимости",
            date(2024, 3, 12),
            False,
        ),
        id="a quoted title across a full stop",
    ),
    pytest.param(
        "В Омске 12 марта 2024 года прошел семинар с международным участием «Право и жизнь».",
        (EventKind.SEMINAR, "семинар", "Право и жизнь", date(2024, 3, 12), False),
        id="a title after 'с международным участием'",
    ),
    pytest.param(
        "2026-02-28\nВ Омске 8 декабря прошел форум «Сибирь». Выступил губернатор Олег Котов.",
        (EventKind.FORUM, "форум", "Сибирь", date(2025, 12, 8), False),
        id="a year-less date dated by the ISO date line: the December before",
    ),
    pytest.param(
        "28.02.2026\nВ Омске прошел форум «Сибирь». Выступил губернатор Олег Котов.",
        (EventKind.FORUM, "форум", "Сибирь", date(2026, 2, 28), False),
        id="no date but the report's date line",
    ),
    pytest.param(
        "Сегодня, говорится в сообщении, в Омске прошел форум «Сибирь».\n",
        (EventKind.FORUM, "форум", "Сибирь", None, False),
        id="'сегодня' with no date known: no date",
    ),
    pytest.param(
        "Ведущими стали Мария Светлова и Андрей Малинин. Выступил министр Олег Котов.",
        (EventKind.EVENT, "мероприятие", None, None, True),
        id="no event noun, yet people spoke: the report's event, inferred",
    ),
]


@pytest.mark.parametrize(("text", "expected"), EVENTS)
def test_the_event_a_report_reports(text: str, expected: tuple[object, ...]) -> None:
    ev = the_event(text)
    assert (ev.kind, ev.kind_text, ev.title, ev.start, ev.inferred) == expected


@pytest.mark.parametrize(
    ("text", "start"),
    [
        pytest.param(
            " date 2019-02-04 В области проходят отчетные встречи. В пятницу, 1 февраля, аким прибыл в район. "
            "Встреча прошла в Доме культуры.",
            date(2019, 2, 1),
            id="an ISO stamp on the line is the publication's: the day in the paragraph",
        ),
        pytest.param(
            "В Ялте открылся фестиваль «Слово»\n\n//Пресс-служба, 06 июня 2017\n\n"
            "5 июня в Ялте состоялось открытие фестиваля «Слово».",
            date(2017, 6, 5),
            id="a headline without a date takes the date of the same event below",
        ),
        pytest.param(
            "2021-08-17\nСегодня в Душанбе состоялся брифинг, посвящённый форуму «Азия», "
            "который состоялся в Ташкенте 15 июля.",
            date(2021, 8, 17),
            id="a date in a relative clause is another event's",
        ),
    ],
)
def test_the_day_of_the_event(text: str, start: date) -> None:
    assert the_event(text).start == start


def test_a_year_less_date_takes_any_year_the_text_names() -> None:
    ev = the_event("8 декабря в Омске прошел форум «Сибирь». В 2025 году форум собрал тысячу гостей.")
    assert ev.start == date(2025, 12, 8)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        (
            "28 августа 2024 года в Омске открылся форум «Сибирь». Форум продлится до 30 августа.",
            date(2024, 8, 30),
        ),
        (
            "В Омске 28 августа 2024 года стартовал фестиваль «Сибирь». Он завершится 1 сентября.",
            date(2024, 9, 1),
        ),
        # the day it lasts until, written before the day it opened, is its end, not its day
        (
            "В Омске стартовал молодёжный саммит. Он продлится до 30 августа 2025 года."
            " Вице-премьер Лейла Фазлеева дала старт саммиту 28 августа в Омске.",
            date(2025, 8, 30),
        ),
        # another thing's end is not the event's
        (
            "28 августа 2024 года в Омске открылся форум «Сибирь». Выставка продлится до 30 сентября.",
            date(2024, 8, 28),
        ),
    ],
)
def test_the_event_ends_when_a_later_sentence_says(text: str, end: date) -> None:
    assert the_event(text).end == end


def test_a_year_that_bounds_a_period_dates_no_day() -> None:
    ev = the_event("В среду 1 февраля в Омске прошла отчётная встреча акима об итогах работы за 2016 год.")
    assert ev.start is None
    ev = the_event("В среду 1 февраля в Омске прошла отчётная встреча. По итогам 2016 года план выполнен.")
    assert ev.start is None


def test_today_is_the_publication_day_and_yesterday_the_day_before() -> None:
    assert the_event("2026-02-28\nСегодня в Омске прошел форум «Сибирь».").start == date(2026, 2, 28)
    assert the_event("2026-02-28\nВчера в Омске прошел форум «Сибирь».").start == date(2026, 2, 27)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param(
            "12 марта 2024 года в Институте философии прошел круглый стол «Этика». Гостей встречали в Москве.",
            "Москва",
            id="a venue is no place: the city from the rest of the text",
        ),
        pytest.param(
            "12 марта 2025 года в селе Отеген батыр прошла отчетная встреча акима.",
            "Отеген",
            id="a village named after its noun",
        ),
        pytest.param(
            "ДУШАНБЕ, 17.08.2021. Сегодня в посольстве Узбекистана в Таджикистане прошел брифинг.",
            "Душанбе",
            id="a dateline city in capitals beats a country",
        ),
        pytest.param(
            "#Новости Казахстана\n17 октября 2025 года в Доме культуры села Отеген батыр прошла отчетная встреча.",
            "Отеген батыр",
            id="a village after its noun, unknown to the dictionary, beats a country",
        ),
        pytest.param(
            "12 марта 2024 года в Ханты-Мансийске прошел форум «Югра».",
            "Ханты-Мансийск",
            id="a hyphenated city in the nominative",
        ),
        pytest.param(
            "ДУШАНБЕ, 17.08.2021. Сегодня прошел брифинг о форуме, который прошел в Ташкенте.",
            "Душанбе",
            id="a place in a relative clause is another event's",
        ),
        pytest.param(
            "15 марта 2024 г. Айгерим Сапарова открыла форум «Степь» в Таразе.",
            "Тараз",
            id="a person after the year's 'г.' is no city",
        ),
        pytest.param(
            "12 марта 2024 года прошла сессия маслихата, на которой выступил аким города Б. Сапаров.",
            None,
            id="a person NER took for a place after 'города'",
        ),
    ],
)
def test_where_the_event_took_place(text: str, place: str | None) -> None:
    assert place_of(text, the_event(text)) == place


SPEAKERS = [
    ("Выступление проректора ОмГУ Ивана Петрова было посвящено истории.", "Петров", RoleType.SPEAKER),
    ("В докладе профессора Анны Смирновой говорилось о школе.", "Смирнова", RoleType.SPEAKER),
    (
        "Приветствие президента Касыма Токаева зачитала советник Айжан Нурбекова.",
        "Нурбекова",
        RoleType.SPEAKER,
    ),
    (
        "Приветствие президента Касыма Токаева зачитала советник Айжан Нурбекова.",
        "Токаев",
        RoleType.MENTIONED,
    ),
    ("К участникам обратились ректор Анна Смирнова и министр Олег Котов.", "Котов", RoleType.SPEAKER),
    ("Дискуссию вела журналист Мария Орлова.", "Орлова", RoleType.MODERATOR),
    ("Ведущими стали Мария Светлова и Андрей Малинин.", "Малинин", RoleType.MODERATOR),
    ("Слово было предоставлено директору школы Гульнаре Сейткали.", "Сейткали", RoleType.SPEAKER),
    ("Среди спикеров был Александр Коган.", "Коган", RoleType.SPEAKER),
    ("Видеообращение к участникам направила Мария Белова.", "Белова", RoleType.SPEAKER),
    ("Приветствие участникам направил президент Владимир Громов.", "Громов", RoleType.MENTIONED),
    ("Среди гостей были замечены Геннадий Сорокин и Анна Рябова.", "Сорокин", RoleType.MENTIONED),
    ("Было отмечено директором Иваном Петровым, что наука важна.", "Петров", RoleType.SPEAKER),
    ("По мнению профессора Ивана Петрова, наука важна.", "Петров", RoleType.SPEAKER),
    (
        "«Город – это летопись, - отметил в своем слове со сцены аким области Архип Мухин, - и она длинная».",
        "Мухин",
        RoleType.SPEAKER,
    ),
    ("Начался концерт с поздравления главы района Александра Усова.", "Усов", RoleType.SPEAKER),
    (
        "Открывала форум председатель оргкомитета, профессор Воронина Ольга Васильевна.",
        "Воронина",
        RoleType.SPEAKER,
    ),
    (
        "Слова поздравления прозвучали от председателя землячества Антонины Красиной.",
        "Красина",
        RoleType.SPEAKER,
    ),
    ("Работой секции руководила профессор Елена Борисенко.", "Борисенко", RoleType.MODERATOR),
    ("Об итогах сессии докладывал начальник отдела Евгений Стегин.", "Стегин", RoleType.SPEAKER),
    ("Об открытии форума объявил проректор Олег Демин.", "Демин", RoleType.SPEAKER),
    ("Глава района поблагодарил министра Ивана Петрова за помощь.", "Петров", RoleType.MENTIONED),
    ("Форум открыл проректор Университета Турдимурат Турсунов.", "Турсунов", RoleType.SPEAKER),
    ("О новом конкурсе объявил телеведущий Дмитрий Киселев.", "Киселев", RoleType.MENTIONED),
    (
        "К словам коллеги присоединилась замгубернатора Ирина Мануйлова: «Приветствую вас».",
        "Мануйлова",
        RoleType.SPEAKER,
    ),
    ("Политолог Гульнара Искакова обратила внимание участников на риски.", "Искакова", RoleType.SPEAKER),
    ("Сегодня в мэрии состоялся прием мэра Оша Таалайбека Сарыбаева.", "Сарыбаев", RoleType.SPEAKER),
    (
        "Приветствие зачитала ректор Анна Смирнова, доцент КГУ им. И. Арабаева Токон Орусова.",
        "Орусова",
        RoleType.SPEAKER,
    ),
    ("В своем письме министр Олег Котов отметил роль науки.", "Котов", RoleType.MENTIONED),
    ("Доклад о климате подготовил студент Максим Шевчук.", "Шевчук", RoleType.SPEAKER),
    ("Отличившихся учителей отметила директор Ольга Павлова.", "Павлова", RoleType.MENTIONED),
    ("Открылась выставка «И.К. Айвазовский и море».", "Айвазовский", RoleType.MENTIONED),
    (
        "Конференцию открыло приветствие президента Ильи Громова, которое зачитал советник Петр Орлов.",
        "Громов",
        RoleType.MENTIONED,
    ),
    (
        "Заседание вели декан Иван Тучин и декан факультета права, профессор Антон Шутин.",
        "Шутин",
        RoleType.MODERATOR,
    ),
    (
        "В работе приняла участие аспирантка Ольга Сорокина, представившая доклад.",
        "Сорокина",
        RoleType.SPEAKER,
    ),
    ("Приветствуя гостей, ректор Ирина Ветрова вспомнила историю вуза.", "Ветрова", RoleType.SPEAKER),
    ("Доцент Андрей Сафин принял участие в конференции с докладом.", "Сафин", RoleType.SPEAKER),
    (
        "Отчетная встреча акима области Марата Султанова с жителями прошла в селе.",
        "Султанов",
        RoleType.SPEAKER,
    ),
    (
        "С докладом выступил Чрезвычайный и Полномочный Посол Узбекистана Эргаш Шарипов.",
        "Шарипов",
        RoleType.SPEAKER,
    ),
    # a relative clause on a list, or on the noun the list names, says they spoke
    (
        "Присутствовали поэты объединения «Родник»: Анна Петрова, Олег Сидоров, Мария Кузнецова,"
        " которые рассказали о своём творчестве.",
        "Петрова",
        RoleType.SPEAKER,
    ),
    (
        "В зале были Анна Петрова, Олег Сидоров и Мария Кузнецова, которые рассказали о своём творчестве.",
        "Сидоров",
        RoleType.SPEAKER,
    ),
    ("В зале был и Иван Белов, который приехал из Омска.", "Белов", RoleType.MENTIONED),
    # acts done by speaking: summing up, setting tasks, promising, asking
    ("В завершение глава района Иван Жуков подвёл итоги недели.", "Жуков", RoleType.SPEAKER),
    ("Затем глава района Иван Жуков поставил задачи на неделю.", "Жуков", RoleType.SPEAKER),
    ("Главный судья Юрий Панов пообещал судить беспристрастно.", "Панов", RoleType.SPEAKER),
    ("Депутат Сергей Жуков попросил исключить его из списка.", "Жуков", RoleType.SPEAKER),
    # who conducts a meeting chairs it; who takes part in a debate speaks
    ("Совещание провёл руководитель муниципалитета Борис Зуев.", "Зуев", RoleType.MODERATOR),
    (
        "В районе прошло планерное совещание. Его провёл глава района Борис Зуев. Тема - праздник.",
        "Зуев",
        RoleType.MODERATOR,
    ),
    (
        "В обсуждении вопросов принял участие ректор университета Снежицкий Виктор Александрович.",
        "Снежицкий",
        RoleType.SPEAKER,
    ),
    ("Премьер Садыр Жапаров проведёт телефонный разговор с коллегой.", "Жапаров", RoleType.MENTIONED),
    # the speech verb is the second of the subject's verbs
    ("Депутат Анна Белова поддержала инициативу и попросила ускорить работу.", "Белова", RoleType.SPEAKER),
    ("Председатель Маулен Ашимбаев кивнул, после чего озвучил повестку.", "Ашимбаев", RoleType.SPEAKER),
    # talks of a list of people under a plural post
    (
        "На семинаре были заслушаны доклады профессоров Анвара Каримова, Бахрома Юсупова и Олима Рахимова.",
        "Рахимов",
        RoleType.SPEAKER,
    ),
    ("Книги профессоров Анвара Каримова и Олима Рахимова были представлены.", "Рахимов", RoleType.MENTIONED),
    ("Хоким области Анвар Каримов дал указания руководителям.", "Каримов", RoleType.SPEAKER),
    ("Историк Анвар Каримов сделал экскурс в историю края.", "Каримов", RoleType.SPEAKER),
    # a relative clause is about the name right before it, at the event
    (
        "В открытии приняли участие губернатор области Игорь Котов, директор центра Павел Хлопин,"
        " инспектор Алексей Калинин, который зачитал приветствие.",
        "Котов",
        RoleType.PARTICIPANT,
    ),
    (
        "В открытии приняли участие губернатор области Игорь Котов, директор центра Павел Хлопин,"
        " инспектор Алексей Калинин, который зачитал приветствие.",
        "Калинин",
        RoleType.SPEAKER,
    ),
    (
        "Министр рассказал об итогах встречи с Президентом Сооронбаем Жээнбековым, который заявил о важности языка.",
        "Жээнбеков",
        RoleType.MENTIONED,
    ),
    (
        "Затем слово получили студенты и проректор Елена Ищенко, которая рассказала о подготовке.",
        "Ищенко",
        RoleType.SPEAKER,
    ),
    # a pronoun later in the person's own sentence
    ("Первой эту колею проложила Ольга Бубнова, она представила стихи о жизни.", "Бубнова", RoleType.SPEAKER),
    ("На встрече был Иван Петров, она рассказала о нём.", "Петров", RoleType.MENTIONED),
    (
        "Собрание открыл Виктор Архипов. От имени главы Сергея Бойко он поздравил всех.",
        "Бойко",
        RoleType.MENTIONED,
    ),
    # a sentence about another occasion
    ("Напомним, о реформе сказал президент Касым Токаев, озвучивая послание.", "Токаев", RoleType.MENTIONED),
    ("Ранее министр Светлана Жакупова заявила, что сенаторы останутся.", "Жакупова", RoleType.MENTIONED),
    # who another speaks for did not speak
    (
        "От имени президента Алмазбека Атамбаева выступил советник Фарид Ниязов.",
        "Атамбаев",
        RoleType.MENTIONED,
    ),
    ("От имени президента Алмазбека Атамбаева выступил советник Фарид Ниязов.", "Ниязов", RoleType.SPEAKER),
    # a name after the verb parsed as a second subject is not one
    (
        "Библиотекарь Ольга Седова познакомила читателей с новым сборником стихов А. Дементьева.",
        "Дементьев",
        RoleType.MENTIONED,
    ),
    # performing is not speaking; a speech from the stage is
    ("На сцене выступали артисты студии и исполнитель песен Андрей Котов.", "Котов", RoleType.MENTIONED),
    ("С концертом выступила певица Анна Белова.", "Белова", RoleType.MENTIONED),
    ("Со сцены выступил аким Ерлан Сапаров.", "Сапаров", RoleType.SPEAKER),
]


@pytest.mark.parametrize(
    ("sentence", "surname", "role"), SPEAKERS, ids=[f"{s[1]}-{s[2]}-{s[0][:30]}" for s in SPEAKERS]
)
def test_who_spoke_however_the_report_says_it(sentence: str, surname: str, role: RoleType) -> None:
    assert roles_of(extract(OPENING + sentence), surname) == {role}


def test_a_pronoun_after_a_list_makes_the_list_speak() -> None:
    doc = extract(
        OPENING + "В работе конференции приняли участие Игорь Белов, Ольга Серова и Нурлан Ахметов. "
        "В своих выступлениях они подчеркнули важность науки."
    )
    assert [roles_of(doc, s) for s in ("Белов", "Серова", "Ахметов")] == [{RoleType.SPEAKER}] * 3


def test_a_pronoun_does_not_bring_back_a_speaker_of_another_occasion() -> None:
    doc = extract(
        OPENING + "Напомним, о реформе сказал президент Касым Токаев, озвучивая послание. "
        "Он добавил, что решение примут позже."
    )
    assert roles_of(doc, "Токаев") == {RoleType.MENTIONED}


def test_speakers_take_up_the_list_before_an_aside() -> None:
    doc = extract(
        OPENING
        + "В пресс-конференции приняли участие глава центра Худоберди Холиков и профессор Абдунаби Сатторов. "
        "Почетным гостем был посол Имомуддин Каримов. Спикеры рассказали о мире."
    )
    assert roles_of(doc, "Холиков") == roles_of(doc, "Сатторов") == {RoleType.SPEAKER}


def test_a_text_wrapped_at_a_fixed_width_is_read_as_its_sentences() -> None:
    text = (
        OPENING + "\nКонференцию открыл Чрезвычайный и Полномочный Посол Республики Таджикистан\n"
        "в Республике Беларусь, Постоянный представитель при уставных органах\n"
        "Содружества Козидавлат Коимов. В своем выступлении он подчеркнул важность.\n"
    )
    assert roles_of(extract(text), "Коимов") == {RoleType.SPEAKER}


def test_he_takes_up_the_subject_before() -> None:
    doc = extract(OPENING + "На конференцию прибыл министр Олег Котов. Он отметил важность науки.")
    assert roles_of(doc, "Котов") == {RoleType.SPEAKER}


def test_a_post_alone_speaks_for_the_one_person_named_with_it_before() -> None:
    doc = extract(
        OPENING + "На конференцию прибыл президент Касым Токаев. Президент отметил важность диалога."
    )
    assert roles_of(doc, "Токаев") == {RoleType.SPEAKER}
    two = extract(OPENING + "Приехали министр Иван Петров и министр Олег Котов. Министр подчеркнул роль.")
    assert roles_of(two, "Петров") == roles_of(two, "Котов") == {RoleType.MENTIONED}  # which one? no guess


def test_a_description_of_the_post_speaks_for_its_one_holder() -> None:
    doc = extract(
        OPENING + "На конференцию прибыл аким области Берик Уалиев. Глава региона отметил связь областей."
    )
    assert roles_of(doc, "Уалиев") == {RoleType.SPEAKER}


def test_a_plural_moderator_word_makes_each_of_the_list_a_moderator() -> None:
    doc = extract(
        "В Бишкеке прошёл круглый стол. Модераторами выступили Айгуль Мамбетова - к.и.н., доцент"
        " кафедры истории, и Валентина Лосева д.с.н., профессор."
    )
    assert roles_of(doc, "Мамбетова") == roles_of(doc, "Лосева") == {RoleType.MODERATOR}


def test_a_chair_moderates() -> None:
    doc = extract(OPENING + "Заседание прошло под председательством ректора Елены Чупановой.")
    assert roles_of(doc, "Чупанова") == {RoleType.MODERATOR}


def test_she_takes_up_the_one_woman_before_even_when_she_was_no_subject() -> None:
    doc = extract(
        OPENING + "Гостям представили книгу министра Анны Лисиной. Она рассказала о работе над книгой."
    )
    assert roles_of(doc, "Лисина") == {RoleType.SPEAKER}


def test_a_name_and_post_before_a_colon_quote_is_a_speech() -> None:
    doc = extract(OPENING + "Анна Смирнова, ректор университета: «Наука важна для всех».")
    assert roles_of(doc, "Смирнова") == {RoleType.SPEAKER}
    listed = extract(OPENING + "Участники: Иван Петров, Олег Котов.")
    assert roles_of(listed, "Петров") == {RoleType.MENTIONED}


def test_photo_and_source_credits_name_no_one_at_the_event() -> None:
    doc = extract(OPENING + "\nФото: Антон Баранов\nВыступил ректор Иван Петров. Фото Ирины Орловой.\n")
    assert people(doc) == {"Иван Петров"}


def test_a_name_and_a_long_post_before_a_colon_at_the_end_of_a_line_is_a_speech() -> None:
    doc = extract(
        OPENING + "\nГеннадий Ивашин, директор лицея им. П. М. Машерова:\n\n«Только единство важно».\n"
    )
    assert roles_of(doc, "Ивашин") == {RoleType.SPEAKER}


def test_a_transcript_turn_is_a_speech() -> None:
    doc = extract(OPENING + "\nСергей Гуров: Добрый день, уважаемые коллеги.\n")
    assert roles_of(doc, "Гуров") == {RoleType.SPEAKER}


def test_the_verb_before_a_post_is_not_part_of_the_post() -> None:
    doc = extract(OPENING + "Выступил министр образования Олег Котов.")
    assert [f.title for f in doc.facts if isinstance(f, Post)] == ["министр образования"]


def test_a_role_takes_the_posts_the_report_gives_the_person_elsewhere() -> None:
    doc = extract(
        OPENING + "На конференцию прибыл аким области Бердибек Сапарбаев. Сапарбаев отметил важность."
    )
    by_id = doc.by_id()
    (role,) = [f for f in doc.facts if isinstance(f, Role) and f.role is RoleType.SPEAKER]
    assert [by_id[c].title for c in role.capacity] == ["аким области"]  # type: ignore[union-attr]


NAMES = [
    ("На встрече выступил Петренко Олег Иванович, директор школы.", {"Олег Иванович Петренко"}),
    ("Открывала форум профессор Воронкова Ольга Васильевна.", {"Ольга Васильевна Воронкова"}),
    ("Молодые преподаватели – А.А. Курганов, Е.А. Худякова.", {"А.А. Курганов", "Е.А. Худякова"}),
    ("Доклад Е.А. Худяковой был интересен.", {"Е.А. Худякова"}),
    ("Слова поддержки прозвучали от С. Петрова, И. Смирнова.", {"С. Петров", "И. Смирнов"}),
    ("Решение было предложено А. Балкасыновым.", {"А. Балкасынов"}),
    (
        "Организаторы поблагодарили Валентину Дроздову и Ерлана Жумабекова.",
        {"Валентина Дроздова", "Ерлан Жумабеков"},
    ),
    ("Выступление Ахметовой было посвящено истории края.", {"Ахметова"}),
    ("Выступил руководитель центра Андрей Сызранов.", {"Андрей Сызранов"}),
    ("Выступил председатель филиала Бауыржан Бабажанұлы.", {"Бауыржан Бабажанұлы"}),
    ("Модератором выступила Анна Петрова.", {"Анна Петрова"}),
    ("Чрезвычайный и Полномочный Посол Казахстана Ахметов рассказал о работе.", {"Ахметов"}),
    ("В работе Башгосуниверситета приняли участие студенты.", set()),
    (
        "Николай Данилович Захаров выступил. Потом Николай Данилович рассказал о планах.",
        {"Николай Данилович Захаров"},
    ),
    ("Студенты университета им. Абая и Назарбаев Университета приехали.", set()),
    ("Выступил доцент КГУ им. И. Арабаева Токон Орусбаева.", {"Токон Орусбаева"}),
    ("Выступил директор МБУК Казаткульского сельсовета Лариса Егорова.", {"Лариса Егорова"}),
    ("Андрей Сафин принял участие. Андрей Иванович отметил важность.", {"Андрей Сафин"}),
    ("Это, по словам акима области Асхата Шахарова, важно.", {"Асхат Шахаров"}),
    ("Доклад хокима Бахтиёржона Салимжонова был заслушан.", {"Бахтиёржон Салимжонов"}),
    ("Председатель горисполкома М.Б. Гой выступил на собрании.", {"М.Б. Гой"}),
    ("Выступил проректор Башгосуниверситета Вадим Захаров.", {"Вадим Захаров"}),
    ("Мероприятие открыл проректор Университета Турдимурат Турсунмуратов.", {"Турдимурат Турсунмуратов"}),
    ("Спикер парламента Чыныбай Турсунбеков (СДПК) отметил важность.", {"Чыныбай Турсунбеков"}),
    ("Работой секции руководила зав. каф. биологии, д-р биол. наук Е.А. Борисова.", {"Е.А. Борисова"}),
]


@pytest.mark.parametrize(("text", "expected"), NAMES, ids=[n[0][:40] for n in NAMES])
def test_names_as_reports_write_them(text: str, expected: set[str]) -> None:
    assert people(extract(text)) == expected


def test_a_given_name_and_patronymic_is_the_person_named_before() -> None:
    doc = extract(OPENING + "Выступил Николай Данилович Захаров. Затем Николай Данилович рассказал о планах.")
    assert {f.surname for f in doc.facts if isinstance(f, Person)} == {"Захаров"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Выступил ректор УрФУ Виктор Кокшаров.", "УрФУ"),
        ("Студенты пришли в КазНУ имени аль-Фараби.", "КазНУ имени аль-Фараби"),
        ("Выставка открылась в Назарбаев Центре.", "Назарбаев Центр"),
        ("Выступил директор Назарбаев Университета Иван Петров.", "Назарбаев Университет"),
    ],
)
def test_abbreviations_and_eponyms_stay_whole_organization_names(text: str, name: str) -> None:
    assert name in {f.name for f in extract(text).facts if isinstance(f, Organization)}


def organizers(text: str) -> dict[str, RoleType]:
    doc = extract(OPENING + text)
    by_id = doc.by_id()
    return {
        by_id[f.agent].name: f.role  # type: ignore[union-attr]
        for f in doc.facts
        if isinstance(f, Role) and isinstance(by_id[f.agent], Organization)
    }


def test_organizers_supporters_and_participants_are_split_by_their_cues() -> None:
    assert organizers(
        "Конференция организована Омским государственным университетом при поддержке Фонда грантов "
        "и при участии Института истории."
    ) == {
        "Омский государственный университет": RoleType.ORGANIZER,
        "Фонд грантов": RoleType.SUPPORTER,
        "Институт истории": RoleType.PARTICIPANT,
    }


def test_a_parse_with_a_cycle_never_hangs_role_detection() -> None:
    """natasha's parser can make tokens each other's heads; every climb up the tree is bounded."""

    def token(i: int, text: str, pos: str, head: int | None, rel: str) -> Token:
        return Token(
            i, text, i * 10, i * 10 + len(text), pos, {"Case": "Nom"}, text.lower(), 0, head, rel, ""
        )

    tokens = [
        token(0, "Анна", "PROPN", 1, "conj"),
        token(1, "Иванова", "PROPN", 0, "conj"),
        token(2, "сказала", "VERB", None, "root"),
    ]
    a = Analysis(text=" ".join(t.text for t in tokens), tokens=tokens, sentences=[(0, 2)])
    anna = PersonMatch(0, 1, "Анна Иванова", "Иванова", "Анна", None, None, None, None, "Nom", "Fem")
    assert roles(a, [anna], [0]) in ([RoleType.SPEAKER], [RoleType.MENTIONED])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the agent of a passive, in the instrumental, with those "совместно с" it
            "Форум организован Союзом писателей совместно с Ассоциацией библиотек.",
            {"Союз писателей": RoleType.ORGANIZER, "Ассоциация библиотек": RoleType.ORGANIZER},
        ),
        (  # the agent's phrase starts at its first word, capitalised or not
            "Прошел круглый стол, организованный областным филиалом Ассамблеи народа Казахстана.",
            {"областной филиал Ассамблеи народа Казахстана": RoleType.ORGANIZER},
        ),
        (  # the agent before the verb that says the event was held
            "Областной библиотекой имени Пушкина проведен круглый стол.",
            {"Областная библиотека имени Пушкина": RoleType.ORGANIZER},
        ),
        (  # the subject of an active verb whose object is an event
            "Союз журналистов совместно с Министерством культуры провел круглый стол.",
            {"Союз журналистов": RoleType.ORGANIZER, "Министерство культуры": RoleType.ORGANIZER},
        ),
        (
            "Ассоциация юристов Казахстана выступила организатором форума.",
            {"Ассоциация юристов Казахстана": RoleType.ORGANIZER},
        ),
        (  # initiators, and those who took part in organising it
            "Прошла конференция, инициатором которой выступили Посольство Республики Польша и Исполнительный комитет СНГ.",
            {
                "Посольство Республики Польша": RoleType.ORGANIZER,
                "Исполнительный комитет СНГ": RoleType.ORGANIZER,
            },
        ),
        (
            "В организации форума приняли участие Уральский университет и Российское историческое общество.",
            {
                "Уральский университет": RoleType.ORGANIZER,
                "Российское историческое общество": RoleType.ORGANIZER,
            },
        ),
        (  # an initiator is an organizer; a person is not an organizing body
            "Форум проведен по инициативе Ассамблеи народа Казахстана и Ивана Петрова.",
            {"Ассамблея народа Казахстана": RoleType.ORGANIZER},
        ),
        (  # a body's name need not be capitalised
            "Организаторами выступили акимат города и управление культуры области.",
            {"акимат города": RoleType.ORGANIZER, "управление культуры области": RoleType.ORGANIZER},
        ),
        (  # a bracket after a name is no part of it, nor another name
            "Организаторами выступили Институт развития коммуникаций (Россия, Москва) и Академия управления.",
            {"Институт развития коммуникаций": RoleType.ORGANIZER, "Академия управления": RoleType.ORGANIZER},
        ),
    ],
)
def test_organizers_by_the_grammar_of_their_sentence(text: str, expected: dict[str, RoleType]) -> None:
    assert organizers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "«Мы хотели организовать конференцию вместе с Союзом художников», — сказал ректор.",  # quoted speech
        "Форум организован ведущими вузами страны.",  # no body named
        "Служба организована по поручению Президента.",  # no agent
        "Встреча организована акимом района Иваном Петровым.",  # a person
        "Праздник организован с участием делегации, возглавляемой министром Иваном Петровым.",
        "Конференция была организована с целью разъяснения поправок в Конституцию.",
    ],
)
def test_no_organizer_where_the_sentence_names_no_organizing_body(text: str) -> None:
    assert organizers(text) == {}
