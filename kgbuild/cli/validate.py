"""``kgbuild validate`` and ``reason``: the graph in OUT checked against the shapes and the ontology."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgbuild.cli.common import errors
from kgbuild.outdir.output import load_dataset, union
from kgbuild.validation.shacl import validate_graph


@click.command("validate")
@click.argument("out", type=click.Path(exists=True, path_type=Path))
def validate_cmd(out: Path) -> None:
    """Validate the graph in OUT against the SHACL shapes.

    Exit code 0 when it conforms, 1 when there are violations, 2 on error.
    """
    with errors():
        report = validate_graph(union(load_dataset(out)))
    click.echo(report.render(), nl=False)
    sys.exit(0 if report.conforms else 1)


@click.command("reason")
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
