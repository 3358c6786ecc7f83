"""The README stays true: commands, queries and options documented, the demo output current."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuild.cli import main
from kgbuild.iris import DEFAULT_BASE
from kgbuild.queries.saved import saved_queries
from tests.conftest import EXAMPLE, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_readme_starts_with_make_demo_and_make_test() -> None:
    first_block = README.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_and_its_options_are_documented(command: str) -> None:
    assert f"kgbuild {command}" in README
    for param in main.commands[command].params:
        for opt in param.opts:
            if opt.startswith("--") and opt != "--help":
                assert opt in README, f"kgbuild {command} {opt} is not in the README"


@pytest.mark.parametrize("name", sorted({*saved_queries(), *saved_queries(checks=True)}))
def test_every_saved_query_is_documented(name: str) -> None:
    assert f"`{name}`" in README


def test_every_saved_query_is_documented_with_its_columns() -> None:
    for query in saved_queries().values():
        assert f"| `{query.name}` | {', '.join(query.columns)} |" in README, query.name


def test_the_default_base_and_the_iri_scheme_are_documented() -> None:
    assert DEFAULT_BASE in README and "#char=" in README


def _make_line(words: str) -> list[str]:
    line = next(ln for ln in MAKEFILE.splitlines() if words in ln)
    return line.split("/kgbuild ", 1)[1].replace("$(OUT)", "{out}").split()


def _demo_command() -> list[str]:
    line = next(ln for ln in MAKEFILE.splitlines() if "query who-spoke" in ln)
    columns = re.search(r"^DEMO_COLUMNS := (.+)$", MAKEFILE, re.MULTILINE)
    assert columns
    args = line.split("kgbuild", 1)[1].replace("$(OUT)", "{out}").replace("$(DEMO_COLUMNS)", columns.group(1))
    return args.split()


def test_the_demo_output_in_the_readme_is_what_make_demo_prints(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    build = [
        a.replace("{out}", str(out)).replace("examples/taraz-2021", str(EXAMPLE))
        for a in _make_line("kgbuild build ")
    ]
    assert "--no-curated" in build, "make demo must build from the raw text alone"
    assert runner.invoke(main, build).exit_code == 0
    args = [a.replace("{out}", str(out)) for a in _demo_command()]
    printed = runner.invoke(main, args).output
    block = re.search(
        r"<!-- who-spoke:start -->\n```text\n(.*?)```\n<!-- who-spoke:end -->", README, re.DOTALL
    )
    assert block, "the README has no who-spoke block"
    assert block.group(1) == printed, f"update the README's who-spoke block to:\n{printed}"


def test_the_python_api_example_runs(tmp_path: Path) -> None:
    code = re.search(r"```python\n(.*?)```", README, re.DOTALL)
    assert code
    shutil.copytree(EXAMPLE, tmp_path / "examples" / EXAMPLE.name)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        exec(compile(code.group(1), "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert (tmp_path / "out" / "api-example" / "graph.nq").is_file()
