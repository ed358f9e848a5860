"""wiretrace on Spark: ``python -m wiretrace.spark scan INPUT... --out DIR [--master URL]``.

Also runs under ``spark-submit`` (which cannot run a module: submit this file), with the
master and the executors' Python as submitted::

    PYSPARK_PYTHON=.venv/bin/python spark-submit --master URL \
        --conf spark.executorEnv.PYTHONPATH=<where wiretrace and pyarrow are installed> \
        "$(python -c 'import wiretrace.spark as s; print(s.__file__)')" scan INPUT... --out DIR

Spark distributes, the Rust core decides. Every rule is a call into the crate (through
``wiretrace._core``), the same functions ``wiretrace scan`` calls:

* reading + signing: the input files' bytes (Spark's ``binaryFile``: any path Spark reads;
  compression detected as the CLI detects it) go through ``mapInArrow`` to the crate's readers
  and ``hash_article``; a Parquet file (``.parquet``, named or in a folder) becomes one JSON
  line per row, in row order, read by the crate's JSON Lines reader (so field aliases,
  ``--field``, dates and skips are the CLI's; "line N" in a message is row N);
* article numbers: the CLI's order (inputs in the order given, files of a folder by path,
  records in file order; first of a duplicated id kept; too-short articles dropped) rebuilt with
  window functions;
* candidates: band and anchor self-joins as ``explode`` + ``groupBy(key)``; each group's members
  go to the crate's group rules (``emit_group_pairs``; ``classify_group`` + ``group_pairs``);
  anchor links are repartitioned by pair and split by the crate's pair rule (two shared anchors,
  or one confirmed by the shingles around it, checked in verification where both texts are); the
  boilerplate (stock phrases, site chrome) comes out of the same group calls;
* verification: candidate pairs joined with both texts, verified in ``mapInArrow`` by the
  crate's ``compare``/``pair_local``;
* clustering's connected components: verification marks each pair that is a core edge (the
  crate's ``is_core_edge``); the components of those edges are found by a DataFrame loop
  (large-star / small-star, Kiveris et al. 2014: each component ends as a star around its
  smallest article), and only (article, smallest article) pairs go to the driver;
* analysis (origin, agency, cluster ids and roles from those components) and report writing: on
  the driver, by the crate's ``Conclusion`` and report writer, from every article's metadata and
  the verified pairs (which carry their passages' texts). Only the texts the analysis still
  reads come to the driver: cluster members without a verified pair with their origin (and
  that origin), and the pairs ``report.html`` shows side by side.

Hence ``pairs.csv``, ``passages.csv``, ``clusters.csv``, ``credits.csv`` and ``outlets.csv`` are
byte-identical to the CLI's. Reports are also written as Parquet under ``DIR/parquet/``.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
import time
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import pyarrow as pa
import pyarrow.compute as pc

from wiretrace import _core, _signed_arrays, _utf8_buffers, _var_buffers
from wiretrace._errors import UsageError, WiretraceError

__all__ = ["connected_components", "main", "run_scan", "session"]

_READ_SCHEMA = (
    "file_index INT, part LONG, ordinal LONG, ok BOOLEAN, too_short BOOLEAN, skip_reason STRING, "
    "line LONG, skip_detail STRING, id STRING, text BINARY, outlet STRING, meta STRING, "
    "bands ARRAY<LONG>, anchors BINARY, anchor_pos BINARY, anchor_nbhd BINARY"
)


def default_driver_memory(master: Optional[str] = None) -> str:
    """The driver's JVM heap when the job starts Spark and none is given. In local mode (the
    default master) the driver's JVM runs every task, so it gets half the machine's memory (at
    least 2g, at most 64g): 2g ran out of heap at 100,000 generated articles. On a cluster the
    driver holds only what the job collects: 2g."""
    if master is not None and not master.startswith("local"):
        return "2g"
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return "2g"
    return f"{max(2, min(64, total // 2 // (1 << 30)))}g"


def default_partitions(master: Optional[str] = None) -> Optional[int]:
    """The shuffle partitions when neither ``--partitions`` nor Spark's configuration gives them:
    in local mode four a core of ``local[N]`` (``local[*]``: every core), since Spark's 200 cost
    a 100k-article job on 2 cores about twice its time in per-task overhead; on a cluster,
    Spark's own (``None``)."""
    if master is None or master == "local[*]":
        cores = os.cpu_count() or 1
    elif master == "local":
        cores = 1
    elif master.startswith("local[") and master.endswith("]"):
        try:
            cores = int(master[len("local["):-1].split(",")[0])
        except ValueError:
            return None
    else:
        return None
    return 4 * max(1, cores)


