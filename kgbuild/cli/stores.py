"""``kgbuild push`` and ``export``: a build into a triple store, or into the RDF formats."""

from __future__ import annotations

from pathlib import Path

import click

from kgbuild.cli.common import endpoint_options, errors, http_url, progress_bar
from kgbuild.stores.export import FORMATS as EXPORT_FORMATS
from kgbuild.stores.export import export
from kgbuild.stores.remote import Endpoint


@click.command("push")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--endpoint", required=True, metavar="URL", help="The store's SPARQL query endpoint.")
@click.option("--update-endpoint", metavar="URL", help="Its SPARQL Update endpoint (default: --endpoint).")
@click.option("--graph-store", metavar="URL", help="Its Graph Store HTTP Protocol endpoint, used when given.")
@endpoint_options
@click.option("--batch", default=1000, show_default=True, help="Triples per INSERT DATA request.")
def push_cmd(
    out: Path,
    endpoint: str,
    update_endpoint: str | None,
    graph_store: str | None,
    user: str | None,
    password: str | None,
    timeout: float,
    batch: int,
) -> None:
    """Push the graph in OUT to a triple store: one named graph per document, plus the ontology.

    Each graph is loaded beside the old one and moved over it in one request, so readers never see
    it half-written. Unchanged graphs are skipped, graphs of removed documents dropped; an
    interrupted push continues where it stopped when run again. Exit code 2 on any error.
    """
    from kgbuild.stores.push import push  # noqa: PLC0415 (only this command needs it)

    remote = Endpoint(
        endpoint,
        update_url=update_endpoint,
        graph_store_url=graph_store,
        user=user,
        password=password,
        timeout=timeout,
    )
    with errors():
        report = push(out, remote, batch=batch, progress=progress_bar)
    click.echo(report.summary(endpoint))


@click.command("export")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="trig", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@click.option(
    "--context-url",
    metavar="URL",
    callback=http_url,
    help="JSON-LD: refer to the context at URL (a site kgbuild publish wrote serves it at "
    "BASE/context.jsonld) instead of embedding it; a reader then has to fetch it.",
)
def export_cmd(out: Path, fmt: str, output: Path | None, context_url: str | None) -> None:
    """Write the graph in OUT as Turtle, TriG, N-Quads, N-Triples, JSON-LD or RDF/XML.

    TriG and N-Quads keep one named graph per document; the others hold their union. JSON-LD is
    compacted with kgbuild's context, embedded (the file reads offline) unless --context-url.
    """
    if context_url and fmt != "jsonld":
        raise click.UsageError("--context-url is for --format jsonld")
    with errors():
        text = export(out, fmt, context_url=context_url)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
