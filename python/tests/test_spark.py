"""The Spark job (local[2]) writes the CLI's reports byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, REPORTS, SAMPLES, run_cli

pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    """One local[2] session for the in-process runs (a JVM start per test would dominate)."""
    for k in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON"):
        os.environ.pop(k, None)
    from wiretrace.spark import session

    s = session("local[2]")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def run_in(spark, inputs, out: Path, *flags: str) -> None:
    from wiretrace.spark import run_scan

    run_scan(spark, [*map(str, inputs), "--out", str(out), "--quiet", *flags], partitions=4)


def run_spark(inputs, out: Path, *flags: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    # The job must work with no environment set up for it.
    for k in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "SPARK_HOME"):
        env.pop(k, None)
    return subprocess.run(
        [sys.executable, "-m", "wiretrace.spark", "scan", *map(str, inputs), "--out", str(out),
         "--master", "local[2]", "--partitions", "4", *flags],
        env=env, capture_output=True, text=True, cwd=REPO,
    )


def assert_same_reports(a: Path, b: Path) -> None:
    for name in REPORTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs"


def test_samples_match_the_cli(cli, tmp_path):
    run_cli(cli, [SAMPLES], tmp_path / "cli", "--agencies", REPO / "samples" / "agencies-extra.csv")
    r = run_spark([SAMPLES], tmp_path / "spark", "--agencies", str(REPO / "samples" / "agencies-extra.csv"))
    assert r.returncode == 0, r.stderr[-3000:]
    assert_same_reports(tmp_path / "cli", tmp_path / "spark")
    assert (tmp_path / "spark" / "parquet" / "pairs.parquet").exists()
    assert (tmp_path / "spark" / "summary.json").exists()


def test_skips_duplicates_and_compressed_input_match_the_cli(cli, spark, tmp_path):
    import gzip
    src = tmp_path / "in"
    (src / "wire").mkdir(parents=True)
    wire = ("The harbour authority of Port Calder said on Tuesday that the new container terminal would "
            "open in March after three years of construction and delays caused by a shortage of cranes "
            "and a long dispute over dredging rights with the fishing cooperative of the bay.")
    lines = [
        '{"id": "w1", "text": "%s"}' % wire,
        '{broken',
        '{"id": "w1", "text": "a duplicate id, skipped"}',
        '{"id": "s1", "text": "too short"}',
    ]
    (src / "wire" / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(src / "wire" / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write('{"id": "p1", "outlet": "paper", "text": "Local intro here. %s"}\n' % wire)
    (src / ".hidden.jsonl").write_text('{"id": "h", "text": "%s"}\n' % wire, encoding="utf-8")
    run_cli(cli, [src], tmp_path / "cli")
    run_in(spark, [src], tmp_path / "spark")
    assert_same_reports(tmp_path / "cli", tmp_path / "spark")
    import json
    cli_counts = json.loads((tmp_path / "cli" / "summary.json").read_text())["counts"]
    spark_counts = json.loads((tmp_path / "spark" / "summary.json").read_text())["counts"]
    assert cli_counts == spark_counts
    import wiretrace

    with pytest.raises(wiretrace.WiretraceError) as e:
        run_in(spark, [src], tmp_path / "strict", "--strict")
    assert e.value.line == 2 and e.value.path.endswith("a.jsonl"), e.value


@pytest.mark.skipif(os.environ.get("WIRETRACE_SKIP_20K") == "1", reason="WIRETRACE_SKIP_20K=1")
def test_20k_generated_articles_match_the_cli(cli, gen_corpus, spark, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run([str(gen_corpus), "--articles", "20000", "--seed", "20", "--out", str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)
    run_cli(cli, [corpus], tmp_path / "cli")
    run_in(spark, [corpus], tmp_path / "spark")
    assert_same_reports(tmp_path / "cli", tmp_path / "spark")
    assert len((tmp_path / "cli" / "pairs.csv").read_text().splitlines()) > 1000
