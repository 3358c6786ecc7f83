"""Shared fixtures: paths, the Taraz example built once per session, and test options."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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
    from kgbuild.pipeline import build

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