def session(master: Optional[str] = None, app_name: str = "wiretrace", driver_memory: Optional[str] = None):
    """The SparkSession, created if needed. The executors' Python is this interpreter (with
    pyarrow and wiretrace) unless the user set ``PYSPARK_PYTHON`` or ``spark.pyspark.python``.
    ``driver_memory`` defaults to :func:`default_driver_memory`."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    # Under spark-submit the JVM is already up with the submitted settings: leave them be.
    submitted = bool(os.environ.get("PYSPARK_GATEWAY_PORT"))
    if master:
        builder = builder.master(master)
    elif not submitted and "spark.master" not in _submitted_conf():
        builder = builder.master("local[*]")
    if not os.environ.get("PYSPARK_PYTHON") and "spark.pyspark.python" not in _submitted_conf():
        builder = builder.config("spark.pyspark.python", sys.executable)
        # A venv's python is a symlink that Spark may start by its target, outside the venv:
        # the workers also get this interpreter's import path (wiretrace, pyarrow, pandas).
        builder = builder.config("spark.executorEnv.PYTHONPATH", _import_path())
    if not os.environ.get("PYSPARK_DRIVER_PYTHON"):
        builder = builder.config("spark.pyspark.driver.python", sys.executable)
    builder = builder.config("spark.driver.memory", driver_memory or default_driver_memory(master))
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    return builder.getOrCreate()


def _import_path() -> str:
    """The folders this interpreter imports wiretrace and its dependencies from."""
    import site

    import pyarrow

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dirs = [here, os.path.dirname(os.path.dirname(os.path.abspath(pyarrow.__file__)))]
    dirs += [d for d in site.getsitepackages() if os.path.isdir(d)]
    dirs += [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    seen: List[str] = []
    for d in dirs:
        if d not in seen:
            seen.append(d)
    return os.pathsep.join(seen)


def _submitted_conf() -> Dict[str, str]:
    """Settings spark-submit passed to this process, if any."""
    out: Dict[str, str] = {}
    for item in os.environ.get("PYSPARK_SUBMIT_ARGS", "").split("--conf")[1:]:
        key, _, value = item.strip().split(" ")[0].partition("=")
        out[key] = value
    return out


def _is_parquet(name: str) -> bool:
    """Parquet goes by its extension (the CLI has no Parquet reader: ``--format`` does not name it)."""
    return name.lower().endswith(".parquet")


def _list_files(spark, inputs: Sequence[str]) -> List[Tuple[int, str, str, Optional[str], bool, int]]:
    """The files to read, in the CLI's order: (file_index, uri, name shown, rel below the input
    folder or None, whether it is Parquet, size in bytes). Hidden entries (a name starting with
    ``.``) are skipped; in folders only files with a known input extension (or ``.parquet``) are
    read, sorted by path."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    out: List[Tuple[int, str, str, Optional[str], bool, int]] = []
    for given in inputs:
        if given == "-":
            raise UsageError("wiretrace.spark: standard input cannot be read by Spark", reason="-", exit_code=2)
        path = jvm.org.apache.hadoop.fs.Path(given)
        fs = path.getFileSystem(conf)
        try:
            status = fs.getFileStatus(path)
        except Exception as e:  # py4j wraps FileNotFoundException
            raise WiretraceError(f"{given}: No such file or directory", path=given, reason="No such file or directory") from e
        root = fs.makeQualified(path).toString().rstrip("/")
        if not status.isDirectory():
            out.append((len(out), root, given, None, _is_parquet(given), int(status.getLen())))
            continue
        found: List[Tuple[bytes, str, str, int]] = []
        it = fs.listFiles(path, True)
        while it.hasNext():
            st = it.next()
            uri = st.getPath().toString()
            rel = uri[len(root) + 1 :] if uri.startswith(root + "/") else st.getPath().getName()
            parts = rel.split("/")
            if any(p.startswith(".") for p in parts):
                continue
            if not (_core.is_input_name(parts[-1]) or _is_parquet(parts[-1])):
                continue
            found.append((rel.encode("utf-8"), uri, rel, int(st.getLen())))
        found.sort()
        for _, uri, rel, size in found:
            out.append((len(out), uri, given.rstrip("/") + "/" + rel, rel, _is_parquet(rel), size))
    return out


def _split_files(spark, core, files) -> List[int]:
    """The file indexes of the files to read in parts cut at line ends: larger than one of
    Spark's file splits (``spark.sql.files.maxPartitionBytes``) and read by the CLI as
    uncompressed JSON Lines (the crate's ``line_splittable``, from the name and the first
    bytes), with no extension Spark's text reader would decompress by. The rest are read whole,
    one task per file."""
    jsc = spark._jsparkSession
    limit = int(jsc.sessionState().conf().filesMaxPartitionBytes())
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    out: List[int] = []
    for fi, uri, shown, rel, parquet, size in files:
        if parquet or size <= limit or uri.lower().endswith(_HADOOP_CODECS):
            continue
        path = jvm.org.apache.hadoop.fs.Path(uri)
        stream = path.getFileSystem(conf).open(path)
        try:
            head = bytes(b for b in (stream.read() for _ in range(4)) if b >= 0)
        finally:
            stream.close()
        if core.line_splittable(shown, head, rel):
            out.append(fi)
    return out


#: Extensions by which Hadoop's text reader decompresses a file: such a file is read whole.
_HADOOP_CODECS = (".gz", ".bz2", ".deflate", ".lz4", ".snappy", ".zst", ".zstd", ".xz", ".lzo", ".br")


def _parquet_as_jsonl(content: bytes) -> bytes:
    """A Parquet file's rows as JSON Lines, one line per row in file order, columns as keys:
    what the crate's JSON Lines reader then reads as it reads a JSONL file. Dates and times
    become the text forms the CLI reads (a timestamp with a zone in UTC with ``Z``, one without
    as written, a date as ``YYYY-MM-DD``: day precision); binary as UTF-8; NaN as null."""
    import json

    import pyarrow.parquet as pq

    out: List[str] = []
    pf = pq.ParquetFile(pa.BufferReader(content))
    for batch in pf.iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            out.append(json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False, default=str))
    return ("\n".join(out) + "\n").encode("utf-8") if out else b""


def _json_value(v: Any) -> Any:
    import datetime as dt

    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            return v.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return v.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8", errors="replace")
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    return v


def _core_factory(argv: List[str], agencies: Optional[Tuple[str, str]]):
    cache: Dict[str, Any] = {}

    def get():
        if "core" not in cache:
            cache["core"] = _core.Core(argv, agencies)
        return cache["core"]

    return get


def run_scan(spark, argv: List[str], partitions: Optional[int] = None) -> Dict[str, Any]:
    """Runs the scan of ``argv`` (``wiretrace scan`` arguments) on ``spark``; writes the reports
    to ``--out``; returns the counts and per-stage seconds. What the run cached, checkpointed or
    broadcast is released when it ends, however it ends: a session that runs scan after scan (a
    notebook, the tests) would otherwise fill its storage memory with old runs' tables, which
    execution cannot take back, until an aggregation runs out of memory."""
    held: List[Any] = []
    jsc = spark.sparkContext._jsc
    before = set(jsc.getPersistentRDDs().keySet().toArray())
    try:
        return _run_scan(spark, argv, partitions, held)
    finally:
        try:
            for x in reversed(held):
                x.unpersist()
            # The components loop's local checkpoints are RDDs no DataFrame handle releases:
            # every RDD the run left persisted goes (a scan run beside this one in the same
            # session would lose its cache too, and recompute it).
            rdds = jsc.getPersistentRDDs()
            for key in set(rdds.keySet().toArray()) - before:
                rdds.get(key).unpersist(False)
        except Exception:  # a session already stopped: nothing left to release
            pass


