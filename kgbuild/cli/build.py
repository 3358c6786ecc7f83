"""``kgbuild build``, ``extract`` and ``convert``: a graph from a corpus, or from facts files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgbuild.building.engines import ENGINES
from kgbuild.building.pipeline import build, convert_facts
from kgbuild.building.report import BuildReport
from kgbuild.cli.common import (
    base_option,
    errors,
    out_option,
    progress_bar,
    validate_option,
    verbose_option,
)
from kgbuild.corpus import read_corpus
from kgbuild.factsfile import dumps


def _report(result: BuildReport, *, verbose: bool) -> None:
    for problem in result.problems:
        click.echo(f"Warning: {problem}", err=True)
    click.echo(result.summary())
    if verbose and result.stages():
        click.echo(result.stages())


@click.command("build")
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
@verbose_option
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
    verbose: bool,
) -> None:
    """Build the graph of CORPUS (folders, files, glob patterns) into OUT.

    Documents are .txt, .md and .html files and the lines of .jsonl files ({"text": …, "title",
    "url", "published", "language", "id"}); *.facts.jsonl files are curated facts. Writes
    OUT/graph.trig and OUT/graph.nq (one named graph per document), OUT/store, OUT/facts/,
    OUT/merges.jsonl and OUT/build.json (with the seconds of each stage; -v prints them). Facts
    of unchanged documents come from OUT/cache; when nothing changed, OUT is left as it is.
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
    _report(result, verbose=verbose)


@click.command("extract")
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


@click.command("convert")
@click.argument(
    "facts", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@out_option
@base_option
@validate_option
@verbose_option
def convert_cmd(facts: tuple[Path, ...], out: Path, base: str, validate: bool, verbose: bool) -> None:
    """Convert facts files (JSON Lines, with character offsets) into a graph in OUT."""
    with errors():
        result = convert_facts(list(facts), out, base=base, validate=validate)
    _report(result, verbose=verbose)
