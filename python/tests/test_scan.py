"""wiretrace.scan and the stage functions, held to the CLI's output."""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path

import pyarrow as pa
import pytest

import wiretrace
from conftest import REPORTS, SAMPLES, run_cli


def read_csv(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_scan_files_are_byte_identical_to_the_cli(cli, tmp_path):
    run_cli(cli, [SAMPLES], tmp_path / "cli")
    res = wiretrace.scan([SAMPLES], out=tmp_path / "py", quiet=True, threads=2)
    for name in REPORTS:
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert res.summary["counts"]["pairs"] == res.pairs.num_rows > 0


def test_tables_have_the_csv_columns_rows_and_types(cli, tmp_path):
    run_cli(cli, [SAMPLES], tmp_path / "cli")
    res = wiretrace.scan(str(SAMPLES))
    assert res.out is None
    for name in REPORTS:
        table = getattr(res, name[:-4])
        rows = read_csv(tmp_path / "cli" / name)
        assert table.column_names == list(rows[0].keys()), name
        assert table.num_rows == len(rows), name
    pairs = res.pairs
    assert pairs.schema.field("jaccard").type == pa.float64()
    assert pairs.schema.field("shared_words").type == pa.int64()
    assert res.outlets.schema.field("articles").type == pa.int64()
    rows = read_csv(tmp_path / "cli" / "pairs.csv")
    got = pairs.to_pylist()
    for r, g in zip(rows, got):
        assert (r["id_a"], r["id_b"]) == (g["id_a"], g["id_b"])
        assert float(r["containment_a"]) == pytest.approx(g["containment_a"], abs=5e-5)
        assert int(r["shared_words"]) == g["shared_words"]
        assert int(r["cluster"]) == g["cluster"]
    clusters = res.clusters.to_pylist()
    for r, g in zip(read_csv(tmp_path / "cli" / "clusters.csv"), clusters):
        assert (r["containment"] == "") == (g["containment"] is None)


def test_tables_keep_the_csv_rows_in_order_across_chunks(cli, corpus_2k, tmp_path):
    # Pairs and passages come back in chunks, one per slice of pairs the writer's threads
    # took: chunk order must be pairs.csv order, every row once.
    run_cli(cli, [corpus_2k], tmp_path / "cli")
    for res in (wiretrace.scan(corpus_2k, threads=2), wiretrace.scan(corpus_2k, out=tmp_path / "py", quiet=True)):
        assert res.pairs.column("id_a").num_chunks > 1, "too few pairs to need several chunks"
        for name in REPORTS:
            # Offsets in bounds and rising, validity bits and UTF-8 checked value by value.
            getattr(res, name[:-4]).validate(full=True)
        keys = {
            "pairs": ["id_a", "id_b", "outlet_a", "outlet_b", "date_a", "date_b", "shared_words", "cluster", "kind"],
            "passages": ["id_a", "start_a", "end_a", "id_b", "start_b", "end_b", "words"],
            "clusters": ["cluster", "id", "outlet", "role"],
            "outlets": ["outlet", "agency", "articles", "reusing", "credited", "uncredited", "rewritten"],
        }
        for name, cols in keys.items():
            want = [tuple(r[c] for c in cols) for r in read_csv(tmp_path / "cli" / f"{name}.csv")]
            got = [tuple(str(g[c]) for c in cols) for g in getattr(res, name).select(cols).to_pylist()]
            assert got == want, name


def test_tables_are_the_same_with_or_without_out_and_empty_ones_keep_their_schema(tmp_path):
    # With out= the rows are taken while passages.csv is written; without, in a pass of their own.
    written = wiretrace.scan([SAMPLES], out=tmp_path / "out", quiet=True)
    kept = wiretrace.scan([SAMPLES])
    for name in REPORTS:
        assert getattr(written, name[:-4]).equals(getattr(kept, name[:-4])), name
    assert written.passages.num_rows > written.pairs.num_rows > 0
    f = tmp_path / "unrelated.jsonl"
    f.write_text(
        '{"id": "a", "outlet": "one", "text": "%s"}\n{"id": "b", "outlet": "two", "text": "%s"}\n'
        % (" ".join(f"alpha{i}" for i in range(60)), " ".join(f"beta{i}" for i in range(60))),
        encoding="utf-8",
    )
    none = wiretrace.scan(f)
    assert none.pairs.num_rows == 0 and none.pairs.schema == wiretrace.PAIRS_SCHEMA
    assert none.passages.num_rows == 0 and none.passages.schema == wiretrace.PASSAGES_SCHEMA
    assert none.clusters.schema == wiretrace.CLUSTERS_SCHEMA


def test_ids_are_returned_as_read_not_csv_defused(tmp_path):
    wire = ("The harbour authority of Port Calder said on Tuesday that the new container terminal would "
            "open in March after three years of construction and delays caused by a shortage of cranes "
            "and a long dispute over dredging rights with the fishing cooperative of the bay.")
    f = tmp_path / "in.jsonl"
    f.write_text(
        '{"id": "=1+2", "outlet": "wire", "text": "%s"}\n{"id": "plain", "outlet": "paper", "text": "%s"}\n'
        % (wire, wire),
        encoding="utf-8",
    )
    res = wiretrace.scan(f, out=tmp_path / "out")
    assert res.pairs.column("id_a").to_pylist() == ["=1+2"]
    assert "'=1+2" in (tmp_path / "out" / "pairs.csv").read_text(encoding="utf-8")


def test_errors_carry_file_line_and_reason(tmp_path):
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.scan(missing)
    assert e.value.path == str(missing) and e.value.exit_code == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "fine text of several words here"}\n{not json\n', encoding="utf-8")
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.scan(bad, strict=True)
    assert e.value.path == str(bad) and e.value.line == 2 and e.value.reason.startswith("invalid_json")
    # Without --strict the record is skipped and counted.
    res = wiretrace.scan(bad, quiet=True)
    assert res.summary["counts"]["skipped"]["invalid_json"] == 1
    with pytest.raises(wiretrace.UsageError) as e:
        wiretrace.scan(bad, threshold=0)
    assert "--threshold" in str(e.value) and e.value.exit_code == 2
    with pytest.raises(ValueError):
        wiretrace.scan(bad, no_such_option=1)


def test_the_gil_is_released_while_the_scan_runs(corpus_2k):
    span = {}

    def work():
        span["start"] = time.monotonic()
        wiretrace.scan(corpus_2k, threads=1)
        span["end"] = time.monotonic()

    ticks = []
    t = threading.Thread(target=work)
    t.start()
    while t.is_alive():
        ticks.append(time.monotonic())
        time.sleep(0.001)
    t.join()
    d = span["end"] - span["start"]
    assert d > 0.05, "the corpus is too small to tell"
    middle = [x for x in ticks if span["start"] + 0.25 * d < x < span["end"] - 0.25 * d]
    # Holding the GIL for the whole call would leave the main thread no tick in the middle.
    assert len(middle) > 10, (len(middle), d)


def test_thread_count_changes_nothing(corpus_2k):
    one = wiretrace.scan(corpus_2k, threads=1)
    two = wiretrace.scan(corpus_2k, threads=2)
    assert one.pairs.equals(two.pairs) and one.clusters.equals(two.clusters)
    assert one.pairs.num_rows > 0


def test_sign_and_verify_batches_agree_with_scan(tmp_path):
    import json
    wire = ("The harbour authority of Port Calder said on Tuesday that the new container terminal would "
            "open in March after three years of construction and delays caused by a shortage of cranes "
            "and a long dispute over dredging rights with the fishing cooperative of the bay. Officials "
            "expect the traffic through the port to double within two years of the opening.")
    paper = "A local note opens the page. " + wire + " Our reporter adds a line of her own."
    arts = pa.table({"id": ["w1", "p1"], "text": [wire, paper], "outlet": ["Reuters", "paper"],
                     "date": ["2024-03-05", None]})
    signed = wiretrace.sign_batch(arts)
    assert signed.column("id").to_pylist() == ["w1", "p1"]
    bands = signed.column("bands").to_pylist()
    assert set(bands[0]) & set(bands[1]), "near-duplicates share a band"
    # The columns come over as Arrow buffers: every row's lists line up, texts keep their
    # characters, a too-short article has empty lists, and the metadata parses.
    anchors, pos = signed.column("anchors").to_pylist(), signed.column("anchor_pos").to_pylist()
    assert [len(x) for x in anchors] == [len(x) for x in pos] and all(anchors)
    assert signed.schema.equals(wiretrace.SIGNED_SCHEMA)
    more = wiretrace.sign_batch(pa.table({"id": ["ü1", "short"], "text": [paper, "Too short."],
                                          "outlet": ["Diário do Vale", "Ωmega"]}))
    assert more.column("outlet").to_pylist() == ["Diário do Vale", "Ωmega"]
    assert more.column("id").to_pylist() == ["ü1", "short"]
    assert more.column("too_short").to_pylist() == [False, True]
    assert more.column("bands").to_pylist()[1] == [] and more.column("anchors").to_pylist()[1] == []
    assert more.column("anchors").to_pylist()[0] == anchors[1]
    assert json.loads(more.column("meta").to_pylist()[0])
    pairs, passages = wiretrace.verify_batch(pa.table({
        "a": [0], "b": [1], "id_a": ["w1"], "id_b": ["p1"], "outlet_a": [0], "outlet_b": [1],
        "text_a": [wire], "text_b": [paper],
    }))
    assert pairs.num_rows == 1 and passages.num_rows >= 1
    f = tmp_path / "in.jsonl"
    import json
    f.write_text("".join(json.dumps({"id": i, "outlet": o, "text": t}) + "\n"
                         for i, o, t in [("w1", "Reuters", wire), ("p1", "paper", paper)]), encoding="utf-8")
    res = wiretrace.scan(f).pairs.to_pylist()[0]
    got = pairs.to_pylist()[0]
    assert got["containment_a"] == res["containment_a"] and got["jaccard"] == res["jaccard"]
    assert got["shared_words"] == res["shared_words"]
    # Unrelated texts are no pair.
    none, _ = wiretrace.verify_batch(pa.table({
        "a": [0], "b": [1], "id_a": ["x"], "id_b": ["y"], "outlet_a": [0], "outlet_b": [1],
        "text_a": [wire], "text_b": ["Something else entirely about pies, bands and rain on the green today."],
    }))
    assert none.num_rows == 0