def _run_scan(spark, argv: List[str], partitions: Optional[int], held: List[Any]) -> Dict[str, Any]:
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    started = time.time()
    opts = _core.scan_options(argv)
    if opts["index"]:
        raise UsageError("wiretrace.spark: --index is not supported (the Spark job is a batch scan)", reason="--index", exit_code=2)
    agencies: Optional[Tuple[str, str]] = None
    if opts["agencies"]:
        try:
            with open(opts["agencies"], encoding="utf-8") as f:
                agencies = (opts["agencies"], f.read())
        except OSError as e:
            raise WiretraceError(f"{opts['agencies']}: {e.strerror}", path=opts["agencies"], reason=str(e.strerror)) from e
    driver_core = _core.Core(argv, agencies)  # validates every option now, on the driver
    get_core = _core_factory(argv, agencies)
    if partitions:
        spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    nparts = int(spark.conf.get("spark.sql.shuffle.partitions"))
    stages: List[Tuple[str, float]] = []
    storage = StorageLevel.MEMORY_AND_DISK

    def keep(df):
        """``df`` persisted for the rest of the run (``run_scan`` releases it)."""
        held.append(df.persist(storage))
        return held[-1]

    def share(value):
        held.append(spark.sparkContext.broadcast(value))
        return held[-1]

    # --- read + sign -------------------------------------------------------------------------
    t = time.time()
    files = _list_files(spark, opts["inputs"])
    counts: Dict[str, int] = {}
    skipped: Dict[str, int] = {}
    split = set(_split_files(spark, driver_core, files)) if files else set()
    parts_read = 0
    read: List[Any] = []
    whole = [f for f in files if f[0] not in split]
    if whole:
        index_df = spark.createDataFrame(
            [f[:5] for f in whole],
            "file_index INT, uri STRING, shown STRING, rel STRING, parquet BOOLEAN",
        )
        raw = spark.read.format("binaryFile").load([f[1] for f in whole])
        joined = raw.select(F.col("path").alias("uri"), "content").join(F.broadcast(index_df), "uri")
        joined = joined.repartition(min(len(whole), max(nparts, 1)), "file_index")

        def read_sign(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            core = get_core()
            for batch in batches:
                cols = batch.to_pydict()
                for fi, shown, rel, parquet, content in zip(
                    cols["file_index"], cols["shown"], cols["rel"], cols["parquet"], cols["content"]
                ):
                    if parquet:
                        c = core.read_and_sign(_parquet_as_jsonl(content), shown, rel, jsonl=True, pack_texts=True)
                    else:
                        c = core.read_and_sign(content, shown, rel, pack_texts=True)
                    yield from _signed_batches(c, fi, 0, 0)

        read.append(joined.select("file_index", "shown", "rel", "parquet", "content").mapInArrow(read_sign, _READ_SCHEMA))
        n_files_read = joined.select("file_index").distinct().count()
        if n_files_read != len(whole):
            raise WiretraceError(
                f"wiretrace.spark: Spark read {n_files_read} of {len(whole)} input files",
                reason="files listed but not read",
            )
    if split:
        # Large JSON Lines files are read in parts, one task per Spark file split: Spark's text
        # reader cuts them at line ends. A first pass counts each part's lines, so that every
        # part is read knowing the number of its first line in the file (locations, and the
        # order of records). Lines are kept as bytes, their `\r` and invalid UTF-8 included.
        uris = [f[1] for f in files if f[0] in split]
        lines = (
            spark.read.option("lineSep", "\n")
            .text(uris)
            .select(
                F.expr("input_file_name()").alias("f"),
                F.expr("input_file_block_start()").alias("start"),
                F.col("value").cast("binary").alias("line"),
            )
        )
        blocks = _number_parts(spark, files, split, lines.groupBy("f", "start").count().collect())
        parts_read = len(blocks)
        table = share(blocks)

        def read_sign_lines(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            core = get_core()
            known = table.value
            key: Any = None
            next_line = 0
            for batch in batches:
                fs, starts, data = batch.column("f").to_pylist(), batch.column("start").to_pylist(), batch.column("line")
                lo = 0
                while lo < len(fs):
                    hi = lo
                    while hi < len(fs) and fs[hi] == fs[lo] and starts[hi] == starts[lo]:
                        hi += 1
                    if key != (fs[lo], starts[lo]):
                        key = (fs[lo], starts[lo])
                        if key not in known:
                            raise WiretraceError(f"wiretrace.spark: {fs[lo]}: a part at byte {starts[lo]} that the count did not see",
                                                 reason="file parts changed")
                        next_line = known[key][1]
                    fi, part_line, shown, rel = known[key]
                    chunk = b"\n".join(data.slice(lo, hi - lo).to_pylist()) + b"\n"
                    c = core.read_and_sign(chunk, shown, rel, first_line=next_line, pack_texts=True)
                    yield from _signed_batches(c, fi, next_line - 1, part_line)
                    next_line += hi - lo
                    lo = hi

        read.append(lines.mapInArrow(read_sign_lines, _READ_SCHEMA))
    records = None
    if read:
        records = read[0] if len(read) == 1 else read[0].unionByName(read[1])
        records = keep(records)
    stages.append(("read_hash", time.time() - t))

    in_place = False
    if records is None:
        docs = None
        counts.update(read=0, new=0)
    else:
        # Counts by reason, from the records alone: this first action also reads, signs and
        # caches them, so no later job scans the cache for the counts. Duplicates are
        # subtracted below (a duplicate counts as one whether it is too short or not).
        by_kind = records.groupBy("ok", "skip_reason", "too_short").count().collect()
        # Duplicate ids: the first in input order is kept (too-short articles count as seen).
        # Only (id, file_index, ordinal) of the articles read go through the window's shuffle,
        # not whole records with their texts; skipped records have no id. Duplicates are few,
        # so they are broadcast back onto the records (when there is none, no join at all).
        w_id = Window.partitionBy("id").orderBy("file_index", "ordinal")
        dups = (
            records.where(F.col("ok"))
            .select("id", "file_index", "ordinal", "too_short")
            .withColumn("rn", F.row_number().over(w_id))
            .where(F.col("rn") > 1)
            .select("file_index", "ordinal", "too_short", F.lit(True).alias("dup"))
            .transform(keep)
        )
        dup_short = {r["too_short"]: r["count"] for r in dups.groupBy("too_short").count().collect()}
        n_dups = sum(dup_short.values())
        if n_dups == 0:
            marked = records.withColumn("dup", F.lit(False))
        else:
            flags = dups.select("file_index", "ordinal", "dup")
            small = F.broadcast(flags) if n_dups <= _BROADCAST_DUPS else flags
            marked = records.join(small, ["file_index", "ordinal"], "left").withColumn(
                "dup", F.coalesce(F.col("dup"), F.lit(False))
            )
            if n_dups > _BROADCAST_DUPS:
                # Joined by a shuffle of the records: kept, not shuffled again by every use.
                # A broadcast join is cheaper to repeat than a second cache of every text.
                marked = keep(marked)
        if opts["strict"]:
            bad = (
                marked.where((~F.col("ok")) | F.col("dup"))
                .orderBy("file_index", "ordinal")
                .select("ok", "skip_detail", "skip_reason", "line", "id", "file_index")
                .limit(1)
                .collect()
            )
            if bad:
                r = bad[0]
                shown = files[r["file_index"]][2]
                if r["ok"]:
                    msg = f"{shown}: line {r['line']}: duplicate id: id {r['id']!r} already read"
                    raise WiretraceError(msg, path=shown, line=r["line"], reason=f"duplicate_id: id {r['id']!r} already read")
                raise WiretraceError(r["skip_detail"], path=shown, line=r["line"], reason=r["skip_reason"])
        ok_by_short = {True: 0, False: 0}
        for row in by_kind:
            if row["ok"]:
                ok_by_short[bool(row["too_short"])] += row["count"]
            else:
                skipped[row["skip_reason"]] = skipped.get(row["skip_reason"], 0) + row["count"]
        for reason, n in (
            ("duplicate_id", n_dups),
            ("too_short", ok_by_short[True] - dup_short.get(True, 0)),
        ):
            if n:
                skipped[reason] = n
        counts["read"] = sum(row["count"] for row in by_kind)
        counts["new"] = ok_by_short[False] - dup_short.get(False, 0)

        kept = marked.where(F.col("ok") & ~F.col("dup") & ~F.col("too_short"))
        placed = _number_in_place(spark, kept) if n_dups <= _BROADCAST_DUPS else None
        in_place = placed is not None
        if placed is not None:
            numbered, firsts = placed
        else:
            # Article numbers: the CLI's order, as offsets per part of a file (a whole file is
            # one part) plus the rank within the part, by a window (every record with its text
            # shuffled and sorted).
            first = _part_offsets({(r["file_index"], r["part"]): r["count"] for r in kept.groupBy("file_index", "part").count().collect()})
            off_df = spark.createDataFrame([(f, p, o) for (f, p), o in first.items()], "file_index INT, part LONG, offset LONG")
            w_part = Window.partitionBy("file_index", "part").orderBy("ordinal")
            numbered = kept.withColumn("rank", F.row_number().over(w_part)).join(F.broadcast(off_df), ["file_index", "part"])
            numbered = numbered.withColumn("doc", (F.col("offset") + F.col("rank") - 1).cast("int"))
            firsts = {r["outlet"]: r["first"] for r in numbered.groupBy("outlet").agg(F.min("doc").alias("first")).collect()}
        # Outlets numbered by first appearance in article order, as ingest numbers them.
        by_first = sorted(firsts, key=firsts.__getitem__)
        outlet_df = spark.createDataFrame([(o, i) for i, o in enumerate(by_first)], "outlet STRING, outlet_no INT")
        # The chrome rules know an article by its site: its outlet's number, or its own when it
        # names no outlet (the crate's `Catalog::site_of`).
        own_site = (F.col("doc").bitwiseAND(_core.OWN_SITE_BIT - 1)).bitwiseOR(_core.OWN_SITE_BIT)
        docs = (
            numbered.join(F.broadcast(outlet_df), "outlet")
            .withColumn("site", F.when(F.col("outlet") == _core.UNKNOWN_OUTLET, own_site).otherwise(F.col("outlet_no")))
            .select("doc", "id", "site", "text", "meta", "bands", "anchors", "anchor_pos", "anchor_nbhd")
        )
        if not in_place:
            # Numbered by a shuffle: kept, so that the records (and the shuffle) can go.
            docs = keep(docs)
            docs.count()
            marked.unpersist()
            dups.unpersist()
            records.unpersist()
        # Else the articles are a view of the kept records (filters and broadcast joins where
        # they lie), not a second copy of every text; the records stay until the run ends.
    stages[-1] = ("read_hash", time.time() - t)

    # --- candidates ---------------------------------------------------------------------------
    t = time.time()
    stock: List[int] = []
    chrome: List[Tuple[int, int]] = []
    if docs is not None and counts["new"] > 0:
        band_groups = (
            docs.select("doc", F.explode("bands").alias("band"))
            .groupBy("band")
            .agg(F.collect_list("doc").alias("docs"))
            .where(F.size("docs") >= 2)
        )

        def band_pairs(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            core = get_core()
            for batch in batches:
                if batch.num_rows == 0:
                    continue
                groups = batch.column("docs")
                a, b = core.band_pairs(_raw(groups.offsets, 4), _raw(groups.values, 4))
                yield pa.RecordBatch.from_arrays([_int32s(a), _int32s(b)], schema=_PAIR_SCHEMA)

        lsh_pairs = band_groups.select("docs").mapInArrow(band_pairs, "a INT, b INT").distinct().transform(keep)

        # Anchor groups: one row per (article, anchor), 23.6 million at 100k articles, too
        # many to move as Spark rows (each shuffled, sorted and handed to Python on its own).
        # The crate packs them into blobs by bucket of anchor; Spark's shuffle moves the blobs
        # (every row of an anchor is in one bucket, and a bucket goes to one partition); the
        # crate sorts each partition's rows and runs the group step on each anchor two or
        # more articles hold. Each partition's rows are held in memory at once, 24 bytes a
        # row: about 5.7 GB per million articles, over the shuffle partitions.
        buckets = nparts * _BUCKETS_PER_PARTITION

        def pack_anchors(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            core = get_core()
            for batch in batches:
                if batch.num_rows == 0:
                    continue
                lists = [_binary_buffers(batch.column(name)) for name in ("anchors", "anchor_pos", "anchor_nbhd")]
                keys, blobs = core.pack_anchor_rows(_raw(batch.column("doc"), 4), _raw(batch.column("site"), 4), *lists, buckets)
                yield _blob_batch(keys, blobs)

        def anchor_groups(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            # The crate takes the blobs one at a time: only their decoded rows are held.
            blobs = (_binary_data(b.column("rows")) for b in batches if b.num_rows)
            (lk, lblobs), st, (ca, co) = get_core().anchor_groups(blobs, buckets)
            if not (lk or st or ca):
                return
            rest = len(st) + len(ca)
            yield pa.RecordBatch.from_pydict(
                {
                    "kind": [0] * len(lk) + [1] * len(st) + [2] * len(ca),
                    "p": lk + [None] * rest,
                    "rows": lblobs + [None] * rest,
                    "anchor": [None] * len(lk) + st + ca,
                    "outlet": [None] * (len(lk) + len(st)) + co,
                },
                schema=_ANCHOR_OUT_SCHEMA,
            )

        anchor_out = (
            docs.select("doc", "site", "anchors", "anchor_pos", "anchor_nbhd")
            .mapInArrow(pack_anchors, "p INT, rows BINARY")
            .repartition(nparts, "p")
            .mapInArrow(anchor_groups, "kind INT, p INT, rows BINARY, anchor LONG, outlet INT")
            .transform(keep)
        )
        for r in anchor_out.where("kind > 0").select("kind", "anchor", "outlet").collect():
            if r["kind"] == 1:
                stock.append(r["anchor"])
            else:
                chrome.append((r["anchor"], r["outlet"]))

        def links_rule(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            # Every link of a pair is in this partition (its bucket is the pair's): the crate's
            # rule sees them all at once. Out: pairs with two or more links (no positions) and
            # pairs with one (positions: the pair rule's local check runs where both texts are,
            # in verification, when `check`: the anchor's neighbours did not already rule a run
            # out).
            blobs = [_binary_data(b.column("rows")) for b in batches if b.num_rows]
            if not blobs:
                return
            (sa, sb), (oa, ob, opa, opb, check) = get_core().links_to_pairs(blobs)
            n_sure, n_one = len(sa) // 4, len(check)
            yield pa.RecordBatch.from_arrays(
                [
                    _int32s(sa + oa),
                    _int32s(sb + ob),
                    pa.concat_arrays([pa.nulls(n_sure, pa.int32()), _int32s(opa)]),
                    pa.concat_arrays([pa.nulls(n_sure, pa.int32()), _int32s(opb)]),
                    pa.concat_arrays(
                        [
                            pa.nulls(n_sure, pa.bool_()),
                            pa.Array.from_buffers(pa.int8(), n_one, [None, pa.py_buffer(check)]).cast(pa.bool_()),
                        ]
                    ),
                ],
                schema=_LINK_SCHEMA,
            )

        anchor_pairs = (
            anchor_out.where("kind = 0")
            .select("p", "rows")
            .repartition(nparts, "p")
            .mapInArrow(links_rule, "a INT, b INT, pos_a INT, pos_b INT, check BOOLEAN")
            .transform(keep)
        )
        counts["candidates_lsh"] = lsh_pairs.count()
        # Pairs with two or more links (no positions) and lone links, counted in one job.
        by_links = {r["sure"]: r["count"] for r in anchor_pairs.groupBy(F.col("pos_a").isNull().alias("sure")).count().collect()}
        sure_anchor = by_links.get(True, 0)
        counts["anchor_single_links"] = by_links.get(False, 0)
        # One row per pair: `free` when a band key or two shared anchors made it a candidate;
        # the positions of its single anchor link, if it has one and its texts can confirm it,
        # for the local check. A pair that is neither goes no further: not a candidate, its
        # link not confirmed (as the CLI decides it without reading the texts).
        null = F.lit(None).cast("int")
        cands = (
            lsh_pairs.select("a", "b", null.alias("pos_a"), null.alias("pos_b"), F.lit(None).cast("boolean").alias("check"))
            .unionByName(anchor_pairs)
            .groupBy("a", "b")
            .agg(
                F.max(F.col("pos_a").isNull().cast("int")).alias("free"),
                F.first("pos_a", ignorenulls=True).alias("pos_a"),
                F.first("pos_b", ignorenulls=True).alias("pos_b"),
                F.first("check", ignorenulls=True).alias("check"),
            )
            .where((F.col("free") == 1) | F.col("check"))
            .select(
                "a",
                "b",
                (F.col("free") == 1).alias("free"),
                F.when(F.col("check"), F.col("pos_a")).alias("pos_a"),
                F.when(F.col("check"), F.col("pos_b")).alias("pos_b"),
            )
            .transform(keep)
        )
        bp_len = len(set(stock)) + len(set(chrome))
        counts["boilerplate_anchors"] = bp_len
        stages.append(("candidates", time.time() - t))

        # --- verification ---------------------------------------------------------------------
        t = time.time()
        bc = share((stock, [x for x, _ in chrome], [o for _, o in chrome]))
        side = docs.select("doc", "id", "site", "text")
        sa = side.select(F.col("doc").alias("a"), F.col("id").alias("id_a"), F.col("site").alias("site_a"), F.col("text").alias("text_a"))
        sb = side.select(F.col("doc").alias("b"), F.col("id").alias("id_b"), F.col("site").alias("site_b"), F.col("text").alias("text_b"))
        # The candidates (20 bytes a row) are broadcast to the articles when they are few
        # enough, so that the first join streams the cached texts where they lie instead of
        # shuffling every text by `a` (4 GB at a million articles). The second join leaves
        # the rows partitioned by b: sorted by b there, each b's text is prepared once per
        # run (no third shuffle of both texts to group them by a).
        n_cands = cands.count()
        work = (
            (F.broadcast(cands) if n_cands <= _BROADCAST_CANDS else cands)
            .join(sa, "a")
            .join(sb, "b")
            .sortWithinPartitions("b")
            .select("a", "b", "id_a", "id_b", "site_a", "site_b", "text_a", "text_b", "pos_a", "pos_b", "free")
        )

        def verify(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            core = get_core()
            s_, ca_, co_ = bc.value
            boiler = _core.Boiler(s_, ca_, co_)
            for batch in batches:
                c = {k: batch.column(k).to_pylist() for k in batch.schema.names if not k.startswith("text")}
                flags, checks, cores, enc = core.verify(
                    c["a"], c["b"], c["id_a"], c["id_b"], c["site_a"], c["site_b"],
                    _binary_buffers(batch.column("text_a")), _binary_buffers(batch.column("text_b")),
                    c["pos_a"], c["pos_b"], c["free"], boiler, runs_of_b=True, packed_texts=True,
                )
                # Every row comes back: whether it was a candidate and what the local check said
                # feed the counts; the pair is set when it is reuse.
                yield pa.RecordBatch.from_pydict(
                    {"a": c["a"], "b": c["b"], "candidate": flags, "confirmed": checks, "core": cores, "pair": enc},
                    schema=_VERIFIED_SCHEMA,
                )

        checked = work.mapInArrow(
            verify, "a INT, b INT, candidate BOOLEAN, confirmed BOOLEAN, core BOOLEAN, pair STRING"
        ).transform(keep)
        agg = checked.agg(
            F.sum(F.col("candidate").cast("long")).alias("candidates"),
            F.sum(F.coalesce(F.col("confirmed"), F.lit(False)).cast("long")).alias("confirmed"),
        ).collect()[0]
        counts["candidates"] = int(agg["candidates"] or 0)
        counts["candidates_anchor"] = sure_anchor + int(agg["confirmed"] or 0)
        verified_df = checked.where("pair IS NOT NULL").select("a", "b", "core", "pair").transform(keep)
        # Arrow, not Python strings: the crate decodes the buffers (the pairs carry their
        # passages' texts, a gigabyte at a million articles).
        verified = _collect_arrow(verified_df.select("pair")).column("pair")
        stages.append(("verify", time.time() - t))

        # --- clustering's connected components ------------------------------------------------
        t = time.time()
        comp, rounds = connected_components(verified_df.where("core").select("a", "b"))
        labelled = _collect_arrow(comp)
        components = (labelled.column("doc").to_pylist(), labelled.column("label").to_pylist())
        stages.append(("components", time.time() - t))
    else:
        for k in ("candidates_lsh", "candidates_anchor", "anchor_single_links", "candidates", "boilerplate_anchors"):
            counts[k] = 0
        components, rounds = ([], []), 0
        verified = pa.chunked_array([], pa.string())
        stages.append(("candidates", time.time() - t))

    # --- analysis and reports (the CLI's code, on the driver) ---------------------------------
    # In two steps: the analysis that needs no text names the few texts the rest reads (cluster
    # members without a verified pair with their origin, the pairs report.html shows); only
    # those come to the driver.
    t = time.time()
    # In DocId order, sorted here rather than by a shuffle of every article's metadata.
    metas = None
    if docs is not None:
        got = _collect_arrow(docs.select("doc", "meta"))
        metas = got.take(pc.sort_indices(got.column("doc"))).column("meta")
        del got
    conclusion = driver_core.conclusion(list(_utf8_chunks(metas)) if metas is not None else [])
    del metas
    for offsets, data in _utf8_chunks(verified):
        conclusion.add_pairs(offsets, data)
    del verified
    needed = conclusion.analyse(components=components)
    counts_texts = len(needed)
    texts: Dict[int, str] = {}
    if needed:
        wanted = F.broadcast(spark.createDataFrame([(d,) for d in needed], "doc INT"))
        got = _collect_arrow(docs.join(wanted, "doc").select("doc", "text"))
        texts = dict(zip(got.column("doc").to_pylist(), _core.unpack_texts(got.column("text").to_pylist())))
        del got
    stages.append(("align", time.time() - t))
    t = time.time()
    boiler = _core.Boiler(stock, [x for x, _ in chrome], [o for _, o in chrome])
    conclusion.finish(texts, boiler, counts, skipped, stages, time.time() - started)
    stages.append(("conclude_write", time.time() - t))
    t = time.time()
    _write_parquet(opts["out"])
    stages.append(("parquet", time.time() - t))
    return {
        "counts": counts,
        "skipped": skipped,
        "files_in_parts": len(split),
        "parts": parts_read,
        "stages": stages,
        "seconds": time.time() - started,
        "component_rounds": rounds,
        "texts_to_driver": counts_texts,
        "numbered_in_place": in_place,
    }


def _part_offsets(counts: Dict[Tuple[int, int], int]) -> Dict[Tuple[int, int], int]:
    """The number of each part's first article, from the articles kept per (file index, part):
    parts in the CLI's order (by file, then part, a whole file being one part), each after the
    articles of the parts before it."""
    first, acc = {}, 0
    for key in sorted(counts):
        first[key] = acc
        acc += counts[key]
    return first


def _number_in_place(spark, kept):
    """The kept records numbered in the CLI's order without moving them, with each outlet's
    first article number; or None when their layout does not allow it (the caller then ranks
    them with a window).

    Each part of a file (a whole file is one part) is read by one task, which yields its
    records in line order, and nothing since has moved a row between or within partitions
    (the duplicates' join is a broadcast, which streams the records in place). So within a
    partition a part's kept records sit one after another, in order, and
    ``monotonically_increasing_id`` (the partition's index in the high bits, the row's position
    in it below) numbers them consecutively: an article's number is its part's offset in the
    CLI's order plus that id less the part's smallest. A part whose ids are not consecutive
    (not one run of one partition) means the layout is not as assumed: None. One aggregation
    by (part, outlet) gives both the parts' runs and the outlets' first articles."""
    from pyspark.sql import functions as F

    with_id = kept.withColumn("row_id", F.monotonically_increasing_id())
    rows = (
        with_id.groupBy("file_index", "part", "outlet")
        .agg(F.count(F.lit(1)).alias("n"), F.min("row_id").alias("lo"), F.max("row_id").alias("hi"))
        .collect()
    )
    parts: Dict[Tuple[int, int], List[int]] = {}
    for r in rows:
        p = parts.setdefault((r["file_index"], r["part"]), [0, r["lo"], r["hi"]])
        p[0] += r["n"]
        p[1], p[2] = min(p[1], r["lo"]), max(p[2], r["hi"])
    if any(hi - lo + 1 != n for n, lo, hi in parts.values()):
        return None
    first = _part_offsets({key: n for key, (n, _, _) in parts.items()})
    base = {key: first[key] - lo for key, (_, lo, _) in parts.items()}
    firsts: Dict[Any, int] = {}
    for r in rows:
        doc = base[(r["file_index"], r["part"])] + r["lo"]
        if r["outlet"] not in firsts or doc < firsts[r["outlet"]]:
            firsts[r["outlet"]] = doc
    off_df = spark.createDataFrame([(f, p, b) for (f, p), b in base.items()], "file_index INT, part LONG, base LONG")
    numbered = with_id.join(F.broadcast(off_df), ["file_index", "part"]).withColumn(
        "doc", (F.col("base") + F.col("row_id")).cast("int")
    )
    return numbered, firsts


def connected_components(edges, max_rounds: int = 100):
    """The connected components of an undirected graph given as a DataFrame of edges ``(a, b)``
    (ints): a DataFrame ``(doc, label)`` with one row for every vertex on an edge that is not
    the smallest of its component, labelled by that smallest vertex; and the number of rounds.

    Large-star / small-star (Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii, "Connected
    Components in MapReduce and Beyond", SoCC 2014): both steps keep every component connected
    and pull its edges towards its smallest vertex; O(log² n) rounds. Edges are kept oriented
    (``u > v``). The loop stops when the graph is a set of stars around their smallest vertices
    (every ``u`` has one edge and no ``v`` is a ``u``): since the steps keep components, each
    star is then one whole component. Each round's edges are checkpointed so that the plan does
    not grow with the rounds: reliably when the SparkContext has a checkpoint directory
    (``setCheckpointDir``; wise where executors come and go, as under dynamic allocation), else
    ``localCheckpoint`` (executor storage)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    e = (
        edges.select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v"))
        .where("u != v")
        .distinct()
    )
    e = _cut_lineage(e)
    rounds = 0
    while not _is_stars(e):
        if rounds >= max_rounds:
            raise WiretraceError(
                f"wiretrace.spark: connected components did not converge in {max_rounds} rounds",
                reason="components did not converge",
            )
        rounds += 1
        # Large star: each vertex's larger neighbours move to the smallest of its neighbourhood
        # (itself included).
        both = e.unionByName(e.select(F.col("v").alias("u"), F.col("u").alias("v")))
        large = (
            both.withColumn("m", F.least(F.min("v").over(Window.partitionBy("u")), F.col("u")))
            .where(F.col("v") > F.col("u"))
            .select(F.col("v").alias("u"), F.col("m").alias("v"))
        )
        # Small star: each vertex and its smaller neighbours move to the smallest of those.
        m = large.withColumn("m", F.min("v").over(Window.partitionBy("u")))
        small = (
            m.where(F.col("v") != F.col("m"))
            .select(F.col("v").alias("u"), F.col("m").alias("v"))
            .unionByName(m.select("u", F.col("m").alias("v")))
        )
        e = _cut_lineage(small.distinct())
    return e.select(F.col("u").alias("doc"), F.col("v").alias("label")), rounds


def _cut_lineage(df):
    sc = df.sparkSession.sparkContext
    return df.checkpoint(eager=True) if sc.getCheckpointDir() else df.localCheckpoint(eager=True)


def _is_stars(e) -> bool:
    """Whether oriented edges ``(u, v)``, ``u > v``, are stars: each ``u`` has one edge and no
    ``v`` is a ``u``."""
    from pyspark.sql import functions as F

    ends = e.select(F.col("u").alias("n"), F.lit(1).alias("out"), F.lit(0).alias("into")).unionByName(
        e.select(F.col("v").alias("n"), F.lit(0).alias("out"), F.lit(1).alias("into"))
    )
    bad = (
        ends.groupBy("n")
        .agg(F.sum("out").alias("out"), F.max("into").alias("into"))
        .where("out > 1 OR (out = 1 AND into = 1)")
        .limit(1)
        .count()
    )
    return bad == 0


def _collect_arrow(df) -> pa.Table:
    """``df`` on the driver as an Arrow table, in its order: Arrow batches from the JVM, not a
    pickled Row per record (``toArrow`` from Spark 4, the same internal call before it)."""
    if hasattr(df, "toArrow"):
        return df.toArrow()
    from pyspark.sql.pandas.types import to_arrow_schema

    return pa.Table.from_batches(df._collect_as_arrow(), schema=to_arrow_schema(df.schema))


def _utf8_chunks(col: pa.ChunkedArray) -> Iterator[Tuple[bytes, bytes]]:
    """A string column without nulls as the crate reads it, chunk by chunk: each chunk's
    ``len + 1`` int32 offsets (little-endian) and the data buffer they point into."""
    for arr in col.chunks:
        if len(arr):
            yield _utf8_buffers(arr)


def _raw(arr: pa.Array, width: int) -> bytes:
    """The values of a fixed-width Arrow array without nulls (``width`` bytes each), as the
    little-endian bytes the crate's flat-row functions read."""
    if arr.null_count:
        raise ValueError("a fixed-width column for the crate holds nulls")
    return arr.buffers()[1].slice(arr.offset * width, len(arr) * width).to_pybytes()


def _list_as_binary(arr: pa.LargeListArray, width: int) -> pa.Array:
    """A list array of ``width``-byte values (no nulls, as signing makes them) as a
    ``large_binary`` array: the same values buffer, its offsets in bytes."""
    if arr.null_count or arr.offset or arr.values.offset:
        raise ValueError("a list column to pack is sliced or holds nulls")
    offsets = pc.multiply(arr.offsets, pa.scalar(width, pa.int64()))
    return pa.Array.from_buffers(pa.large_binary(), len(arr), [None, offsets.buffers()[1], arr.values.buffers()[1]])


def _binary_buffers(arr: pa.Array) -> Tuple[bytes, bytes]:
    """A binary array without nulls as the crate reads it: its ``len + 1`` int32 offsets
    (little-endian) and the data buffer they point into."""
    if arr.null_count:
        raise ValueError("a binary column for the crate holds nulls")
    return _var_buffers(arr)


def _binary_data(arr: pa.Array) -> bytes:
    """The values of a binary Arrow array without nulls, end to end: packed rows (whole rows
    in each value, so whole rows in all of them together), as the crate reads them."""
    if arr.null_count:
        raise ValueError("a column of packed rows holds nulls")
    if len(arr) == 0:
        return b""
    _, offsets, data = arr.buffers()
    (lo,) = struct.unpack_from("<i", offsets, arr.offset * 4)
    (hi,) = struct.unpack_from("<i", offsets, (arr.offset + len(arr)) * 4)
    return data.slice(lo, hi - lo).to_pybytes()


def _blob_batch(keys: List[int], blobs: List[bytes]) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays([pa.array(keys, pa.int32()), pa.array(blobs, pa.binary())], schema=_BLOB_SCHEMA)


def _int32s(data: bytes) -> pa.Array:
    return pa.Array.from_buffers(pa.int32(), len(data) // 4, [None, pa.py_buffer(data)])


def _signed_batches(c: Dict[str, Any], file_index: int, ordinal_base: int, part: int) -> Iterator[pa.RecordBatch]:
    """What ``read_and_sign`` returned for (a part of) one file as Arrow batches of the reading
    stage's schema: ``ordinal`` shifted by ``ordinal_base`` (so that a file's parts order its
    records as the whole file does); ``part`` the first line of the part (0 for a whole file)."""
    n = len(c["ordinal"])
    c["file_index"] = [file_index] * n
    c["part"] = [part] * n
    if ordinal_base:
        c["ordinal"] = [o + ordinal_base for o in c["ordinal"]]
    schema = _sign_arrow_schema()
    arrays = _signed_arrays(c, _sign_arrow_schema(lists=True))
    # An article's anchors, positions and neighbours as one binary value each (its list's
    # values end to end): Spark moves and caches a binary value whole, an array item by item.
    for name, width in (("anchors", 8), ("anchor_pos", 4), ("anchor_nbhd", 4)):
        arrays[name] = _list_as_binary(arrays[name], width)
    # Small batches: one Arrow batch per file would have the JVM hold a whole file's articles
    # at once. Each slice is cast to the 32-bit-offset types Spark reads (a whole file's texts
    # could overflow them).
    for lo in range(0, n, _OUT_BATCH):
        m = min(_OUT_BATCH, n - lo)
        yield pa.RecordBatch.from_arrays([arrays[f.name].slice(lo, m).cast(f.type) for f in schema], schema=schema)


def _number_parts(spark, files, split, counted) -> Dict[Tuple[str, int], Tuple[int, int, str, Optional[str]]]:
    """From the line count of each part ``(f, start, count)`` (``f`` as Spark's text reader
    names the file), each part's (file index, number of its first line, name shown, rel), keyed
    by ``(f, start)``. Every split file must be seen."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    by_uri = {f[1]: f for f in files if f[0] in split}
    per_file: Dict[int, List[Tuple[int, str, int]]] = {}
    for r in counted:
        path = jvm.org.apache.hadoop.fs.Path(jvm.java.net.URI(r["f"]))
        uri = path.getFileSystem(conf).makeQualified(path).toString()
        f = by_uri.get(uri)
        if f is None:
            raise WiretraceError(f"wiretrace.spark: Spark read {r['f']}, which was not listed", reason="files listed but not read")
        per_file.setdefault(f[0], []).append((int(r["start"]), r["f"], int(r["count"])))
    if len(per_file) != len(split):
        raise WiretraceError(
            f"wiretrace.spark: Spark read {len(per_file)} of {len(split)} files read in parts",
            reason="files listed but not read",
        )
    out: Dict[Tuple[str, int], Tuple[int, int, str, Optional[str]]] = {}
    for fi, parts in per_file.items():
        first = 1
        _, _, shown, rel, _, _ = files[fi]
        for start, name, n in sorted(parts):
            out[(name, start)] = (fi, first, shown, rel)
            first += n
    return out


#: Duplicate-id records up to which their flags are broadcast onto the records (16 bytes each);
#: also the paired articles up to which their numbers are broadcast to pick out their texts.
_BROADCAST_DUPS = 2_000_000

#: Candidate pairs up to which they are broadcast to the articles for the first verification
#: join (≈ 20 bytes each in the join: 100 MB).
_BROADCAST_CANDS = 5_000_000

#: Buckets of packed rows per shuffle partition: Spark spreads buckets over partitions by a hash
#: of the bucket number, and many small buckets even out what each partition receives.
_BUCKETS_PER_PARTITION = 16

#: Rows per Arrow batch handed back to Spark by the reading stage.
_OUT_BATCH = 2048


def _sign_arrow_schema(lists: bool = False) -> pa.Schema:
    """The reading stage's Arrow schema; ``lists``: with the anchors, positions and
    neighbours as the crate returns them (lists), not as binary values."""
    anchor_cols = [("anchors", pa.int64()), ("anchor_pos", pa.int32()), ("anchor_nbhd", pa.int32())]
    return pa.schema(
        [
            ("file_index", pa.int32()),
            ("part", pa.int64()),
            ("ordinal", pa.int64()),
            ("ok", pa.bool_()),
            ("too_short", pa.bool_()),
            ("skip_reason", pa.string()),
            ("line", pa.int64()),
            ("skip_detail", pa.string()),
            ("id", pa.string()),
            ("text", pa.binary()),
            ("outlet", pa.string()),
            ("meta", pa.string()),
            ("bands", pa.list_(pa.int64())),
        ]
        + [(name, pa.list_(t) if lists else pa.binary()) for name, t in anchor_cols]
    )


_PAIR_SCHEMA = pa.schema([("a", pa.int32()), ("b", pa.int32())])
_LINK_SCHEMA = pa.schema(
    [("a", pa.int32()), ("b", pa.int32()), ("pos_a", pa.int32()), ("pos_b", pa.int32()), ("check", pa.bool_())]
)
_VERIFIED_SCHEMA = pa.schema(
    [
        ("a", pa.int32()),
        ("b", pa.int32()),
        ("candidate", pa.bool_()),
        ("confirmed", pa.bool_()),
        ("core", pa.bool_()),
        ("pair", pa.string()),
    ]
)
_ANCHOR_OUT_SCHEMA = pa.schema(
    [("kind", pa.int32()), ("p", pa.int32()), ("rows", pa.binary()), ("anchor", pa.int64()), ("outlet", pa.int32())]
)
_BLOB_SCHEMA = pa.schema([("p", pa.int32()), ("rows", pa.binary())])


def _write_parquet(out: str) -> None:
    """The CSV reports again as typed Parquet, in ``out/parquet/``, from the files just written
    (cells as written: ids defused as in the CSV)."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from wiretrace import CLUSTERS_SCHEMA, CREDITS_SCHEMA, OUTLETS_SCHEMA, PAIRS_SCHEMA, PASSAGES_SCHEMA

    target = os.path.join(out, "parquet")
    os.makedirs(target, exist_ok=True)
    for name, schema in [
        ("pairs", PAIRS_SCHEMA),
        ("passages", PASSAGES_SCHEMA),
        ("clusters", CLUSTERS_SCHEMA),
        ("credits", CREDITS_SCHEMA),
        ("outlets", OUTLETS_SCHEMA),
    ]:
        src = os.path.join(out, name + ".csv")
        table = pcsv.read_csv(
            src,
            parse_options=pcsv.ParseOptions(newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(
                column_types={f.name: f.type for f in schema},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        tmp = os.path.join(target, f".{name}.parquet.tmp")
        pq.write_table(table.select(schema.names), tmp)
        os.replace(tmp, os.path.join(target, name + ".parquet"))


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m wiretrace.spark scan INPUT... [CLI flags] [--master URL] [--partitions N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m wiretrace.spark",
        description="wiretrace scan on Spark: same flags and reports as `wiretrace scan`.",
    )
    parser.add_argument("command", choices=["scan"])
    parser.add_argument("--master", help="Spark master URL (default: local[*], or what spark-submit set)")
    parser.add_argument(
        "--partitions",
        type=int,
        help="shuffle partitions (spark.sql.shuffle.partitions; default in local mode: four a core, "
        "else Spark's setting)",
    )
    parser.add_argument(
        "--driver-memory",
        help="driver JVM memory when the job starts Spark (default: half the machine's memory in "
        "local mode, where the driver runs every task, at least 2g and at most 64g; else 2g)",
    )
    args, rest = parser.parse_known_args(argv)
    memory = args.driver_memory or default_driver_memory(args.master)
    spark = None
    try:
        spark = session(args.master, driver_memory=memory)
        spark.sparkContext.setLogLevel("ERROR")
        partitions = args.partitions
        if partitions is None and not spark.sparkContext.getConf().contains("spark.sql.shuffle.partitions"):
            partitions = default_partitions(spark.sparkContext.master)
        result = run_scan(spark, rest, partitions)
    except WiretraceError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except Exception:
        # A JVM out of heap stops the SparkContext, and the job's next call fails with an error
        # that no longer says why: say it.
        if spark is not None and spark.sparkContext._jsc.sc().isStopped():
            print(
                "error: Spark stopped during the job, most often because its JVM ran out of memory "
                f"(driver memory {memory}, which runs every task in local mode): run again with a "
                "larger --driver-memory, or on a cluster",
                file=sys.stderr,
            )
            return 1
        raise
    opts = _core.scan_options(rest)
    if not opts["quiet"]:
        stages = ", ".join(f"{n} {s:.1f}s" for n, s in result["stages"])
        rounds = result["component_rounds"]
        print(
            f"wiretrace.spark: {stages}; total {result['seconds']:.1f}s; components in {rounds} round(s)",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
