"""Shared fixtures: paths, the Taraz example built once per session, and test options."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kgbuild.web.server import create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "taraz-2021"
CASES = Path(__file__).resolve().parent / "cases"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen",
        action="store_true",
        default=False,
        help="rewrite the expected files of golden cases from the current output",
    )


@pytest.fixture(scope="session")
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen"))


@pytest.fixture(scope="session")
def curated_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Taraz example built from its curated facts only (no extraction)."""
    from kgbuild.building.pipeline import build

    out = tmp_path_factory.mktemp("curated") / "out"
    build([EXAMPLE], out, extractor=None, validate=False)
    return out


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_java() -> None:
    if shutil.which("java") is None:
        if in_ci():
            pytest.fail("Java is required for HermiT in CI")
        pytest.skip("Java is not installed (HermiT needs it)")


def synthetic_corpus(folder: Path, reports: int, *, seed: int = 7, fmt: str = "txt") -> Path:
    """Reports from the benchmark's generator (bench/synth.py), written into ``folder``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("kgbuild_bench_synth", ROOT / "bench" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = synth  # dataclasses look their module up while it is being made
    spec.loader.exec_module(synth)
    synth.write(synth.generate(reports, seed), folder, fmt)
    return folder


def long_report(folder: Path, chars: int = 1_000_000) -> int:
    """A report ``long.txt`` of about ``chars`` characters, and its curated facts (a person and
    their post every ten sentences), written into ``folder``; returns how many spans they cite."""
    sentence = "На форуме выступил аким области Иван Петров, сообщает пресс-служба. "
    text = sentence * (chars // len(sentence))
    (folder / "long.txt").write_text(text, encoding="utf-8")
    lines = []
    step = len(sentence) * 10
    for n, at in enumerate(range(0, len(text) - step, step)):
        name, post = at + sentence.index("Иван Петров"), at + sentence.index("аким")
        person = {"type": "person", "doc": "long", "id": f"p{n}", "name": "Иван Петров"}
        person |= {"surname": "Петров", "given_name": "Иван"}
        person["evidence"] = {"start": name, "end": name + 11, "quote": "Иван Петров"}
        title = "аким области"
        held = {"type": "post", "doc": "long", "id": f"p{n}/post", "person": f"p{n}", "title": title}
        held["evidence"] = {"start": post, "end": post + len(title), "quote": title}
        lines += [person, held]
    (folder / "long.facts.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    return len(lines)


@pytest.fixture(scope="module")
def app(out: Path) -> Iterator[Flask]:
    """The Flask app of `kgbuild serve` over the module's build ``out`` (a module may bring its own)."""
    application = create_app(out, timeout=5, workers=1)
    yield application
    application.config["kgbuild.endpoint"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the module's app."""
    return app.test_client()
