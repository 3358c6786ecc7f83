"""Extraction tables: names in the nominative, and the capacity a person acts in.

Each row is a sentence and what must (or must not) be found in it.
"""

from __future__ import annotations

import pytest

from kgbuild.facts import Organization, Person, Post
from tests.extraction import extract, people, posts_of

pytestmark = pytest.mark.slow

NAMES = [
    ("Встреча с Даригой Назарбаевой прошла в Астане.", {"Дарига Назарбаева"}),
    (
        "Инициированный Главой государства Касым-Жомартом Токаевым проект реализуется.",
        {"Касым-Жомарт Токаев"},
    ),
    ("Письмо направили Нурсултану Абишевичу Назарбаеву.", {"Нурсултан Абишевич Назарбаев"}),
    ("Депутаты Мажилиса С.Абдрахманов, И.Буларов выступили.", {"С. Абдрахманов", "И. Буларов"}),
    ("Вице-министра национальной экономики А.Куантырова поблагодарили.", {"А. Куантыров"}),
    (
        "Он встретился с заместителем министра иностранных дел Грузии Александром Налбандовым.",
        {"Александр Налбандов"},
    ),
    ("Выступил Иванов И.И., директор завода.", {"И.И. Иванов"}),
    ("Оператор Аль-Джазиры Сами аль-Хадж (Sami al-Haj) находится в тюрьме.", {"Сами аль-Хадж"}),
    ("Цветы передали вдове первого президента России Наине Иосифовне.", {"Наина Иосифовна"}),
    (
        "Как отметила профессор Казанского федерального университета А. Петрова, история сближает.",
        {"А. Петрова"},
    ),
    ("Елбасы Нурсултан Назарбаев отмечает, что согласие — ежедневный труд.", {"Нурсултан Назарбаев"}),
    ("Руководитель центра Э. Сагиев создаёт условия для детей.", {"Э. Сагиев"}),
    # two names side by side in cases no word of both can share are two people
    ("Заместитель мэра Игоря Зайцева Павел Громов выступил.", {"Игорь Зайцев", "Павел Громов"}),
    # a genitive name the parse hung on the post before stays the genitive of the noun it follows
    ("Помощник министра Сергея Волкова Анна Лебедева выступила.", {"Сергей Волков", "Анна Лебедева"}),
    # a name in the nominative stays as written: a guess of pymorphy2 or a vocative is no other case
    ("Вчера инженер Тамаз Гогошвали принял решение.", {"Тамаз Гогошвали"}),
    ("Матч пропустил нападающий Рудольф Лёв.", {"Рудольф Лёв"}),
    # a woman's surname in -и does not decline (but one in -ия does, and so does a given name)
    ("Выступление актрисы Джейн Фортини открыло вечер.", {"Джейн Фортини"}),
    ("Книгу вручили писательнице Кэрол Ромеси.", {"Кэрол Ромеси"}),
    ("Цветы вручили Марии Гарсии.", {"Мария Гарсия"}),
    ("Выступление Балакиной Ольги прошло.", {"Ольга Балакина"}),
    # a surname pymorphy2 takes for an abbreviation only by a two-letter ending is a surname
    ("Об этом рассказал Дэвид Шмитц, бывший пилот.", {"Дэвид Шмитц"}),
    # a given name alone is the one person named so in full before; with two, no guess
    ("Павел Громов открыл сезон. Павел уходит с поста директора театра.", {"Павел Громов"}),
    ("Павел Громов и Павел Зуев пришли. Павел ушёл.", {"Павел Громов", "Павел Зуев", "Павел"}),
    # a page that lost the space between two blocks glues a name to the next heading
    ("Слово взяла Ольга СоколоваЭкология края стала темой встречи.", {"Ольга Соколова"}),
    # ... or a dash written as a hyphen to a degree after the name
    ("Выступила Айгуль Мамбетова-к.и.н., доцент.", {"Айгуль Мамбетова"}),
    # an instrumental agent the parse took for the subject is still instrumental
    ("Позже Валентиной Лосевой была представлена книга.", {"Валентина Лосева"}),
    # -овой surnames whose stem makes a dictionary adjective ("сомовый", "ореховый")
    ("Книгу подарили Светлане Сомовой и Ирине Ореховой.", {"Светлана Сомова", "Ирина Орехова"}),
    # a name read as a man's genitive is the woman the report names elsewhere
    (
        "Модераторами выступили Айнур Мамбетова, профессор, заведующая кафедрой «Экономика и право» ,"
        " Валентина Козлова д.с.н., профессор, заместитель директора по научной работе института."
        " Валентиной Козловой была представлена книга.",
        {"Айнур Мамбетова", "Валентина Козлова"},
    ),
    # ... but not a man whose given name and patronymic are a man's
    (
        "Это вечер памяти поэта Андрея Дмитриевича Дементьева. Стихи А. Дементьевой прочла Ольга Седова.",
        {"Андрей Дмитриевич Дементьев", "А. Дементьева", "Ольга Седова"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAMES, ids=[n[0][:40] for n in NAMES])
def test_names_are_found_in_the_nominative(text: str, expected: set[str]) -> None:
    assert people(extract(text)) == expected


def test_an_honorific_is_kept_apart_from_the_name() -> None:
    (person,) = [f for f in extract(NAMES[10][0]).facts if isinstance(f, Person)]
    assert (person.honorific, person.given_name, person.surname) == ("Елбасы", "Нурсултан", "Назарбаев")


def test_initials_are_kept_as_initials() -> None:
    facts = extract("Депутат С.Абдрахманов выступил.").facts
    (person,) = [f for f in facts if isinstance(f, Person)]
    assert (person.initials, person.given_name, person.surname) == ("С.", None, "Абдрахманов")


@pytest.mark.parametrize(
    "text",
    [
        "Делегация посетила Московский государственный университет имени М.Ломоносова.",
        "Правительство одобрило проект бюджета на следующий год.",
        "Гонщик в своей карьере пилота Формулы-2 выиграл этап.",  # a word with a digit is no name
        "Письма-приветствия зачитали участникам.",
        "С историей агрогородка Бобовичи ознакомили гостей.",
        "",
    ],
)
def test_no_person_where_there_is_none(text: str) -> None:
    assert people(extract(text)) == set()


CAPACITY = [
    # before the name
    (
        "Аким Жамбылской области Б. Сапарбаев выступил.",
        "Сапарбаев",
        {"аким Жамбылской области"},
        {"акимат Жамбылской области"},
    ),
    (
        "Вице-министра национальной экономики А.Куантырова поблагодарили.",
        "Куантыров",
        {"вице-министр национальной экономики"},
        {"Министерство национальной экономики"},
    ),
    (
        "По словам главы Минкомсвязи Игоря Щеголёва, регистрация будет свободной.",
        "Щеголёв",
        {"глава Минкомсвязи"},
        {"Минкомсвязи"},
    ),
    # after the name
    (
        "Валерий Зорькин, председатель Конституционного суда, высказал сомнения.",
        "Зорькин",
        {"председатель Конституционного суда"},
        {"Конституционный суд"},
    ),
    (
        "Светлана Яковлева - директор Global Cultural Project, выступила первой.",
        "Яковлева",
        {"директор Global Cultural Project"},
        {"Global Cultural Project"},
    ),
    ("Андреас Кёпке (тренер вратарей) сообщил это решение.", "Кёпке", {"тренер вратарей"}, set()),
    (
        "Эдуард Мишлен, один из президентов группы компаний Michelin, погиб.",
        "Мишлен",
        {"президент группы компаний Michelin"},
        {"группа компаний Michelin"},
    ),
    ("Кирсан Илюмжинов Президент ФИДЕ\n", "Илюмжинов", {"президент ФИДЕ"}, {"ФИДЕ"}),
    # shared by a list, chained
    ("Депутаты Мажилиса С.Абдрахманов, И.Буларов выступили.", "Буларов", {"депутат Мажилиса"}, {"Мажилис"}),
    (
        "Заместитель Председателя Ассамблеи народа Казахстана – заведующий Секретариатом Ассамблеи народа Казахстана "
        "Администрации Президента РК М. Азильханов выступил.",
        "Азильханов",
        {
            "заместитель Председателя Ассамблеи народа Казахстана",
            "заведующий Секретариатом Ассамблеи народа Казахстана Администрации Президента Республики Казахстан",
        },
        {"Ассамблея народа Казахстана", "Секретариат Ассамблеи народа Казахстана"},
    ),
    (
        "Лидер Меджлиса крымско-татарского народа, народный депутат Украины Мустафа Джемилев сказал это.",
        "Джемилев",
        {"лидер Меджлиса крымско-татарского народа", "народный депутат Украины"},
        {"Меджлис крымско-татарского народа", "Украина"},
    ),
    # copula, frame
    (
        "Леван Гачечиладзе является депутатом парламента Грузии.",
        "Гачечиладзе",
        {"депутат парламента Грузии"},
        set(),
    ),
    (
        "В команду в качестве первого заместителя входит Георгиос Макрополус.",
        "Макрополус",
        {"первый заместитель"},
        set(),
    ),
    # a name right after an eponym with initials is the holder, not part of the organization
    (
        "Выступил ректор Таразского университета имени М.Х. Дулати Канат Абенов.",
        "Абенов",
        {"ректор Таразского университета имени М.Х. Дулати"},
        {"Таразский университет имени М.Х. Дулати"},
    ),
    (
        "Отметил профессор Казахского национального университета имени аль-Фараби Канат Юсупов.",
        "Юсупов",
        {"профессор Казахского национального университета имени аль-Фараби"},
        {"Казахский национальный университет имени аль-Фараби"},
    ),
    # Central Asian offices the tagger does not know as people
    (
        "Выступил хоким Бухарской области Мирзо Эсанов.",
        "Эсанов",
        {"хоким Бухарской области"},
        {"хокимият Бухарской области"},
    ),
    ("Выступил Торага Жогорку Кенеша Нурланбек Шакиев.", "Шакиев", {"торага Жогорку Кенеша"}, set()),
    # a noun opening the sentence that the tagger took for an adjective
    (
        "Консультант отдела образования Лейла Арсланбекова выступила.",
        "Арсланбекова",
        {"консультант отдела образования"},
        set(),
    ),
]


@pytest.mark.parametrize(("text", "surname", "titles", "orgs"), CAPACITY, ids=[c[1] for c in CAPACITY])
def test_the_capacity_is_found_wherever_the_text_puts_it(
    text: str, surname: str, titles: set[str], orgs: set[str]
) -> None:
    doc = extract(text)
    assert {p.title for p in posts_of(doc, surname)} == titles
    by_id = doc.by_id()
    found = {by_id[p.organization].name for p in posts_of(doc, surname) if p.organization}  # type: ignore[union-attr]
    assert orgs <= found, found


def test_the_parent_organization_of_a_chain_is_kept() -> None:
    doc = extract(CAPACITY[9][0])
    by_id = doc.by_id()
    secretariat = next(
        f for f in doc.facts if isinstance(f, Organization) and f.name.startswith("Секретариат")
    )
    parent = by_id[secretariat.parent]  # type: ignore[index]
    assert isinstance(parent, Organization) and parent.name == "Администрация Президента Республики Казахстан"


def test_degrees_and_origin_are_facts_of_their_own() -> None:
    doc = extract("Актуальность темы отметил украинский политолог, кандидат социологических наук В.Щербина.")
    (person,) = [f for f in doc.facts if isinstance(f, Person)]
    assert person.degrees == ("кандидат социологических наук",)
    assert person.origin == "украинский" and doc.by_id()[person.origin_country].name == "Украина"  # type: ignore[index, union-attr]
    assert {p.title for p in posts_of(doc, "Щербина")} == {"политолог"}


def test_a_degree_may_follow_the_name_with_no_comma() -> None:
    doc = extract("Слово взяла Валентина Лосева д.с.н., профессор кафедры права.")
    (person,) = [f for f in doc.facts if isinstance(f, Person)]
    assert person.degrees == ("доктор социологических наук",)
    assert {p.title for p in posts_of(doc, "Лосева")} == {"профессор кафедры права"}


NOT_A_POST = [
    ("Марин Ле Пен стала кандидатом на пост главы Франции.", "Ле Пен"),
    ("Андрей Санников стал кандидатом в президенты.", "Санников"),
    ("После поездки Дмитрия Медведева на Курилы отношения ухудшились.", "Медведев"),
    ("Для оппонента Александра Брода, члена российско-американской рабочей группы, это важно.", "Брод"),
    ("Цветы передали вдове первого президента России Наине Иосифовне.", "Наина"),
    ("Фигура Свиридова стала использоваться многими политиками.", "Свиридов"),
    ("Известный правозащитник Лев Пономарев пришёл на акцию.", "Пономарев"),
]


@pytest.mark.parametrize(("text", "surname"), NOT_A_POST, ids=[n[1] for n in NOT_A_POST])
def test_no_post_where_the_person_holds_none(text: str, surname: str) -> None:
    titles = {p.title for p in posts_of(extract(text), surname)}
    assert not titles or all(
        "рабоч" not in t and "президент" not in t and "глав" not in t and "полит" not in t for t in titles
    ), titles


def test_abbreviations_are_expanded_in_posts() -> None:
    titles = {
        p.title
        for p in posts_of(
            extract("Выступили депутаты Мажилиса Парламента РК Айгуль Нуркина и Ерлан Саиров."), "Саиров"
        )
    }
    assert titles == {"депутат Мажилиса Парламента Республики Казахстан"}


def test_a_post_belongs_to_the_name_after_it_not_before() -> None:
    doc = extract(
        "Светлана Яковлева - директор Global Cultural Project, Кирилл Разлогов - директор Российского "
        "института культурологии."
    )
    assert {p.title for p in posts_of(doc, "Разлогов")} == {"директор Российского института культурологии"}
    assert {p.title for p in posts_of(doc, "Яковлева")} == {"директор Global Cultural Project"}


def test_posts_are_normalised_and_linked_to_their_person() -> None:
    doc = extract("Благодарность объявили вице-министру образования и науки К.Ергалиеву.")
    (post,) = [f for f in doc.facts if isinstance(f, Post)]
    assert post.title == "вице-министр образования и науки"
    assert doc.by_id()[post.person].name == "К. Ергалиев"  # type: ignore[union-attr]
