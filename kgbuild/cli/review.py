"""``kgbuild review``: a local app to read each document with its facts marked and correct them."""

from __future__ import annotations

from pathlib import Path

import click

from kgbuild.cli.common import CommandError, errors


@click.command("review")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8001,
    show_default=True,
    help="Port to listen on, at 127.0.0.1 only (0: any free port).",
)
def review_cmd(out: Path, port: int) -> None:
    """Review the facts of the build in OUT in the browser, and correct them.

    Each document is shown with its facts marked; accept, reject or correct each one (a capacity's
    title and organization, a role's type, a person's name, this mention is or is not that
    person, an event's title and dates). Every decision is appended to review.facts.jsonl in the
    corpus, with who made it and when; Rebuild builds OUT again with them. The app listens on
    127.0.0.1 only and answers only the address it prints, which holds a token of this run.
    """
    from kgbuild.review import create_review_app, make_review_server  # noqa: PLC0415

    with errors():
        app = create_review_app(out)
    try:
        server = make_review_server(app, port)
    except OSError as err:
        raise CommandError(
            f"cannot listen on 127.0.0.1:{port}: {err.strerror or err} (is another server using this "
            "port? choose another with --port)"
        ) from err
    here = f"http://127.0.0.1:{server.effective_port}/"
    workspace = app.config["kgbuild.workspace"]
    click.echo(f"Reviewing {out}; decisions go to {workspace.file}.", err=True)
    if workspace.notice:
        click.echo(f"Note: {workspace.notice}.", err=True)
    click.echo(f"Open {here}?token={app.config['kgbuild.token']} (this address only; Ctrl+C stops)", err=True)
    server.run()
    raise KeyboardInterrupt  # waitress caught Ctrl+C and returned: the exit code says so (130)
