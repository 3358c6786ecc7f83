"""``kgbuild build``, ``extract`` and ``convert``: a graph from a corpus, or from facts files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgbuild.building.engines import ENGINES, text_warnings
from kgbuild.building.pipeline import build, convert_facts, require_documents
from kgbuild.building.report import BuildReport
from kgbuild.cli.common import (
    F,
    base_option,
    errors,
    max_chars_option,
    out_option,
    progress_bar,
    validate_option,
)
from kgbuild.corpus import read_corpus
from kgbuild.factsfile import dumps


def _report(result: BuildReport, *, strict: bool = False) -> None:
    """Print the warnings and the summary; with ``strict``, exit with 1 when validation found
    violations."""
    for problem in result.problems:
        click.echo(f"Warning: {problem}", err=True)
    click.echo(result.summary())
    if strict and result.violations:
        sys.exit(1)


def strict_option(fn: F) -> F:
    return click.option(
        "--strict",
        is_flag=True,
        help="Exit with code 1 when validation finds violations (the output is written all the same); "
        "without it the build exits 0 and reports them.",
    )(fn)


def _check_strict(strict: bool, validate: bool) -> None:
    if strict and not validate:
        raise click.UsageError("--strict needs validation: drop --no-validate")


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
@max_chars_option
@strict_option
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
    max_chars: int,
    strict: bool,
) -> None:
    """Build the graph of CORPUS (folders, files, glob patterns) into OUT.

    Documents are .txt, .md and .html files and the lines of .jsonl files ({"text": …, "title",
    "url", "published", "language", "id"}); *.facts.jsonl files are curated facts. Writes
    OUT/graph.trig and OUT/graph.nq (one named graph per document), OUT/store, OUT/facts/,
    OUT/merges.jsonl and OUT/build.json. Facts of unchanged documents come from OUT/cache; when
    nothing changed, OUT is left as it is.

    Exit codes: 0 built (violations found by validation are reported, and the exit code is still
    0), 1 with --strict when validation finds violations, 2 an error, 130 stopped by Ctrl+C.
    """
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler is for --engine dask")
    _check_strict(strict, validate)
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
            max_chars=max_chars,
        )
    _report(result, strict=strict)


@click.command("extract")
@click.argument("documents", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--show",
    is_flag=True,
    help="Print each text with its facts highlighted, then the facts, for tuning rules.",
)
@click.option("--extractor", default="news", show_default=True, help="The extractor to use.")
@max_chars_option
def extract_cmd(documents: tuple[Path, ...], show: bool, extractor: str, max_chars: int) -> None:
    """Extract the facts of DOCUMENTS (files or folders: .txt, .md, .html, .jsonl) and print them
    as a facts file (JSON Lines).

    With --show, print each text with the names found marked and the facts listed below it.
    The JSON Lines output can be edited and kept as a curated *.facts.jsonl file.
    """
    from kgbuild.extract import get_extractor  # noqa: PLC0415 (loads the NLP models)
    from kgbuild.extract.show import colour, plain, render  # noqa: PLC0415

    with errors():
        chosen = get_extractor(extractor)
        found = read_corpus(list(documents), max_chars=max_chars)
        require_documents(found, documents)
        for source in found.read():
            for warning in text_warnings(source):
                click.echo(f"Warning: {warning}", err=True)
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
@strict_option
def convert_cmd(facts: tuple[Path, ...], out: Path, base: str, validate: bool, strict: bool) -> None:
    """Convert facts files (JSON Lines, with character offsets) into a graph in OUT.

    Exit codes: 0 converted, 1 with --strict when validation finds violations, 2 an error.
    """
    _check_strict(strict, validate)
    with errors():
        result = convert_facts(list(facts), out, base=base, validate=validate)
    _report(result, strict=strict)
