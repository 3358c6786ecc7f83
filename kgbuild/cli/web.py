"""``kgbuild serve`` and ``publish``: a build as linked data, served or written as a static site."""

from __future__ import annotations

from pathlib import Path

import click

from kgbuild.cli.common import CommandError, F, errors, http_url, progress_bar
from kgbuild.outdir.layout import read_manifest

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def site_options(fn: F) -> F:
    options = [
        click.option("--title", help="The dataset's title (default: from the number of documents)."),
        click.option("--description", help="The dataset's description."),
        click.option(
            "--license",
            "license_",
            default=DEFAULT_LICENSE,
            show_default=True,
            metavar="IRI",
            help="The data's licence, stated in DCAT and on every page.",
        ),
        click.option(
            "--publisher",
            metavar="NAME",
            help="Who publishes the data, in DCAT (default: the host of the site's base).",
        ),
        click.option(
            "--contact",
            metavar="EMAIL|URL",
            help="Whom to write to about the data, in DCAT (default: the site's index page).",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@click.command("serve")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on."
)
@site_options
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds a SPARQL query may run.",
)
@click.option(
    "--result-cap",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows (or triples) a SPARQL answer may hold.",
)
def serve_cmd(
    out: Path,
    host: str,
    port: int,
    title: str | None,
    description: str | None,
    license_: str,
    publisher: str | None,
    contact: str | None,
    query_timeout: float,
    result_cap: int,
) -> None:
    """Serve the graph in OUT as linked data, with a read-only SPARQL endpoint.

    Resource IRIs dereference with content negotiation (HTML, Turtle, JSON-LD, N-Triples, RDF/XML;
    or ?format=) when the build's base is this server's address: build with
    --base http://HOST:PORT/. The endpoint is at /sparql, its query page at /sparql.html, the
    dataset's description at /.well-known/void.
    """
    from kgbuild.web.publisher import SiteOptions  # noqa: PLC0415 (the web stack loads only here)
    from kgbuild.web.server import create_app, make_server  # noqa: PLC0415

    with errors():
        base = str(read_manifest(out)["base"])
        app = create_app(
            out,
            options=SiteOptions(title, description, license_, publisher=publisher, contact=contact),
            timeout=query_timeout,
            cap=result_cap,
        )
    try:
        try:
            server = make_server(app, host, port)  # listening from here: announced only once it is
        except OSError as err:
            raise CommandError(
                f"cannot listen on {host}:{port}: {err.strerror or err} (is another server using "
                "this port? choose another with --port)"
            ) from err
        here = f"http://{host}:{port}/"
        click.echo(f"Serving {out} at {here} (SPARQL: {here}sparql); Ctrl+C stops.", err=True)
        if base != here:
            click.echo(
                f"Note: the IRIs of this build are under {base}; here they are at {here}<path>. "
                f"Build with --base {here} for IRIs that dereference on this server.",
                err=True,
            )
        server.run()  # until Ctrl+C, which waitress catches and then returns
        raise KeyboardInterrupt  # so the exit code says it: 130
    finally:
        app.config["kgbuild.endpoint"].close()


@click.command("publish")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--site", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write."
)
@click.option("--base", metavar="URL", help="Where the site will be served (default: the build's base).")
@site_options
@click.option(
    "--sparql-endpoint",
    metavar="URL",
    callback=http_url,
    help="A SPARQL endpoint holding the same graph (e.g. after push): an http:// or https:// URL.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "ru"]),
    default="en",
    show_default=True,
    help="The language of the pages' interface and of the ontology's labels.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a non-empty folder that is not a site kgbuild published, keeping its files "
    "(a file the site would overwrite stops the publish).",
)
def publish_cmd(
    out: Path,
    site: Path,
    base: str | None,
    title: str | None,
    description: str | None,
    license_: str,
    publisher: str | None,
    contact: str | None,
    sparql_endpoint: str | None,
    lang: str,
    force: bool,
) -> None:
    """Write the graph in OUT as a static linked-data site into --site.

    Every resource gets a page and Turtle, JSON-LD, N-Triples and RDF/XML documents; the site also
    holds the dataset's VoID and DCAT description, the ontology's documentation, dumps, a sitemap,
    and server configuration for content negotiation (.htaccess for Apache, server/nginx.conf).
    With --base other than the build's base, every IRI is moved under it. --site must be a new or
    empty folder or a site kgbuild published (its .kgbuild-site.json lists the files it wrote:
    publishing again replaces those and keeps any other); kgbuild never deletes or overwrites a
    file it did not write.
    """
    from kgbuild.web.publish import publish  # noqa: PLC0415
    from kgbuild.web.publisher import SiteOptions  # noqa: PLC0415

    with errors():
        report = publish(
            out,
            site,
            base=base,
            options=SiteOptions(
                title, description, license_, sparql_endpoint, publisher=publisher, contact=contact, lang=lang
            ),
            progress=progress_bar,
            force=force,
        )
    click.echo(report.summary())
