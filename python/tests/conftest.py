"""Shared fixtures: the repository, the CLI binary, generated corpora."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "corpus"
REPORTS = ["pairs.csv", "passages.csv", "clusters.csv", "credits.csv", "outlets.csv"]


def _find(env: str, names: list) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env])
    for n in names:
        p = REPO / "target" / n
        if p.exists():
            return p
    pytest.skip(f"{env} not set and no built binary in target/ (scripts/test-python.sh builds it)")


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `wiretrace` binary the Python results are held to."""
    return _find("WIRETRACE_BIN", ["release/wiretrace", "debug/wiretrace"])


@pytest.fixture(scope="session")
def gen_corpus() -> Path:
    return _find("GEN_CORPUS_BIN", ["release/examples/gen_corpus", "debug/examples/gen_corpus"])


def run_cli(cli: Path, inputs, out: Path, *flags: str) -> None:
    subprocess.run([str(cli), "scan", *map(str, inputs), "--out", str(out), "--quiet", *flags], check=True)


@pytest.fixture(scope="session")
def corpus_2k(tmp_path_factory, gen_corpus) -> Path:
    d = tmp_path_factory.mktemp("gen2k")
    out = d / "corpus.jsonl"
    subprocess.run([str(gen_corpus), "--articles", "2000", "--seed", "11", "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return out
