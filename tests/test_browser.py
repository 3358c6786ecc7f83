"""The published site in a real browser: Debian's Chromium, headless, driven by selenium.

``kgbuild serve`` runs on a free loopback port (waitress, in a thread); the build's base is that
address, so every IRI dereferences. Screenshots go to ``test-artifacts/`` (or $KGBUILD_ARTIFACTS).
When Chromium or its driver is missing the tests fail in CI and are skipped, with the reason,
elsewhere.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kgbuild.building.pipeline import build
from kgbuild.web.server import create_app, make_server
from tests.conftest import EXAMPLE, ROOT, long_report
from tests.services import free_port, missing

pytestmark = [pytest.mark.slow, pytest.mark.service]
#: Debian's Chromium and its driver (CI installs them); elsewhere these variables may name others.
CHROMIUM = os.environ.get("KGBUILD_CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("KGBUILD_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1280,1400",
)
EVENT = "event/2021-10-14-mezhetnicheskoye-soglasiye-na-sovremennom-etape-opyt"
ARTIFACTS = Path(os.environ.get("KGBUILD_ARTIFACTS", ROOT / "test-artifacts"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() and Path(DRIVER).is_file()):
        missing("Chromium and its driver (Debian packages chromium, chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@contextmanager
def serve(out: Path, port: int) -> Iterator[str]:
    """``kgbuild serve`` for ``out`` in a thread; yields its URL."""
    app = create_app(out, timeout=5, workers=1)
    server = make_server(app, "127.0.0.1", port)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.close()
        app.config["kgbuild.endpoint"].close()


def built(tmp_path_factory: pytest.TempPathFactory, corpus: Path, **options: Any) -> tuple[Path, int]:
    """The build of ``corpus`` under the address it will be served at."""
    port = free_port()
    out = tmp_path_factory.mktemp("site") / "out"
    build([corpus], out, base=f"http://127.0.0.1:{port}/", validate=False, **options)
    return out, port


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(*built(tmp_path_factory, EXAMPLE, extractor=None)) as url:
        yield url


def shot(browser: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def wait(browser: Any, script: str, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(lambda driver: driver.execute_script(script))


def test_an_event_page_draws_its_graph_and_leads_to_a_speaker_in_their_capacity(
    browser: Any, site: str
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + EVENT)  # the event's IRI: the browser gets its page by content negotiation
    assert browser.current_url == site + EVENT + ".html"
    nodes = wait(browser, "return window.kgGraph && kgGraph.nodes().length")
    assert nodes >= 15
    kinds = set(browser.execute_script("return kgGraph.nodes().map(n => n.data('kind'))"))
    assert {"event", "part", "person", "organization", "resolution"} <= kinds
    assert browser.execute_script("return kgGraph.nodes().every(n => n.renderedBoundingBox().w > 0)")
    pointed = "var p = kgGraph.$id(arguments[0]); p.emit('mouseover'); return p.connectedEdges('.shown').map(e => e.data('label'))"
    labels = browser.execute_script(pointed, site + "person/saparbayev-b")
    assert any("аким Жамбылской области" in label for label in labels)  # the edge says the capacity
    shot(browser, "event")
    speaker = browser.find_element(By.CSS_SELECTOR, "#who-spoke a[href$='person/saparbayev-b.html']")
    speaker.click()
    wait(
        browser,
        "return document.readyState === 'complete' && location.pathname.endsWith('saparbayev-b.html')",
    )
    roles = browser.find_element(By.ID, "roles").text
    assert "Бердибек Сапарбаев" in browser.find_element(By.TAG_NAME, "h1").text
    assert "аким Жамбылской области" in roles and "speaker" in roles  # the browser asks for English
    shot(browser, "person")


def test_the_query_page_runs_a_query(browser: Any, site: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "sparql")  # a browser asking the endpoint gets the query page
    text = browser.find_element(By.ID, "kg-query-text")
    text.clear()
    text.send_keys(
        'SELECT DISTINCT ?name WHERE { ?p a kg:Person ; skos:prefLabel ?name . FILTER(lang(?name) = "ru") } ORDER BY ?name'
    )
    browser.find_element(By.ID, "kg-query-run").click()
    rows = wait(browser, "return document.querySelectorAll('#kg-query-results tbody tr').length")
    assert rows == 11
    results = browser.find_element(By.ID, "kg-query-results").text
    assert (
        "Бердибек Сапарбаев" in results and "11 rows" in browser.find_element(By.ID, "kg-query-status").text
    )
    shot(browser, "query")
    text.clear()
    text.send_keys("SELEC nonsense")
    browser.find_element(By.ID, "kg-query-run").click()
    status = wait(
        browser,
        "var s = document.getElementById('kg-query-status'); return s.className == 'error' && s.textContent",
    )
    assert "400" in status  # and the server's own words, as it gave them:
    assert browser.find_element(By.ID, "kg-query-error").text.startswith(
        "400 Bad Request: the query is not valid SPARQL"
    )


def test_the_ontology_documentation_draws_its_class_diagram(browser: Any, site: str) -> None:
    browser.get(site + "ontology")
    assert browser.current_url.endswith("/ontology.html")
    assert wait(browser, "return window.kgGraph && kgGraph.nodes().length") >= 10
    assert "kgbuild ontology" in browser.title
    browser.execute_script("document.getElementById('kg-diagram').scrollIntoView()")
    shot(browser, "ontology")


def test_a_script_in_a_report_never_runs(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    corpus = tmp_path_factory.mktemp("hostile-corpus")
    shutil.copy(ROOT / "tests" / "data" / "hostile" / "report.txt", corpus / "report.txt")
    with serve(*built(tmp_path_factory, corpus, curated=False)) as url:
        browser.get(url + "index.html")
        browser.find_element(By.CSS_SELECTOR, "#events a").click()
        wait(browser, "return window.kgGraph && kgGraph.nodes().length")
        assert "<script>alert(1)</script>" in browser.find_element(By.TAG_NAME, "h1").text  # shown as text
        browser.get(url + "sparql.html")
        browser.find_element(By.ID, "kg-query-text").clear()
        browser.find_element(By.ID, "kg-query-text").send_keys(
            "SELECT ?t WHERE { ?e a kg:Event ; skos:prefLabel ?t }"
        )
        browser.find_element(By.ID, "kg-query-run").click()
        wait(browser, "return document.querySelectorAll('#kg-query-results tbody tr').length")
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert (
            browser.execute_script("return document.querySelectorAll('#kg-query-results script').length") == 0
        )


def test_a_document_shows_its_text_and_a_click_on_a_mark_lists_its_facts(browser: Any, site: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "document/000_ecf5c2834d24bb97")
    marks = browser.find_elements(By.CSS_SELECTOR, "#kg-text mark.k-person")
    mark = next(m for m in marks if m.text == "Б. Сапарбаев")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    facts = wait(browser, "return document.querySelectorAll('#kg-facts-list li').length")
    assert facts >= 2  # the person, and the role of the sentence around the name
    listed = browser.find_element(By.ID, "kg-facts-list")
    assert "Бердибек Сапарбаев" in listed.text and "speaker" in listed.text
    shot(browser, "document-page")
    link = listed.find_element(By.CSS_SELECTOR, "a[href$='person/saparbayev-b.html']")
    link.click()
    wait(browser, "return location.pathname.endsWith('/person/saparbayev-b.html')")
    # a span's fragment scrolls to it and marks it
    browser.get(site + "document/000_ecf5c2834d24bb97.html#char=2594,2642")
    wait(browser, "return document.querySelectorAll('#kg-text mark.kg-target').length")
    target = browser.find_element(By.CSS_SELECTOR, "#kg-text mark.kg-target")
    assert "Вице-министр информации" in target.text
    assert browser.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight", target
    )
    # and from the keyboard: a mark takes the focus, Enter lists its facts
    from selenium.webdriver.common.keys import Keys

    other = next(m for m in browser.find_elements(By.CSS_SELECTOR, "#kg-text mark") if m.text == "К.Ергалиев")
    browser.execute_script("arguments[0].focus()", other)
    assert browser.switch_to.active_element == other
    assert "Ергалиев" not in browser.find_element(By.ID, "kg-facts-list").text
    other.send_keys(Keys.ENTER)
    wait(browser, "return document.getElementById('kg-facts-list').textContent.indexOf('Ергалиев') >= 0")


def test_a_document_of_a_million_characters_opens_and_answers_quickly(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from selenium.webdriver.common.by import By

    corpus = tmp_path_factory.mktemp("long-corpus")
    spans = long_report(corpus)
    with serve(*built(tmp_path_factory, corpus, extractor=None)) as url:
        started = time.perf_counter()
        browser.get(url + "document/long.html")
        wait(browser, "return window.kgDocument && document.readyState === 'complete'", 60)
        loaded = time.perf_counter() - started
        assert browser.execute_script("return kgDocument.spans.length") == spans
        mark = browser.find_elements(By.CSS_SELECTOR, "#kg-text mark.k-person")[-1]
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        started = time.perf_counter()
        mark.click()
        listed = wait(browser, "return document.getElementById('kg-facts-list').textContent")
        clicked = time.perf_counter() - started
        assert "Иван Петров" in listed
        target = browser.execute_script(f"return kgDocument.spans[{spans - 1}].id")  # the last name
        browser.get(url + "document/long.html#" + target)
        wait(browser, "return document.querySelectorAll('#kg-text mark.kg-target').length", 60)
        shown = browser.find_element(By.CSS_SELECTOR, "#kg-text mark.kg-target")
        assert shown.text == "Иван Петров" and browser.execute_script(
            "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight",
            shown,
        )
        assert loaded < 20 and clicked < 2, (loaded, clicked)
        print(
            f"a page of a million characters: opened in {loaded:.1f} s, a click answered in {clicked:.2f} s"
        )


def test_the_event_graph_has_a_legend_and_no_two_labels_overlap(browser: Any, site: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + EVENT + ".html")
    wait(browser, "return window.kgGraph && kgGraph.nodes().length")
    shot(browser, "event-page")  # the answer first
    overlaps = browser.execute_script(
        """
        var boxes = kgGraph.nodes().map(function (n) { return n.boundingBox({includeLabels: true}); });
        var found = [];
        for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
          var a = boxes[i], b = boxes[j];
          if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) found.push([i, j]);
        }
        return found;
        """
    )
    assert overlaps == []
    legend = browser.find_element(By.ID, "kg-legend").text
    for item in ("speaker", "organizer", "mentioned", "event", "part of the event"):
        assert item in legend
    colours = browser.execute_script(
        "return kgGraph.nodes('[role]').map(n => n.data('role') + ' ' + n.style('background-color'))"
    )
    by_role: dict[str, set[str]] = {}
    for entry in colours:
        role, colour = entry.split(" ", 1)
        by_role.setdefault(role, set()).add(colour)
    assert all(len(c) == 1 for c in by_role.values()) and len(
        {next(iter(c)) for c in by_role.values()}
    ) == len(by_role)
    browser.execute_script("document.getElementById('graph-view').scrollIntoView()")
    shot(browser, "event-graph")


def test_the_query_page_keeps_query_and_text_together_and_shows_triples(browser: Any, site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(site + "sparql.html")
    text = browser.find_element(By.ID, "kg-query-text")
    chosen = Select(browser.find_element(By.ID, "kg-query-examples"))
    assert chosen.first_selected_option.text == "who-spoke"
    assert text.get_attribute("value") == chosen.first_selected_option.get_attribute("value")
    chosen.select_by_visible_text("events")
    assert "?title ?kind ?start" in text.get_attribute("value")
    text.send_keys(" ")
    assert chosen.first_selected_option.get_attribute("data-custom") == "true"  # edited: your own query
    text.clear()
    text.send_keys("CONSTRUCT { ?p skos:prefLabel ?n } WHERE { ?p a kg:Person ; skos:prefLabel ?n }")
    browser.find_element(By.ID, "kg-query-run").click()
    rows = wait(browser, "return document.querySelectorAll('#kg-query-results tbody tr').length")
    assert rows >= 11 and "triples" in browser.find_element(By.ID, "kg-query-status").text
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#kg-query-results th")]
    assert heads == ["Subject", "Property", "Value"]
    assert "Бердибек Сапарбаев" in browser.find_element(By.ID, "kg-query-results").text
    fits = "var r = document.getElementById('kg-query-results'); return r.getBoundingClientRect().right <= document.querySelector('main').getBoundingClientRect().right + 1"
    assert browser.execute_script(fits)  # a wide answer scrolls in its box
    text.clear()
    text.send_keys(f"DESCRIBE <{site}person/saparbayev-b>")
    browser.find_element(By.ID, "kg-query-run").click()
    wait(browser, "return document.getElementById('kg-query-results').textContent.indexOf('#holds') >= 0")
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#kg-query-results th")]
    assert (
        heads == ["Subject", "Property", "Value"]
        and "triples" in browser.find_element(By.ID, "kg-query-status").text
    )


def test_review_reject_a_speaker_correct_a_capacity_and_rebuild(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By

    from kgbuild.cli import main
    from kgbuild.review import create_review_app, make_review_server

    root = tmp_path_factory.mktemp("review")
    shutil.copytree(EXAMPLE, root / "corpus")
    build([root / "corpus"], root / "out", extractor=None, validate=False)
    app = create_review_app(root / "out", who="analyst")
    server = make_review_server(app, free_port())
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}/"
    try:
        browser.get(url)  # without the token
        assert "403 Forbidden" in browser.find_element(By.TAG_NAME, "body").text
        browser.get(f"{url}?token={app.config['kgbuild.token']}")
        browser.find_element(By.CSS_SELECTOR, "a[href='/document/000_ecf5c2834d24bb97']").click()
        wait(browser, "return document.querySelectorAll('li.card').length > 50")

        def card(key: str) -> Any:
            found = browser.find_element(By.ID, f"fact-{key}")
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", found)
            return found

        from selenium.webdriver.common.keys import Keys

        name = next(
            m for m in browser.find_elements(By.CSS_SELECTOR, "#kg-text mark") if m.text == "В.Щербина"
        )
        browser.execute_script("arguments[0].focus()", name)
        name.send_keys(Keys.ENTER)  # a mark, from the keyboard, brings its facts' cards forward
        assert "selected" in (
            browser.find_element(By.ID, "fact-person:shcherbina-v").get_attribute("class") or ""
        )
        card("role:shcherbina-v/speaker").find_element(By.CSS_SELECTOR, "button[data-action=reject]").click()
        wait(browser, "return document.getElementById('fact-role:shcherbina-v/speaker').dataset.decided")
        post = card("post:tlepov-b/post")
        post.find_element(By.CSS_SELECTOR, "button[data-action=edit]").click()
        title = post.find_element(By.CSS_SELECTOR, "form.correct input[name=title]")
        title.clear()
        title.send_keys("министр информации и общественного развития")
        shot(browser, "review")
        post.find_element(By.CSS_SELECTOR, "form.correct button[type=submit]").click()
        wait(browser, "return document.getElementById('fact-post:tlepov-b/post').dataset.decided")
        assert "wait for a rebuild" in browser.find_element(By.ID, "kg-banner").text
        browser.find_element(By.ID, "kg-rebuild").click()
        wait(
            browser,
            "return document.readyState === 'complete' && !document.getElementById('fact-role:shcherbina-v/speaker')",
            60,
        )
        assert "министр информации и общественного развития" in card("post:tlepov-b/post").text
    finally:
        server.close()
    spoke = CliRunner().invoke(main, ["query", "who-spoke", "--data", str(root / "out"), "--format", "csv"])
    assert spoke.exit_code == 0 and "Щербина" not in spoke.output
    assert "Б. Тлепов,министр информации и общественного развития" in spoke.output
