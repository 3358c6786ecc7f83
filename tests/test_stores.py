"""Pushing to real triple stores (Oxigraph server, Virtuoso 7) and querying them.

Each store is started once per module on free loopback ports. Virtuoso runs with its result cap
set to 5 rows, so every remote query that returns more is read across a real silent cap.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kgbuild.api import query as run_query
from kgbuild.building.pipeline import build
from kgbuild.cli import main
from kgbuild.errors import KgbuildError, QueryError
from kgbuild.ontology.vocab import ONTOLOGY_IRI
from kgbuild.queries.saved import bind, get_query, saved_queries
from kgbuild.stores.embedded import open_store, select
from kgbuild.stores.push import local_graphs, push
from kgbuild.stores.remote import Endpoint, EndpointError, remote_select, union_dataset
from tests.conftest import EXAMPLE
from tests.services import VIRTUOSO_MAX_ROWS, Server, oxigraph, virtuoso

pytestmark = [pytest.mark.slow, pytest.mark.service]
BASE = "https://example.org/kg/"
PARAMS = {
    "provenance": {"iri": f"{BASE}person/saparbayev-b"},
    "evidence": {"document": f"{BASE}document/001_bf77756acbf7d79d"},
}


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    start = oxigraph if request.param == "oxigraph" else virtuoso
    with start(tmp_path_factory.mktemp(request.param)) as running:
        yield running


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """v1: the example; v2: its first report edited and its second removed."""
    root = tmp_path_factory.mktemp("builds")
    build([EXAMPLE], root / "v1", curated=False, validate=False)
    corpus = root / "corpus2"
    corpus.mkdir()
    text = (EXAMPLE / "000_ecf5c2834d24bb97.txt").read_text(encoding="utf-8")
    (corpus / "000_ecf5c2834d24bb97.txt").write_text(
        text.replace("А.Куантыров,", "А.Куантыров, Вице-министр финансов Д. Смаилов,"), encoding="utf-8"
    )
    build([corpus], root / "v2", curated=False, validate=False)
    return {"v1": root / "v1", "v2": root / "v2"}


def endpoint(server: Server, **kwargs: object) -> Endpoint:
    return Endpoint(server.query, update_url=server.update, retries=1, **kwargs)  # type: ignore[arg-type]


def counts(ep: Endpoint) -> dict[str, int]:
    """Triples per graph of ours in the store."""
    result = remote_select(ep, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {
        str(g): int(str(n))
        for g, n in result.rows
        if str(g).startswith((BASE, ONTOLOGY_IRI)) and "#kgbuild-staging" not in str(g)
    }


def expected_counts(out: Path) -> dict[str, int]:
    graphs = {iri: len(g.ntriples) for iri, g in local_graphs(out).items()}
    return {**graphs, f"{BASE}graph/kgbuild-push-state": len(graphs)}


def rows(result: object) -> list[tuple[str, ...]]:
    return sorted(tuple("" if t is None else str(t) for t in row) for row in result.rows)  # type: ignore[attr-defined]


def test_every_saved_query_gives_the_same_rows_over_the_endpoint(
    server: Server, builds: dict[str, Path]
) -> None:
    ep = endpoint(server)
    push(builds["v1"], ep)
    local = open_store([builds["v1"]])
    longest = 0
    for name, query in {**saved_queries(), **saved_queries(checks=True)}.items():
        bindings = bind(query, PARAMS.get(name, {}))
        expected = rows(select(local, query.body, bindings))
        assert rows(remote_select(ep, query.body, bindings)) == expected, name
        longest = max(longest, len(expected))
    assert longest > 2 * VIRTUOSO_MAX_ROWS  # so Virtuoso's cap is met, and paged past, more than once


def test_pushing_twice_leaves_the_same_quads(server: Server, builds: dict[str, Path]) -> None:
    ep = endpoint(server)
    push(builds["v1"], ep)
    before = counts(ep)
    report = push(builds["v1"], ep)
    assert report.pushed == [] and len(report.skipped) == len(local_graphs(builds["v1"]))
    assert counts(ep) == before == expected_counts(builds["v1"])


def test_an_incremental_push_replaces_changed_graphs_and_drops_removed_ones(
    server: Server, builds: dict[str, Path]
) -> None:
    ep = endpoint(server)
    push(builds["v1"], ep)
    report = push(builds["v2"], ep)
    assert f"{BASE}graph/000_ecf5c2834d24bb97" in report.pushed and ONTOLOGY_IRI in report.skipped
    assert report.dropped == [f"{BASE}graph/001_bf77756acbf7d79d"]
    assert counts(ep) == expected_counts(builds["v2"])
    push(builds["v1"], ep)
    assert counts(ep) == expected_counts(builds["v1"])


def test_an_interrupted_push_leaves_every_graph_whole_and_resumes(
    server: Server, builds: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ep = endpoint(server)
    push(builds["v1"], ep)
    old, new = expected_counts(builds["v1"]), expected_counts(builds["v2"])
    calls = {"n": 0}
    real_update = Endpoint.update

    def failing(self: Endpoint, text: str) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # mid-way through loading the first changed graph
            raise KgbuildError("the network went away")
        real_update(self, text)

    monkeypatch.setattr(Endpoint, "update", failing)
    with pytest.raises(KgbuildError, match="network"):
        push(builds["v2"], ep, batch=100)
    monkeypatch.setattr(Endpoint, "update", real_update)
    for graph, n in counts(ep).items():
        assert n in (old.get(graph), new.get(graph)), f"{graph} is neither the old nor the new version"
    push(builds["v2"], ep)
    assert counts(ep) == new
    push(builds["v1"], ep)


def start_push(server: Server, out: Path) -> subprocess.Popen[str]:
    """``kgbuild push`` in a process of its own, one triple per request, so it takes a while."""
    command = [sys.executable, "-m", "kgbuild", "push", str(out), "--endpoint", server.query]
    command += ["--update-endpoint", server.update, "--batch", "1", "--timeout", "5"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until_staging(ep: Endpoint, process: subprocess.Popen[str]) -> None:
    """Return once the push has begun writing a staging graph (it is then mid-way)."""
    staging = (
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '#kgbuild-staging')) } LIMIT 1"
    )
    deadline = time.monotonic() + 60
    while not remote_select(ep, staging).rows:
        assert process.poll() is None, "the push ended before it was interrupted"
        assert time.monotonic() < deadline, "the push never began"
        time.sleep(0.05)


def assert_whole(ep: Endpoint, old: dict[str, int], new: dict[str, int]) -> None:
    for graph, n in counts(ep).items():
        assert n in (old.get(graph), new.get(graph)), f"{graph} is neither the old nor the new version"
    assert len(remote_select(ep, get_query("who-spoke").body).rows) > 0


def test_a_killed_push_process_leaves_the_old_graphs(server: Server, builds: dict[str, Path]) -> None:
    ep = endpoint(server)
    push(builds["v1"], ep)
    old, new = expected_counts(builds["v1"]), expected_counts(builds["v2"])
    process = start_push(server, builds["v2"])
    wait_until_staging(ep, process)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert_whole(ep, old, new)
    push(builds["v2"], ep)  # resumes
    assert counts(ep) == new
    push(builds["v1"], ep)
    assert counts(ep) == old


def test_a_push_through_the_graph_store_protocol(server: Server, builds: dict[str, Path]) -> None:
    ep = Endpoint(server.query, update_url=server.update, graph_store_url=server.graph_store, retries=1)
    push(builds["v2"], ep)
    assert counts(ep) == expected_counts(builds["v2"])
    push(builds["v1"], ep)
    assert counts(ep) == expected_counts(builds["v1"])


def test_the_cli_pushes_and_queries_a_store(server: Server, builds: dict[str, Path]) -> None:
    runner = CliRunner()
    pushed = runner.invoke(
        main, ["push", str(builds["v1"]), "--endpoint", server.query, "--update-endpoint", server.update]
    )
    assert pushed.exit_code == 0 and "unchanged" in pushed.output
    remote = runner.invoke(main, ["query", "who-spoke", "--endpoint", server.query, "--format", "csv"])
    local = runner.invoke(main, ["query", "who-spoke", "--data", str(builds["v1"]), "--format", "csv"])
    assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())


@pytest.mark.parametrize("server", ["virtuoso"], indirect=True)  # Oxigraph's server has no accounts
def test_wrong_credentials_are_an_error_that_changes_nothing(server: Server, builds: dict[str, Path]) -> None:
    assert server.auth_query is not None
    before = counts(endpoint(server))
    result = CliRunner().invoke(
        main,
        ["push", str(builds["v2"]), "--endpoint", server.auth_query, "--user", "dba", "--password", "wrong"],
    )
    assert (
        result.exit_code == 2 and "401 Unauthorized" in result.output and server.auth_query in result.output
    )
    assert counts(endpoint(server)) == before


@pytest.mark.parametrize("server", ["virtuoso"], indirect=True)
def test_a_push_with_digest_credentials(server: Server, builds: dict[str, Path]) -> None:
    assert server.auth_query is not None and server.auth_graph_store is not None
    pushed = CliRunner().invoke(
        main,
        ["push", str(builds["v2"]), "--endpoint", server.auth_query, "--user", "dba"],
        env={"KGBUILD_PASSWORD": "dba"},
    )
    assert pushed.exit_code == 0, pushed.output
    assert counts(endpoint(server)) == expected_counts(builds["v2"])
    authed = Endpoint(server.auth_query, graph_store_url=server.auth_graph_store, user="dba", password="dba")
    push(builds["v1"], authed)  # through the authenticated Graph Store endpoint
    assert counts(endpoint(server)) == expected_counts(builds["v1"])
    assert len(remote_select(authed, get_query("events").body).rows) == 1


def test_an_unreachable_endpoint_is_named_in_the_error(tmp_path: Path, builds: dict[str, Path]) -> None:
    with pytest.raises(KgbuildError, match=r"127\.0\.0\.1:9.*cannot connect"):
        push(builds["v1"], Endpoint("http://127.0.0.1:9/sparql", retries=0, timeout=5))


def test_parameters_are_bound_as_terms_over_the_wire(server: Server, builds: dict[str, Path]) -> None:
    ep = endpoint(server)
    push(builds["v1"], ep)
    who = get_query("positions")
    one = remote_select(ep, who.body, {"person": URIRef(f"{BASE}person/tlepov-b")})
    assert {str(r[1]) for r in one.rows} == {"Б. Тлепов"}
    with pytest.raises(QueryError, match="not a valid IRI"):
        remote_select(ep, who.body, {"person": URIRef(f"{BASE}person/x> }} ; DROP ALL ; SELECT * {{ <y")})
    assert counts(ep) == expected_counts(builds["v1"])


def test_stopping_the_server_mid_way_loses_no_graph(tmp_path: Path, builds: dict[str, Path]) -> None:
    old, new = expected_counts(builds["v1"]), expected_counts(builds["v2"])
    with oxigraph(tmp_path) as first:
        push(builds["v1"], endpoint(first))
        process = start_push(first, builds["v2"])
        wait_until_staging(endpoint(first), process)
        first.stop()
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2 and "cannot connect" in stderr and first.update in stderr
    with oxigraph(tmp_path) as again:  # the same database, restarted
        assert_whole(endpoint(again), old, new)
        push(builds["v2"], endpoint(again))
        assert counts(endpoint(again)) == new


def test_a_store_whose_default_graph_is_its_own_gives_the_same_rows(
    tmp_path: Path, builds: dict[str, Path]
) -> None:
    """A plain ``oxigraph serve`` (as Fuseki by default): its default graph is not the union of the
    named graphs. After a push, every saved query gives the rows it gives locally."""
    with oxigraph(tmp_path, union=False) as plain:
        ep = endpoint(plain)
        with pytest.raises(EndpointError, match="holds no triples; push a build"):
            run_query("events", endpoint=ep)
        push(builds["v1"], ep)
        assert remote_select(ep, get_query("who-spoke").body).rows == ()  # as the store answers it
        graphs = union_dataset(ep)
        assert f"{BASE}graph/entities" in graphs and ONTOLOGY_IRI in graphs
        assert not any("kgbuild-push-state" in g or "staging" in g for g in graphs)
        for name in {**saved_queries(), **saved_queries(checks=True)}:
            params = PARAMS.get(name, {})
            local = rows(run_query(name, data=[builds["v1"]], params=params))
            assert rows(run_query(name, endpoint=ep, params=params)) == local, name
        runner = CliRunner()
        remote = runner.invoke(main, ["query", "who-spoke", "--endpoint", plain.query, "--format", "csv"])
        local_csv = runner.invoke(
            main, ["query", "who-spoke", "--data", str(builds["v1"]), "--format", "csv"]
        )
        assert remote.exit_code == 0 and len(remote.output.splitlines()) > 5
        assert sorted(remote.output.splitlines()) == sorted(local_csv.output.splitlines())


def test_a_store_that_ignores_the_dataset_parameters_is_an_error_that_says_what_to_do(
    tmp_path: Path, builds: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Endpoint.ask_rows
    monkeypatch.setattr(Endpoint, "ask_rows", lambda self, text, dataset=(): real(self, text))
    with oxigraph(tmp_path, union=False) as plain:
        push(builds["v1"], endpoint(plain))
        result = CliRunner().invoke(main, ["query", "who-spoke", "--endpoint", plain.query])
    assert result.exit_code == 2 and "is not the union of its named graphs" in result.output
    assert "oxigraph serve --union-default-graph" in result.output and "(0 rows)" not in result.output
