"""The ``kgbuild`` command line: a thin click layer over the library, one module per group of commands.

    common    main (the group), CommandError, errors, progress_bar, and the shared options
    build     kgbuild build, extract, convert
    validate  kgbuild validate, reason
    query     kgbuild query, stats
    stores    kgbuild push, export
    web       kgbuild serve, publish
    review    kgbuild review

The commands import what only they need when they run (the NLP models, owlready2, the web
stack), so that ``kgbuild --help`` and the other commands start fast.

Exit codes: 0 success (conforms, consistent); 1 the check found problems (SHACL violations, an
inconsistent graph; ``build --strict`` and ``convert --strict`` too); 2 an error (bad input,
unknown query, unreadable file); 130 stopped by Ctrl+C.
"""

from __future__ import annotations

from kgbuild.cli.build import build_cmd, convert_cmd, extract_cmd
from kgbuild.cli.common import main
from kgbuild.cli.query import query_cmd, stats_cmd
from kgbuild.cli.review import review_cmd
from kgbuild.cli.stores import export_cmd, push_cmd
from kgbuild.cli.validate import reason_cmd, validate_cmd
from kgbuild.cli.web import publish_cmd, serve_cmd

__all__ = ["main"]

COMMANDS = (
    build_cmd,
    extract_cmd,
    convert_cmd,
    validate_cmd,
    reason_cmd,
    query_cmd,
    stats_cmd,
    push_cmd,
    export_cmd,
    serve_cmd,
    publish_cmd,
    review_cmd,
)
for _command in COMMANDS:
    main.add_command(_command)
