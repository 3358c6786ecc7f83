"""``kgbuild query`` and ``stats``: saved queries on a build or at an endpoint, and a graph's size."""

from __future__ import annotations

from pathlib import Path

import click

from kgbuild.api import prefixes_of
from kgbuild.api import query as run_query
from kgbuild.cli.common import CommandError, endpoint_options, errors
from kgbuild.queries.results import FORMATS, render
from kgbuild.queries.saved import get_query, saved_queries
from kgbuild.stores.embedded import open_store
from kgbuild.stores.remote import Endpoint


def _params(values: tuple[str, ...]) -> dict[str, str | list[str]]:
    """``--param name=value`` options by name: a name given several times keeps every value."""
    given: dict[str, list[str]] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise CommandError(f"--param takes name=value, got {value!r}")
        given.setdefault(name.strip(), []).append(text)
    return {name: texts[0] if len(texts) == 1 else texts for name, texts in given.items()}


@click.command("query")
@click.argument("name", required=False)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="A build output folder or RDF file (.ttl .trig .nq .nt .jsonld); repeatable.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a declared parameter: IRIs whole or prefixed as results print them (kg:roleSpeaker, "
    ":person/x); repeat a name to bind several values.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--endpoint", metavar="URL", help="Run at this SPARQL 1.1 endpoint instead of on --data.")
@endpoint_options
@click.option("--list", "list_", is_flag=True, help="List the saved queries and their parameters.")
@click.option(
    "--show", is_flag=True, help="Print the query text (with its PREFIX lines) instead of running it."
)
@click.option("--columns", metavar="A,B,…", help="Only these columns, in this order (default: all).")
@click.option("--max-width", default=40, show_default=True, help="Cut table cells to this width (0: never).")
def query_cmd(
    name: str | None,
    data: tuple[Path, ...],
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    user: str | None,
    password: str | None,
    timeout: float,
    list_: bool,
    show: bool,
    columns: str | None,
    max_width: int,
) -> None:
    """Run the saved query NAME on the graph(s) given with --data, or at a SPARQL --endpoint.

    Remote results are read page by page (LIMIT/OFFSET), so a store that caps result sizes
    silently loses no rows.
    """
    with errors():
        if list_ or not name:
            if not list_:
                raise CommandError("give a query NAME (kgbuild query --list shows them)")
            _list_queries()
            return
        query = get_query(name)
        if show:
            click.echo(query.text(), nl=False)
            return
        if endpoint and data:
            raise CommandError("give either --data or --endpoint, not both")
        if not endpoint and not data:
            raise CommandError(
                "give the graph to query with --data OUT (a build output folder or RDF file) "
                "or --endpoint URL"
            )
        remote = Endpoint(endpoint, user=user, password=password, timeout=timeout) if endpoint else None
        result = run_query(name, data=data, endpoint=remote, params=_params(params))
        if columns:
            result = result.project([c.strip() for c in columns.split(",") if c.strip()])
        prefixes = prefixes_of(data)
        click.echo(render(result, fmt, prefixes=prefixes, max_width=max_width), nl=False)


def _list_queries() -> None:
    for group, queries in (
        ("Saved queries", saved_queries()),
        ("Quality checks (must return no rows)", saved_queries(checks=True)),
    ):
        click.echo(f"{group}:")
        for q in queries.values():
            click.echo(f"  {q.name:<32} {q.summary}")
            for p in q.params:
                need = "required" if p.required else "optional"
                click.echo(f"      --param {p.name}=<{p.type}>  ({need}) {p.description}")


@click.command("stats")
@click.argument("out", type=click.Path(exists=True, path_type=Path))
def stats_cmd(out: Path) -> None:
    """Print the size of the graph in OUT: quads, graphs, nodes by class, roles by type.

    OUT is a build output folder (kgbuild build CORPUS -o OUT). The ontology is not counted.
    """
    from kgbuild.queries.stats import stats  # noqa: PLC0415 (keep start-up of the other commands fast)

    with errors():
        click.echo(stats(open_store([out])).render(), nl=False)
