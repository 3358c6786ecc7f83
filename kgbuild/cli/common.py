"""What every command shares: the ``kgbuild`` group, library errors turned into exit code 2,
progress bars, and the options several commands take.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from kgbuild.__about__ import __version__
from kgbuild.corpus import MAX_CHARS
from kgbuild.errors import KgbuildError
from kgbuild.iris import DEFAULT_BASE, http_url_problem

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
        help="Base IRI under which entity IRIs are minted (must end in '/').",
    )(fn)


def validate_option(fn: F) -> F:
    return click.option(
        "--validate/--no-validate",
        default=True,
        show_default=True,
        help="Run SHACL validation on the result and print a summary.",
    )(fn)


def verbose_option(fn: F) -> F:
    return click.option(
        "-v", "--verbose", is_flag=True, help="Also print the seconds each stage of the build took."
    )(fn)


def out_option(fn: F) -> F:
    return click.option(
        "-o",
        "--out",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Output folder (created, or replaced if it holds an earlier build).",
    )(fn)


def http_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: ``value`` must be an http:// or https:// URL (or not given)."""
    problem = http_url_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(f"{problem}, not {value!r}")
    return value


def max_chars_option(fn: F) -> F:
    return click.option(
        "--max-chars",
        type=click.IntRange(min=1),
        default=MAX_CHARS,
        show_default=True,
        metavar="N",
        help="Read each text up to this many characters (a longer one is cut there, with a warning; "
        "only the bytes those characters need are read).",
    )(fn)


def endpoint_options(fn: F) -> F:
    options = [
        click.option("--user", help="User name, when the endpoint asks for one."),
        click.option("--password", envvar="KGBUILD_PASSWORD", help="Password (or set KGBUILD_PASSWORD)."),
        click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for each request."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


#: The exit code of a command stopped by Ctrl+C (SIGINT), as shells give it: 128 + 2.
INTERRUPTED = 130


class Group(click.Group):
    """The ``kgbuild`` group: a command stopped by Ctrl+C says so and exits with 130, not 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nInterrupted: stopped by Ctrl+C.", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kgbuild")
def main() -> None:
    """kgbuild: build a clean, queryable RDF knowledge graph from news reports about events.

    Typical use: kgbuild build CORPUS -o OUT, then kgbuild query who-spoke --data OUT.
    """
