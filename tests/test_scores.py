"""The evaluation scripts, run the way the team runs them, through the kgbuild command line.

From raw text alone (no curated facts): the Taraz example and the two held-out sets of reports
must score perfectly, and person–post extraction on the factRuEval-2016 development set must
reach an F1 of 0.75.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

EVAL = ROOT / "tests" / "eval"
KGBUILD = f"{sys.executable} -m kgbuild"
PERFECT = {"speakers_f1": "1.0", "capacity_acc": "1.0", "organizers_f1": "1.0"}

pytestmark = pytest.mark.slow


def score_line(output: str) -> dict[str, str]:
    line = next(ln for ln in output.splitlines() if ln.startswith("SCORE"))
    return dict(re.findall(r"(\w+)=(\S+)", line))


def build_raw(texts: Path, tmp_path: Path) -> Path:
    """Build from the .txt files alone: curated facts left out."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for text in texts.glob("*.txt"):
        shutil.copy(text, corpus / text.name)
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "kgbuild", "build", str(corpus), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize(
    ("texts", "gold", "events", "people"),
    [
        (EXAMPLE, EVAL / "taraz-2021.gold.yaml", "1/1", "9/9"),
        (
            ROOT / "tests" / "corpus" / "genre",
            ROOT / "tests" / "corpus" / "genre" / "gold.yaml",
            "4/4",
            "15/15",
        ),
        (
            ROOT / "tests" / "corpus" / "genre2",
            ROOT / "tests" / "corpus" / "genre2" / "gold.yaml",
            "2/2",
            "7/7",
        ),
    ],
    ids=["taraz-2021", "genre", "genre2"],
)
def test_reports_score_perfectly_from_raw_text(
    texts: Path, gold: Path, events: str, people: str, tmp_path: Path
) -> None:
    out = build_raw(texts, tmp_path)
    run = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(gold), str(out), "--kgbuild", KGBUILD],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = score_line(run.stdout)
    assert {k: scores[k] for k in PERFECT} == PERFECT, run.stdout
    assert (scores["events_ok"], scores["people_merged"]) == (events, people), run.stdout


def test_person_post_extraction_on_factrueval(tmp_path: Path) -> None:
    split = ROOT / "tests" / "data" / "factRuEval-2016" / "devset"
    assert len(list(split.glob("*.txt"))) == 122
    run = subprocess.run(
        [
            sys.executable,
            str(EVAL / "factru_occupation.py"),
            str(split),
            "--kgbuild",
            KGBUILD,
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = score_line(run.stdout)
    assert float(scores["occupation_f1"]) >= 0.75, run.stdout
