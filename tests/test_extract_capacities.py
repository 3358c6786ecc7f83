"""Capacities of any kind: open-vocabulary heads, where the text puts them, their kind and status,
and whose they are. Every sentence here is our own.

Each row is a sentence, a surname and what must (or must not) be found for that person.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgbuild.facts import CapacityKind, CapacityStatus, Organization, Person, Post
from tests.extraction import extract, posts_of

pytestmark = pytest.mark.slow

# Heads that no word list names: any noun pymorphy2 knows as a kind of person will do.
OPEN_VOCABULARY = [
    ("На премьере была актриса Вера Соколова.", "Соколова", {"актриса"}),
    ("Стихи прочитал поэт Игорь Лебедев.", "Лебедев", {"поэт"}),
    ("Операцию провёл хирург Павел Орлов.", "Орлов", {"хирург"}),
    ("Фильм снял кинорежиссёр Денис Ветров.", "Ветров", {"кинорежиссёр"}),
    ("Гол забил футболист Артур Насибуллин.", "Насибуллин", {"футболист"}),
    ("Ролик записала блогер Ольга Рыбакова.", "Рыбакова", {"блогер"}),
    ("Выпуск вёл стендап-комик Артём Белый.", "Белый", {"стендап-комик"}),
    ("Службу возглавил митрополит Климент.", "Климент", {"митрополит"}),
    ("В Рим прибыл кардинал Антонио Бруни.", "Бруни", {"кардинал"}),
    ("Награду получил сержант Олег Волков.", "Волков", {"сержант"}),
    ("Учения проверил генерал-майор Пётр Зуев.", "Зуев", {"генерал-майор"}),
    ("Кронпринц Густав открыл выставку.", "Густав", {"кронпринц"}),
    ("Игру прокомментировал тренер вратарей Сергей Грачёв.", "Грачёв", {"тренер вратарей"}),
    # a compound of a sex and a capacity is the capacity ("первая женщина" is none)
    ("Экипаж возглавила первая женщина-пилот авиакомпании Анна Орлова.", "Орлова", {"пилот авиакомпании"}),
    # a superlative keeps its own stem in the nominative ("лучшего", not "наихороший")
    ("Матч судил лучший арбитр сезона Игорь Седов.", "Седов", {"лучший арбитр сезона"}),
]


@pytest.mark.parametrize(("text", "surname", "titles"), OPEN_VOCABULARY, ids=[r[1] for r in OPEN_VOCABULARY])
def test_any_noun_naming_a_kind_of_person_is_a_capacity(text: str, surname: str, titles: set[str]) -> None:
    assert {p.title for p in posts_of(extract(text), surname)} == titles


WHERE = [
    # conjoined and chained before the name: one fact each
    (
        "Предприниматель и общественный деятель Руслан Ахметов открыл школу.",
        "Ахметов",
        {"предприниматель", "общественный деятель"},
    ),
    ("Известный музыкант, пианист Лев Гурин дал концерт.", "Гурин", {"музыкант", "пианист"}),
    # an age or a word of praise between the post and the name
    ("Его сменит директор завода 58-летний Игорь Панин.", "Панин", {"директор завода"}),
    # predicates of appointment, election, work and being
    ("Вчера Олег Кравцов был назначен министром финансов.", "Кравцов", {"министр финансов"}),
    ("Президент назначил Ивана Петрова министром транспорта.", "Петров", {"министр транспорта"}),
    ("Анна Кузнецова избрана председателем профсоюза.", "Кузнецова", {"председатель профсоюза"}),
    ("Иван Сидоров много лет работает хирургом.", "Сидоров", {"хирург"}),
    ("Олег Миронов является директором Института истории.", "Миронов", {"директор Института истории"}),
    ("Марат Жунусов занимает должность руководителя отдела.", "Жунусов", {"руководитель отдела"}),
    ("Ирина Белова выступила в качестве эксперта.", "Белова", {"эксперт"}),
    ("Олег Зорин в должности министра посетил завод.", "Зорин", {"министр"}),
    # "а главой фонда — Y" gives the post to Y, not to the subject of the first clause
    ("Андрей Белов стал министром культуры, а главой фонда — Олег Ершов.", "Белов", {"министр культуры"}),
    (
        "Сергей Цивин с поста губернатора края перешёл на должность министра энергетики.",
        "Цивин",
        {"губернатор края", "министр энергетики"},
    ),
    ("На посту министра Анна Белова провела реформу.", "Белова", {"министр"}),
    ("Представитель президента Ивана Петрова заявил, что всё хорошо.", "Петров", {"президент"}),
    # the genitive name inside a post's complement holds the post named there
    (
        "Советник президента Ивана Петрова Олег Смирнов дал интервью.",
        "Петров",
        {"президент"},
    ),
    (
        "Советник президента Ивана Петрова Олег Смирнов дал интервью.",
        "Смирнов",
        {"советник президента"},
    ),
    ("Дочь президента Ивана Петрова открыла выставку.", "Петров", {"президент"}),
    # predicates conjoined, and a pronoun standing for the name of an earlier sentence
    (
        "Умар Диалло был министром здравоохранения, а затем министром иностранных дел.",
        "Диалло",
        {"министр здравоохранения", "министр иностранных дел"},
    ),
    (
        "Иван Петров родился в Омске в 1950 году. В 2010 году он был назначен министром финансов.",
        "Петров",
        {"министр финансов"},
    ),
    # a predicate conjoined with the verb the name is the subject of
    ("Умар Диалло учился в Лионе и работал консультантом.", "Диалло", {"консультант"}),
    # before and after the name at once; "его учитель — X" says whose teacher, not what X is
    (
        "Его учитель — академик Виктор Ростов, языковед и литературовед.",
        "Ростов",
        {"академик", "языковед", "литературовед"},
    ),
    # an apposition joined by "и" to the post of the next name is that name's too
    ("Пришли спортсмен Олег Тарасов, продюсер и актёр Игорь Жиров.", "Тарасов", {"спортсмен"}),
    # lists after a plural post: across a bracketed aside, after "среди которых —"
    (
        "Выступили музыканты Юрий Царёв (группа «Метро»), Алексей Борисов и Павел Шевелёв.",
        "Шевелёв",
        {"музыкант"},
    ),
    (
        "Приехали писатели и критики, среди которых — Павел Басов и Михаил Панов из Москвы.",
        "Панов",
        {"писатель", "критик"},
    ),
    # complements run on through a plural person noun, a demonstrative and a conjoined genitive
    (
        "— Работа идёт, — отметил председатель Совета районной организации союза ветеранов Иван Кравцов.",
        "Кравцов",
        {"председатель Совета районной организации союза ветеранов"},
    ),
    (
        "Заседание открыла старший депутат этого созыва Анна Петрова.",
        "Петрова",
        {"старший депутат этого созыва"},
    ),
    # a list of complements closed by "и", in the case of the noun before the comma
    (
        "Выступил председатель комиссии по вопросам экологии, транспорта и связи Иван Орлов.",
        "Орлов",
        {"председатель комиссии по вопросам экологии, транспорта и связи"},
    ),
    (
        "Председатель комитета по международным делам, обороне и безопасности Пётр Зуев выступил.",
        "Зуев",
        {"председатель комитета по международным делам, обороне и безопасности"},
    ),
    # a place of an organization inside the complement, not of the post
    (
        "Конференцию открыл председатель совета отделения партии в Омской области Андрей Сомов.",
        "Сомов",
        {"председатель совета отделения партии в Омской области"},
    ),
    # a domain with "по" whose noun has adjectives of its own genitive ("социальной сферы")
    (
        "Слово взяла заместитель главы администрации района по координации социальной сферы Ирина Белова.",
        "Белова",
        {"заместитель главы администрации района по координации социальной сферы"},
    ),
    # an instrumental complement with its adjectives, after the name in a list as well
    (
        "Выступили Петров Иван Сергеевич, заведующий Новосельским сельским клубом, Орлова Анна Ивановна.",
        "Петров",
        {"заведующий Новосельским сельским клубом"},
    ),
    (
        "Пришли сопредседатель совета союза промышленников и предпринимателей Иван Орлов и Пётр Зуев.",
        "Орлов",
        {"сопредседатель совета союза промышленников и предпринимателей"},
    ),
    # the place of a post taken is the post, the subject after the verb in apposition to a noun
    ("Место главного тренера клуба занял ветеран Игорь Седов.", "Седов", {"главный тренер клуба"}),
    # a post set off from the name by commas, the name in apposition to its head
    ("Нынешний директор музея, Дарья Соколова, рассказала о планах.", "Соколова", {"директор музея"}),
    # the predicate of a relative clause on the name
    ("Анна Белова встретила Ивана Петрова, который работает хирургом.", "Петров", {"хирург"}),
    # a rank right before a genitive name is its apposition, and so is the post before the rank
    (
        "Приказ подписал заместитель начальника штаба полковника Ивана Орлова.",
        "Орлов",
        {"начальник штаба", "полковник"},
    ),
    ("Пришёл советник главы администрации президента Олега Зуева.", "Зуев", {"президент"}),
    # predicates listed with commas after a pronoun, the last one parsed as a root of its own
    (
        "Иван Орлов родился в Омске. В настоящее время он является депутатом областной думы от партии «Родина», "
        "состоит во фракции «Единство», также является членом комитета по транспорту.",
        "Орлов",
        {"депутат областной думы от партии «Родина»", "член комитета по транспорту"},
    ),
    # a frame before the verb whose subject the name is, in a clause of its own
    (
        "Клуб окреп, так как Сомов перевёл базу в Омск и в его штаб, в качестве первого заместителя, входит Игорь Панин.",
        "Панин",
        {"первый заместитель"},
    ),
]


@pytest.mark.parametrize(
    ("text", "surname", "titles"), WHERE, ids=[f"{r[1]}-{i}" for i, r in enumerate(WHERE)]
)
def test_the_capacity_is_found_where_the_text_puts_it(text: str, surname: str, titles: set[str]) -> None:
    assert {p.title for p in posts_of(extract(text), surname)} == titles


NOT_HIS = [
    ("Анна Белова и Пётр Зуев пришли. Он работает врачом.", "Белова"),  # "он" is not her
    ("Иван Орлов и Пётр Зуев пришли. Он работает врачом.", "Орлов"),  # two men: unsure
    ("«Он был хорошим врачом», — сказал Олег Панин.", "Панин"),  # someone else in his words
    ("Тренер Петровой заявил, что всё хорошо.", "Петрова"),  # Petrova's coach, not Petrova
    ("Жена министра Анна Орлова открыла выставку.", "Орлова"),  # the minister's wife
    ("Среди гостей была дочь губернатора Мария Сидорова.", "Сидорова"),
    ("Беременная подруга премьер-министра Кэрри Дженкинс заболела.", "Дженкинс"),
    ("Житель Омска Пётр Васин и участник форума Илья Ромов пришли.", "Васин"),
    ("Житель Омска Пётр Васин и участник форума Илья Ромов пришли.", "Ромов"),
    ("Первый заместитель Клишина Анна Боброва выступила.", "Клишин"),
    ("Андрей Лосев исполняет обязанности по дому.", "Лосев"),  # a verb, not "исполняющий"
    ("Американец Джон Смит приехал в Казань.", "Смит"),  # a demonym
    ("Народный артист Игорь Маслов вышел на сцену.", "Маслов"),  # an honorary title
    ("Кавалер ордена Мужества Пётр Глебов выступил.", "Глебов"),  # an award
    ("Обама выдвинул на пост главы ведомства Олега Зорина.", "Обама"),  # he nominates, not holds
    ("Губернатор назначил Ивана Петрова министром транспорта.", "Губернатор"),
    ("Сенат выдвинул на пост главы ведомства Олега Зорина.", "Зорин"),  # put forward, not holding
    # a post framed in another clause is that clause's subject's
    ("Ольга Смирнова согласилась занять пост директора музея, если Павел Орлов уйдёт на пенсию.", "Орлов"),
    ("Когда Олег Зуев занял пост директора, Анна Белова ушла.", "Белова"),
    # a post before a list of names set off by commas is not the first name's apposition
    ("Директор школы, Иван Петров, Анна Орлова и Пётр Зуев пришли.", "Петров"),
    ("Анна Белова встретила Ивана Петрова, который работает хирургом.", "Белова"),
    # an undeclined name inside a post whose own complement goes on after it: the helper's employer
    (
        "Помощник Мэри Олбрайт по вопросам Азии, который вчера прибыл в Минск, заявил, что визит важен.",
        "Олбрайт",
    ),
    ("Советник Кэтрин Эштон по европейским делам, который прибыл в Киев, заявил о поддержке.", "Эштон"),
]


@pytest.mark.parametrize(("text", "surname"), NOT_HIS, ids=[f"{r[1]}-{i}" for i, r in enumerate(NOT_HIS)])
def test_a_capacity_is_not_given_to_a_complement_or_a_neighbour(text: str, surname: str) -> None:
    assert not posts_of(extract(text), surname), [p.title for p in posts_of(extract(text), surname)]


def test_a_post_in_the_complement_of_a_kinship_noun_is_the_genitive_names():
    doc = extract("Среди гостей была дочь губернатора Ивана Сидорова.")
    assert {p.title for p in posts_of(doc, "Сидоров")} == {"губернатор"}


# one person and one capacity a sentence: its title, kind and status; the title leaves the words of
# status out and the evidence keeps them, a prefix stays in its word ("экс-мэр"); the holder is the
# surname before the verb
K, S = CapacityKind, CapacityStatus
CAPACITIES = {
    "Актриса Вера Соколова пришла.": ("актриса", K.OCCUPATION, S.CURRENT),
    "Директор завода «Маяк» Игорь Панин пришёл.": ("директор завода «Маяк»", K.POST, S.CURRENT),
    "Министр Игорь Панин пришёл.": ("министр", K.POST, S.CURRENT),
    "Журналист газеты «Вечер» Ольга Минина пришла.": ("журналист газеты «Вечер»", K.POST, S.CURRENT),
    "Сержант Олег Волков пришёл.": ("сержант", K.RANK, S.CURRENT),
    "Член совета директоров Илья Гусев пришёл.": ("член совета директоров", K.MEMBERSHIP, S.CURRENT),
    "Основатель компании «Сфера» Роман Титов пришёл.": ("основатель компании «Сфера»", K.FOUNDER, S.CURRENT),
    "Создатель сервиса «Карта» Лев Пахомов пришёл.": ("создатель сервиса «Карта»", K.FOUNDER, S.CURRENT),
    "Владелец клуба «Ротор» Андрей Жуков пришёл.": ("владелец клуба «Ротор»", K.OWNER, S.CURRENT),
    "Бывший министр культуры Иван Носов пришёл.": ("министр культуры", K.POST, S.FORMER),
    "Экс-мэр Казани Олег Ильин пришёл.": ("экс-мэр Казани", K.POST, S.FORMER),
    "Подполковник в отставке Николай Рябов пришёл.": ("подполковник", K.RANK, S.FORMER),
    "И. о. ректора Мария Лаптева пришла.": ("ректор", K.POST, S.ACTING),
    "Врио губернатора Тимур Ганиев пришёл.": ("губернатор", K.POST, S.ACTING),
    "Исполняющий обязанности министра Сергей Ким пришёл.": ("министр", K.POST, S.ACTING),
}


def test_an_abbreviated_degree_ends_the_post_before_it_and_is_a_degree() -> None:
    doc = extract("Доклад сделал заведующий кафедрой физики к.т.н. А.В. Соколов.")
    assert {p.title for p in posts_of(doc, "Соколов")} == {"заведующий кафедрой физики"}
    (person,) = [f for f in doc.facts if isinstance(f, Person)]
    assert person.degrees == ("кандидат технических наук",)


@pytest.mark.parametrize("text", CAPACITIES)
def test_each_capacity_has_its_title_kind_and_status(text: str) -> None:
    doc = extract(text)
    (post,) = [f for f in doc.facts if isinstance(f, Post)]
    assert posts_of(doc, text.split()[-2]) == [post]  # and it is the named person's
    assert (post.title, post.kind, post.status) == CAPACITIES[text]
    assert post.evidence.quote.startswith(text.split(maxsplit=1)[0])


def test_the_organization_of_a_post_is_its_full_name_with_the_abbreviation_expanded() -> None:
    doc = extract(
        "Руководитель Федеральной службы по надзору в сфере связи Иван Орлов и депутат Мажилиса "
        "Парламента РК Айдар Сеитов выступили. Председатель комитета по экономической политике "
        "Совета Федерации Олег Шубин их поддержал."
    )
    by_id = doc.by_id()

    def organization(surname: str) -> Organization:
        (post,) = posts_of(doc, surname)
        found = by_id[post.organization or ""]
        assert isinstance(found, Organization)
        return found

    assert organization("Орлов").name == "Федеральная служба по надзору в сфере связи"
    assert organization("Шубин").name == "комитет по экономической политике Совета Федерации"
    mazhilis = organization("Сеитов")
    assert mazhilis.name == "Мажилис"
    assert by_id[mazhilis.parent or ""].name == "Парламент Республики Казахстан"  # type: ignore[union-attr]


ORGANIZATIONS = [
    (
        "Начальник управления по контролю за оборотом наркотиков ГУ МВД по Москве Юрий Девятов выступил.",
        "Девятов",
        "управление по контролю за оборотом наркотиков ГУ МВД по Москве",
    ),
    (
        'Генеральный директор в нефтедобывающей компании ООО "Нефтегаз" Тимур Баев приехал.',
        "Баев",
        'нефтедобывающая компания ООО "Нефтегаз"',
    ),
    ("Директор по развитию бизнеса компании Philips Анна Котова выступила.", "Котова", "компания Philips"),
    ("Глава японского МИДа Кэндзи Ота прибыл в Москву.", "Ота", "японский МИД"),
    # the country of the phrase, not the document's: "Японии" stays in the name
    ("Министр иностранных дел Японии Кэндзи Ота прибыл.", "Ота", "Министерство иностранных дел Японии"),
    (
        "Глава Движения за демократические перемены (ДДП) Пётр Ланской заявил.",
        "Ланской",
        "Движение за демократические перемены (ДДП)",
    ),
    (
        "Иван Коми работал адвокатом в хедж-фонде Bridgewater Associates.",
        "Коми",
        "хедж-фонд Bridgewater Associates",
    ),
    # a domain the parse hangs on the post's head is not part of the organization's name
    (
        "Выступили: Заместитель главы администрации Лесного муниципального района по координации "
        "социальной сферы Ирина Белова и начальник отдела культуры Мария Орлова.",
        "Белова",
        "администрация Лесного муниципального района",
    ),
]


@pytest.mark.parametrize(("text", "surname", "name"), ORGANIZATIONS, ids=[r[1] for r in ORGANIZATIONS])
def test_the_organization_of_a_post_is_named_whole(text: str, surname: str, name: str) -> None:
    doc = extract(text)
    (post,) = posts_of(doc, surname)
    organization = doc.by_id()[post.organization or ""]
    assert isinstance(organization, Organization) and organization.name == name


@pytest.mark.parametrize(
    "text",
    [
        "Иван Петров покинул пост министра финансов.",
        "Иван Петров после поражения подал в отставку с поста министра финансов.",
    ],
)
def test_a_post_left_is_a_former_one(text: str) -> None:
    (post,) = posts_of(extract(text), "Петров")
    assert (post.title, post.status) == ("министр финансов", CapacityStatus.FORMER)


NAMES = ["Иван Орлов", "Анна Белова", "Пётр Зуев", "Ольга Минина", "Игорь Панин", "Мария Лаптева"]
POSTS = ["директор школы", "хирург", "актриса", "министр финансов", "председатель профсоюза", "журналист"]
JOINERS = [", ", " и "]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(POSTS), st.sampled_from(NAMES)),
        min_size=2,
        max_size=3,
        unique_by=lambda x: x[1],
    ),
    st.sampled_from(JOINERS),
)
def test_no_capacity_is_held_by_two_people_unless_the_text_shares_it(
    listed: list[tuple[str, str]], joiner: str
) -> None:
    """Each name with its own post before it: every post mention belongs to one person."""
    text = joiner.join(f"{post} {name}" for post, name in listed) + " выступили."
    text = text[0].upper() + text[1:]
    doc = extract(text)
    holders: dict[tuple[int, int], set[str]] = {}
    for post in (f for f in doc.facts if isinstance(f, Post)):
        holders.setdefault((post.evidence.start, post.evidence.end), set()).add(post.person)
    assert all(len(people) == 1 for people in holders.values()), text
    assert len({p for people in holders.values() for p in people}) == len(listed), text  # each has one


def test_a_plural_post_before_a_list_is_shared_by_the_list() -> None:
    doc = extract("Депутаты городского совета Анна Белова, Пётр Зуев и Игорь Панин выступили.")
    for surname in ("Белова", "Зуев", "Панин"):
        assert {p.title for p in posts_of(doc, surname)} == {"депутат городского совета"}
