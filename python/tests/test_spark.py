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


def run_in(spark, inputs, out: Path, *flags: str) -> dict:
    from wiretrace.spark import run_scan

    return run_scan(spark, [*map(str, inputs), "--out", str(out), "--quiet", *flags], partitions=4)


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


def test_local_mode_gives_the_driver_half_the_machine(monkeypatch):
    from wiretrace import spark as job

    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    half = max(2, min(64, total // 2 // (1 << 30)))
    assert job.default_driver_memory() == f"{half}g"
    assert job.default_driver_memory("local[2]") == f"{half}g"
    assert job.default_driver_memory("spark://head:7077") == "2g"
    assert job.default_driver_memory("yarn") == "2g"
    # 256 GiB: capped; 2 GiB: floored.
    for pages, want in ((256 << 18, "64g"), (2 << 18, "2g")):
        monkeypatch.setattr(job.os, "sysconf", lambda name, p=pages: 4096 if name == "SC_PAGE_SIZE" else p)
        assert job.default_driver_memory() == want


def test_local_mode_takes_four_shuffle_partitions_a_core():
    from wiretrace.spark import default_partitions

    assert default_partitions("local[2]") == 8
    assert default_partitions("local") == 4
    assert default_partitions("local[3,2]") == 12  # local[N,F]: N threads, F failures
    assert default_partitions("local[*]") == 4 * (os.cpu_count() or 1)
    assert default_partitions("spark://head:7077") is None
    assert default_partitions("yarn") is None


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
        '{"id": "w1", "text": "%s Long enough to sign: a duplicate all the same."}' % wire,
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


def test_a_large_jsonl_file_read_in_parts_gives_the_cli_reports(cli, spark, corpus_2k, tmp_path, monkeypatch):
    """A JSON Lines file larger than one Spark file split is read in parts cut at line ends,
    one task each; records, skips and their line numbers are the whole file's. The file has a
    byte-order mark, CRLF line ends, blank lines, broken lines, invalid UTF-8 and a duplicated
    id in later parts, and comes after a small file read whole."""
    import json

    lines = corpus_2k.read_bytes().split(b"\n")
    lines = [x for x in lines if x.strip()]
    first_id = json.loads(lines[0])["id"]
    bad = {
        300: b"{broken",
        700: b"",
        701: b"   ",
        900: b'{"id": "u1", "text": "bad \xff byte"}',
        1100: b'{"id": %s, "text": "a later duplicate of the first id"}' % json.dumps(first_id).encode(),
        1500: b"[1, 2]",
    }
    out = []
    for i, x in enumerate(lines):
        if i in bad:
            out.append(bad[i])
        out.append(x + (b"\r" if i % 7 == 0 else b""))
    src = tmp_path / "in"
    src.mkdir()
    (src / "b-big.jsonl").write_bytes(b"\xef\xbb\xbf" + b"\n".join(out) + b"\n")
    small = [json.loads(x) for x in lines[:40]]
    for r in small:
        r["id"] = "small-" + r["id"]
    (src / "a-small.jsonl").write_text("".join(json.dumps(r) + "\n" for r in small), encoding="utf-8")
    run_cli(cli, [src], tmp_path / "cli")
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(256 * 1024))
    cached = spark.sparkContext._jsc.getPersistentRDDs
    before = set(cached().keySet().toArray())
    try:
        result = run_in(spark, [src], tmp_path / "spark")
        # The run leaves nothing cached or checkpointed behind in the session.
        assert set(cached().keySet().toArray()) == before
        assert result["files_in_parts"] == 1 and result["parts"] > 8, result
        # Numbered where the records lie, without the window's shuffle of every text.
        assert result["numbered_in_place"], result
        assert_same_reports(tmp_path / "cli", tmp_path / "spark")
        counts = [json.loads((tmp_path / d / "summary.json").read_text())["counts"] for d in ("cli", "spark")]
        assert counts[0] == counts[1]
        # Too many duplicates to broadcast: they are joined by a shuffle, which moves the
        # records, so they are numbered by the window instead; the same reports.
        import wiretrace.spark as ws

        monkeypatch.setattr(ws, "_BROADCAST_DUPS", 0)
        result = run_in(spark, [src], tmp_path / "spark-window")
        monkeypatch.undo()
        assert not result["numbered_in_place"], result
        assert_same_reports(tmp_path / "cli", tmp_path / "spark-window")
        import wiretrace

        cli_strict = subprocess.run([str(cli), "scan", str(src), "--out", str(tmp_path / "s1"), "--strict", "--quiet"],
                                    capture_output=True, text=True)
        assert cli_strict.returncode != 0
        with pytest.raises(wiretrace.WiretraceError) as e:
            run_in(spark, [src], tmp_path / "s2", "--strict")
        # The broken line inserted before record 300 is line 301 (in the second part or later).
        assert e.value.path.endswith("b-big.jsonl") and e.value.line == 301, e.value
        assert f"line {e.value.line}" in cli_strict.stderr, cli_strict.stderr
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")


def test_a_funders_line_under_unrelated_stories_is_left_out_as_the_cli_leaves_it(cli, spark, tmp_path):
    """Four agency stories, each reprinted by one paper, all ending with the agency's funder
    line: the pairs between stories share only that block and are left out, by the driver's
    analysis as by the CLI's (the executors' verification carries each pair's foot prints)."""
    import json

    funder = ("The Velmora Wire's coverage of climate and the coast receives financial support from "
              "several private foundations. The Wire is solely responsible for all content. Find its "
              "standards for working with philanthropies at velmora.example.")
    lines = []
    for k, seed in enumerate(["tide", "levee", "drought", "reef"]):
        body = " ".join(f"{seed}{i * 7 % 101 + i}" for i in range(220))
        lines.append({"id": f"wire-{k}", "outlet": "Velmora Wire", "text": f"{body}\n\n{funder}"})
        lines.append({"id": f"paper-{k}", "outlet": f"Paper {k}",
                      "text": f"{body}\n\n{funder}\n\nCopyright 2026 Paper {k}. Sign up for our briefing."})
    src = tmp_path / "funded.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    run_cli(cli, [src], tmp_path / "cli")
    run_in(spark, [src], tmp_path / "spark")
    assert_same_reports(tmp_path / "cli", tmp_path / "spark")
    counts = [json.loads((tmp_path / d / "summary.json").read_text())["counts"] for d in ("cli", "spark")]
    assert counts[0]["shared_block_pairs"] == counts[1]["shared_block_pairs"] == 18
    assert len((tmp_path / "spark" / "pairs.csv").read_text().splitlines()) == 1 + 4


def test_sites_of_articles_without_an_outlet_are_the_clis(cli, spark, tmp_path):
    """Six articles naming no outlet share a wire passage between paragraphs of their own: each
    is a site of its own to the chrome rules, on the executors as in the CLI, so the passage is
    no site's chrome and all fifteen pairs are reported. Beside them, an agency's footer under
    three of its stories (one short of the rule for anyone's) is left out by the driver."""
    import json

    word = lambda seed, n: " ".join(f"{seed}{i * 7 % 101 + i}" for i in range(n))
    wire = word("wire", 120)
    lines = [{"id": f"copy-{k}", "text": f"{word(f'top{k}x', 120)}\n\n{wire}\n\n{word(f'end{k}x', 80)}"}
             for k in range(6)]
    footer = ("Associated Press writers Jane Roe and John Doe contributed to this report. "
              "Copyright 2026 The Velmora Wire. All rights reserved. This material may not be "
              "published, broadcast, rewritten or redistributed.")
    for k, seed in enumerate(["tide", "levee", "drought"]):
        body = word(seed, 220)
        lines.append({"id": f"wire-{k}", "outlet": "Velmora Wire", "text": f"{body}\n\n{footer}"})
        lines.append({"id": f"paper-{k}", "outlet": f"Paper {k}", "text": f"{body}\n\n{footer}"})
    src = tmp_path / "sites.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    run_cli(cli, [src], tmp_path / "cli")
    run_in(spark, [src], tmp_path / "spark")
    assert_same_reports(tmp_path / "cli", tmp_path / "spark")
    rows = (tmp_path / "spark" / "pairs.csv").read_text(encoding="utf-8").splitlines()[1:]
    pairs = sorted(tuple(r.split(",")[:2]) for r in rows)
    copies = [(f"copy-{a}", f"copy-{b}") for a in range(6) for b in range(a + 1, 6)]
    assert pairs == sorted(copies + [(f"paper-{k}", f"wire-{k}") for k in range(3)])


@pytest.mark.skipif(os.environ.get("WIRETRACE_SKIP_20K") == "1", reason="WIRETRACE_SKIP_20K=1")
def test_20k_generated_articles_match_the_cli(cli, gen_corpus, spark, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run([str(gen_corpus), "--articles", "20000", "--seed", "20", "--out", str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)
    run_cli(cli, [corpus], tmp_path / "cli")
    # Read in parts of 16 MB (7 tasks), as a file larger than Spark's splits is read.
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(16 << 20))
    try:
        result = run_in(spark, [corpus], tmp_path / "spark")
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert result["parts"] >= 6
    assert_same_reports(tmp_path / "cli", tmp_path / "spark")
    assert len((tmp_path / "cli" / "pairs.csv").read_text().splitlines()) > 1000
    # The clusters came from the Spark connected-components loop, not the driver's union-find.
    assert result["component_rounds"] >= 1
    assert len((tmp_path / "cli" / "clusters.csv").read_text().splitlines()) > 100
    # Only the texts the driver's analysis reads came to it (the pairs carry their passages):
    # both sides of report.html's pairs and members compared with their cluster's origin, a
    # small part of the paired articles.
    import csv

    with open(tmp_path / "cli" / "pairs.csv", newline="", encoding="utf-8") as f:
        paired = {x for r in csv.DictReader(f) for x in (r["id_a"], r["id_b"])}
    assert 0 < result["texts_to_driver"] < len(paired) / 10, (result["texts_to_driver"], len(paired))


def test_connected_components_loop_labels_each_vertex_by_its_smallest(spark, tmp_path):
    """The DataFrame loop against a plain union-find: a long path (the most rounds), a random
    graph, duplicate and reversed edges, a self-loop."""
    import random

    from wiretrace.spark import connected_components

    rng = random.Random(5)
    edges = [(i + 1, i) if i % 2 else (i, i + 1) for i in range(100, 164)]
    edges += [(rng.randrange(300, 400), rng.randrange(300, 400)) for _ in range(90)]
    edges += [(7, 3), (3, 7), (7, 3), (9, 9), (2000, 1000)]
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    expected = {v: find(v) for a, b in edges for v in (a, b) if find(v) != v}
    comp, rounds = connected_components(spark.createDataFrame(edges, "a INT, b INT"))
    got = {r["doc"]: r["label"] for r in comp.collect()}
    assert got == expected
    assert rounds >= 2
    empty, none = connected_components(spark.createDataFrame([], "a INT, b INT"))
    assert empty.count() == 0 and none == 0
    # With a checkpoint directory the rounds are checkpointed there (the later tests run so too).
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    comp, rounds = connected_components(spark.createDataFrame(edges[:64], "a INT, b INT"))
    assert rounds >= 2 and {r["doc"]: r["label"] for r in comp.collect()} == {v: 100 for v in range(101, 165)}
    assert any((tmp_path / "checkpoints").rglob("*"))


def _parquet_copy(src: Path, dst: Path) -> None:
    """The samples with every JSONL and CSV file as Parquet: dates typed where a whole column
    allows (UTC timestamps, naive timestamps, days), other columns as inferred; one file
    written as a folder of two parts (as Spark writes a table) with a ``_SUCCESS`` marker."""
    import csv
    import datetime as dt
    import json
    import re

    import pyarrow as pa
    import pyarrow.parquet as pq

    forms = [
        (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"), pa.timestamp("s", tz="UTC"),
         lambda v: dt.datetime.strptime(v, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)),
        (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"), pa.timestamp("s"),
         lambda v: dt.datetime.strptime(v, "%Y-%m-%d %H:%M:%S")),
        (re.compile(r"\d{4}-\d\d-\d\d$"), pa.date32(), dt.date.fromisoformat),
    ]

    def column(name, values):
        if name.startswith("date") or name == "published":
            present = [v for v in values if v is not None]
            for pattern, typ, parse in forms:
                if present and all(isinstance(v, str) and pattern.match(v) for v in present):
                    return pa.array([None if v is None else parse(v) for v in values], typ)
        return pa.array(values)

    for f in sorted(src.rglob("*")):
        rel = f.relative_to(src)
        if f.is_dir():
            continue
        if f.suffix == ".jsonl":
            rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        elif f.suffix == ".csv":
            with open(f, encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
        else:
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            (dst / rel).write_bytes(f.read_bytes())
            continue
        names = list(dict.fromkeys(k for r in rows for k in r))
        table = pa.table({k: column(k, [r.get(k) for r in rows]) for k in names})
        target = dst / rel.with_suffix(".parquet")
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel == Path("en") / "reuters.jsonl":
            target.mkdir()
            half = table.num_rows // 2
            pq.write_table(table.slice(0, half), target / "part-00000.parquet")
            pq.write_table(table.slice(half), target / "part-00001.parquet")
            (target / "_SUCCESS").write_bytes(b"")
        else:
            pq.write_table(table, target)


def test_a_parquet_copy_of_the_samples_gives_the_cli_reports(cli, spark, tmp_path):
    import json

    copy = tmp_path / "parquet"
    _parquet_copy(SAMPLES, copy)
    assert any(copy.rglob("*.parquet")) and not any(copy.rglob("*.jsonl"))
    agencies = REPO / "samples" / "agencies-extra.csv"
    run_cli(cli, [SAMPLES], tmp_path / "cli", "--agencies", agencies)
    run_in(spark, [copy], tmp_path / "spark", "--agencies", str(agencies))
    assert_same_reports(tmp_path / "cli", tmp_path / "spark")
    counts = [json.loads((tmp_path / d / "summary.json").read_text())["counts"] for d in ("cli", "spark")]
    assert counts[0] == counts[1]
    # Parquet files named directly, beside a JSONL file, give what the JSONL files give.
    named = [copy / "es" / "efe.parquet", SAMPLES / "es" / "diario-del-valle.jsonl", copy / "fr" / "afp.parquet"]
    run_cli(cli, [SAMPLES / "es" / "efe.jsonl", named[1], SAMPLES / "fr" / "afp.jsonl"], tmp_path / "cli2")
    run_in(spark, named, tmp_path / "spark2")
    assert_same_reports(tmp_path / "cli2", tmp_path / "spark2")
