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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kgbuild.building.pipeline import build
from kgbuild.web.server import create_app, make_server
from tests.conftest import EXAMPLE, ROOT
from tests.services import free_port, missing

pytestmark = [pytest.mark.slow, pytest.mark.service]
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
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
    assert "аким Жамбылской области" in roles and "спикер" in roles
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
    assert "400" in status and "not valid SPARQL" in status


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
