"""The README stays true: commands, queries and options documented, the demo output current."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import urllib.request
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


def _review_loop() -> list[list[str]]:
    """The commands of the README's review loop, comments left out."""
    section = README.split("## Reviewing facts", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README shows no review loop"
    return [shlex.split(line.split("  #", 1)[0]) for line in block.group(1).splitlines() if line.strip()]


def test_the_review_loop_in_the_readme_runs_as_written(tmp_path: Path) -> None:
    """Five commands or fewer, run as a reader would: the real CLI, the review app in its own
    process on the address it prints; a speaker rejected and a capacity corrected there are gone
    and shown after Rebuild, and Ctrl+C stops it with exit code 130."""
    commands = _review_loop()
    assert len(commands) <= 5 and [c[:2] for c in commands[1:]] == [
        ["kgbuild", "build"],
        ["kgbuild", "review"],
        ["kgbuild", "query"],
    ]
    (tmp_path / "examples").symlink_to(EXAMPLE.parent)
    kgbuild = [sys.executable, "-m", "kgbuild"]

    def run(args: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)

    copy, build_, review, query = commands
    assert run(copy).returncode == 0
    built = run([*kgbuild, *build_[1:]])
    assert built.returncode == 0, built.stderr
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    app = subprocess.Popen(
        [*kgbuild, *review[1:], "--port", "0"], cwd=tmp_path, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert app.stderr is not None
        line = ""
        while "?token=" not in line:
            line = app.stderr.readline()
            assert line, "kgbuild review printed no address"
        address = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=(\S+)", line)
        assert address, line
        url, token = address.groups()

        def post(path: str, body: dict[str, object] | None = None) -> dict[str, object]:
            request = urllib.request.Request(
                url + path,
                data=json.dumps(body or {}).encode(),
                headers={"X-Kgbuild-Token": token, "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=120) as answer:
                found: dict[str, object] = json.loads(answer.read())
                return found

        doc = "000_ecf5c2834d24bb97"
        post("api/decisions", {"doc": doc, "type": "role", "id": "shcherbina-v/speaker", "action": "reject"})
        title = {"title": "министр информации и общественного развития"}
        post(
            "api/decisions",
            {"doc": doc, "type": "post", "id": "tlepov-b/post", "action": "correct", "fields": title},
        )
        assert str(post("api/rebuild")["summary"]).startswith("Built")
    finally:
        app.send_signal(signal.SIGINT)
        stopped = app.wait(timeout=30)
    assert stopped == 130
    decisions = (tmp_path / "reports" / "review.facts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(decisions) == 2 and all("kgbuild review: " in line for line in decisions)
    spoke = run([*kgbuild, *query[1:], "--format", "csv"])
    assert spoke.returncode == 0 and "Щербина" not in spoke.stdout and "Тлепов" in spoke.stdout
    assert "Б. Тлепов,министр информации и общественного развития" in spoke.stdout
