"""The ``kgbuild`` command line: a thin click layer over the library.

Exit codes: 0 success (conforms, consistent); 1 the check found problems (SHACL violations, an
inconsistent graph); 2 an error (bad input, unknown query, unreadable file).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from kgbuild.__about__ import __version__
from kgbuild.api import query as run_query
from kgbuild.building.engines import ENGINES
from kgbuild.building.pipeline import build, convert_facts
from kgbuild.building.report import BuildReport
from kgbuild.corpus import read_corpus
from kgbuild.errors import KgbuildError
from kgbuild.factsfile import dumps
from kgbuild.iris import DEFAULT_BASE
from kgbuild.ontology.vocab import PREFIXES
from kgbuild.outdir.layout import read_manifest
from kgbuild.outdir.output import load_dataset, union
from kgbuild.queries.results import FORMATS, render
from kgbuild.queries.saved import get_query, saved_queries
from kgbuild.stores.embedded import open_store
from kgbuild.stores.export import FORMATS as EXPORT_FORMATS
from kgbuild.stores.export import export
from kgbuild.stores.remote import Endpoint
from kgbuild.validation.shacl import validate_graph

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class CommandError(click.ClickException):
    """A user-facing error: printed as 'Error: …', exit code 2."""

    exit_code = 2


@contextmanager
def errors() -> Iterator[None]:
    """Turn library errors into CLI errors (exit code 2)."""
    try:
        yield
    except KgbuildError as err:
        raise CommandError(str(err)) from err
    except FileNotFoundError as err:
        raise CommandError(f"{err.filename or err}: no such file or folder") from err


def progress_bar(items: Iterable[T], label: str, count: int) -> Iterable[T]:
    """A click progress bar on stderr (shown only on a terminal)."""
    if count < 2 or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, length=count, label=label, file=sys.stderr) as bar:
        yield from bar


def base_option(fn: F) -> F:
    return click.option(
        "--base",
        default=DEFAULT_BASE,
        show_default=True,
        metavar="IRI",
        help="Base IRI under which entity IRIs are minted (must end in '/' or '#').",
    )(fn)


def validate_option(fn: F) -> F:
    return click.option(
        "--validate/--no-validate",
        default=True,
        show_default=True,
        help="Run SHACL validation on the result and print a summary.",
    )(fn)


def out_option(fn: F) -> F:
    return click.option(
        "-o",
        "--out",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Output folder (created, or replaced if it holds an earlier build).",
    )(fn)


def _report(result: BuildReport) -> None:
    for problem in result.problems:
        click.echo(f"Warning: {problem}", err=True)
    click.echo(result.summary())


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kgbuild")
def main() -> None:
    """kgbuild: build a clean, queryable RDF knowledge graph from news reports about events.

    Typical use: kgbuild build CORPUS -o OUT, then kgbuild query who-spoke --data OUT.
    """


@main.command("build")
@click.argument("corpus", nargs=-1, required=True)
@out_option
@base_option
@click.option(
    "--extractor",
    default="news",
    show_default=True,
    help="How facts are read from the texts: 'news' (built in), a plug-in's name, or 'none' "
    "(curated facts only).",
)
@click.option(
    "--curated/--no-curated",
    default=True,
    show_default=True,
    help="Merge curated *.facts.jsonl files found in the corpus (curated facts win on conflict).",
)
@validate_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Extract and validate in this many processes (for a local Dask cluster: its workers).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where extraction runs: this machine, or a Dask cluster.",
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="The Dask scheduler (tcp://host:8786); default: a local cluster."
)
def build_cmd(
    corpus: tuple[str, ...],
    out: Path,
    base: str,
    extractor: str,
    curated: bool,
    validate: bool,
    jobs: int,
    engine: str,
    scheduler: str | None,
) -> None:
    """Build the graph of CORPUS (folders, files, glob patterns) into OUT.

    Documents are .txt, .md and .html files and the lines of .jsonl files ({"text": …, "title",
    "url", "published", "language", "id"}); *.facts.jsonl files are curated facts. Writes
    OUT/graph.trig and OUT/graph.nq (one named graph per document), OUT/store, OUT/facts/,
    OUT/merges.jsonl and OUT/build.json. Facts of unchanged documents come from OUT/cache; when
    nothing changed, OUT is left as it is.
    """
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler is for --engine dask")
    with errors():
        result = build(
            list(corpus),
            out,
            base=base,
            curated=curated,
            validate=validate,
            extractor=None if extractor == "none" else extractor,
            progress=progress_bar,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
        )
    _report(result)


@main.command("extract")
@click.argument("documents", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--show",
    is_flag=True,
    help="Print each text with its facts highlighted, then the facts, for tuning rules.",
)
@click.option("--extractor", default="news", show_default=True, help="The extractor to use.")
def extract_cmd(documents: tuple[Path, ...], show: bool, extractor: str) -> None:
    """Extract the facts of DOCUMENTS (files or folders: .txt, .md, .html, .jsonl) and print them
    as a facts file (JSON Lines).

    With --show, print each text with the names found marked and the facts listed below it.
    The JSON Lines output can be edited and kept as a curated *.facts.jsonl file.
    """
    from kgbuild.extract import get_extractor  # noqa: PLC0415 (loads the NLP models)
    from kgbuild.extract.show import colour, plain, render  # noqa: PLC0415

    with errors():
        chosen = get_extractor(extractor)
        found = read_corpus(list(documents))
        for source in found.read():
            facts = chosen.extract(source)
            if show:
                click.echo(render(source.text, facts, colour if sys.stdout.isatty() else plain))
            else:
                click.echo(dumps([facts]), nl=False)
        for problem in found.problems:
            click.echo(f"Warning: {problem}", err=True)


@main.command("convert")
@click.argument(
    "facts", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@out_option
@base_option
@validate_option
def convert_cmd(facts: tuple[Path, ...], out: Path, base: str, validate: bool) -> None:
    """Convert facts files (JSON Lines, with character offsets) into a graph in OUT."""
    with errors():
        result = convert_facts(list(facts), out, base=base, validate=validate)
    _report(result)


@main.command("validate")
@click.argument("out", type=click.Path(exists=True, path_type=Path))
def validate_cmd(out: Path) -> None:
    """Validate the graph in OUT against the SHACL shapes.

    Exit code 0 when it conforms, 1 when there are violations, 2 on error.
    """
    with errors():
        report = validate_graph(union(load_dataset(out)))
    click.echo(report.render(), nl=False)
    sys.exit(0 if report.conforms else 1)


@main.command("reason")
@click.argument("out", type=click.Path(exists=True, path_type=Path))
def reason_cmd(out: Path) -> None:
    """Check the graph in OUT for consistency with the ontology (owlready2 + HermiT).

    Exit code 0 when consistent, 1 when inconsistent (culprits named), 2 on error.
    """
    from kgbuild.validation.reason import reason  # noqa: PLC0415 (owlready2 is slow to import; only this command needs it)

    with errors():
        report = reason(union(load_dataset(out)))
    click.echo(report.render(), nl=False)
    sys.exit(0 if report.consistent and not report.unsatisfiable_classes else 1)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    given: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise CommandError(f"--param takes name=value, got {value!r}")
        given[name.strip()] = text
    return given


def endpoint_options(fn: F) -> F:
    options = [
        click.option("--user", help="User name, when the endpoint asks for one."),
        click.option("--password", envvar="KGBUILD_PASSWORD", help="Password (or set KGBUILD_PASSWORD)."),
        click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for each request."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@main.command("query")
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
    help="Bind a declared parameter (IRIs absolute or prefixed, e.g. kg:roleSpeaker); repeatable.",
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
        prefixes = {**PREFIXES, **_bases(data)}
        click.echo(render(result, fmt, prefixes=prefixes, max_width=max_width), nl=False)


def _bases(data: tuple[Path, ...]) -> dict[str, str]:
    for path in data:
        if path.is_dir():
            return {"": str(read_manifest(path).get("base", DEFAULT_BASE))}
    return {}


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


@main.command("push")
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


@main.command("export")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="trig", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
def export_cmd(out: Path, fmt: str, output: Path | None) -> None:
    """Write the graph in OUT as Turtle, TriG, N-Quads, N-Triples, JSON-LD or RDF/XML.

    TriG and N-Quads keep one named graph per document; the others hold their union. JSON-LD is
    compacted with kgbuild's published context.
    """
    with errors():
        text = export(out, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


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
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@main.command("serve")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@site_options
@click.option("--query-timeout", default=10.0, show_default=True, help="Seconds a SPARQL query may run.")
@click.option(
    "--result-cap", default=10_000, show_default=True, help="Rows (or triples) a SPARQL answer may hold."
)
def serve_cmd(
    out: Path,
    host: str,
    port: int,
    title: str | None,
    description: str | None,
    license_: str,
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
    from kgbuild.web.server import create_app, serve  # noqa: PLC0415

    with errors():
        base = str(read_manifest(out)["base"])
        app = create_app(
            out,
            options=SiteOptions(title, description, license_),
            timeout=query_timeout,
            cap=result_cap,
        )
    here = f"http://{host}:{port}/"
    click.echo(f"Serving {out} at {here} (SPARQL: {here}sparql); Ctrl+C stops.", err=True)
    if base != here:
        click.echo(
            f"Note: the IRIs of this build are under {base}; here they are at {here}<path>. "
            f"Build with --base {here} for IRIs that dereference on this server.",
            err=True,
        )
    try:
        serve(app, host, port)
    finally:
        app.config["kgbuild.endpoint"].close()


@main.command("publish")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--site", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write."
)
@click.option("--base", metavar="URL", help="Where the site will be served (default: the build's base).")
@site_options
@click.option(
    "--sparql-endpoint", metavar="URL", help="A SPARQL endpoint holding the same graph (e.g. after push)."
)
def publish_cmd(
    out: Path,
    site: Path,
    base: str | None,
    title: str | None,
    description: str | None,
    license_: str,
    sparql_endpoint: str | None,
) -> None:
    """Write the graph in OUT as a static linked-data site into --site.

    Every resource gets a page and Turtle, JSON-LD, N-Triples and RDF/XML documents; the site also
    holds the dataset's VoID and DCAT description, the ontology's documentation, dumps, a sitemap,
    and server configuration for content negotiation (.htaccess for Apache, server/nginx.conf).
    With --base other than the build's base, every IRI is moved under it.
    """
    from kgbuild.web.publish import publish  # noqa: PLC0415
    from kgbuild.web.publisher import SiteOptions  # noqa: PLC0415

    with errors():
        report = publish(
            out,
            site,
            base=base,
            options=SiteOptions(title, description, license_, sparql_endpoint),
            progress=progress_bar,
        )
    click.echo(report.summary())


@main.command("stats")
@click.argument("out", type=click.Path(exists=True, path_type=Path))
def stats_cmd(out: Path) -> None:
    """Print the size of the graph in OUT: quads, graphs, nodes by class, roles by type.

    OUT is a build output folder (kgbuild build CORPUS -o OUT). The ontology is not counted.
    """
    from kgbuild.queries.stats import stats  # noqa: PLC0415 (keep start-up of the other commands fast)

    with errors():
        click.echo(stats(open_store([out])).render(), nl=False)
