"""wiretrace: find near-duplicate news articles and shared wire copy across outlets.

The Python face of the Rust crate: :func:`scan` runs exactly what ``wiretrace scan`` runs and
returns the reports as pyarrow Tables; :func:`sign_batch` and :func:`verify_batch` expose the
per-article and per-pair stages to engines (``wiretrace.spark`` uses them). The work runs in Rust
with the GIL released, on at most ``threads`` threads.
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow as pa

from . import _core
from ._errors import UsageError, WiretraceError

__all__ = [
    "scan",
    "ScanResult",
    "sign_batch",
    "verify_batch",
    "WiretraceError",
    "UsageError",
    "PAIRS_SCHEMA",
    "PASSAGES_SCHEMA",
    "CLUSTERS_SCHEMA",
    "CREDITS_SCHEMA",
    "OUTLETS_SCHEMA",
]

PathLike = Union[str, "os.PathLike[str]"]

#: The columns of ``pairs.csv``, typed.
PAIRS_SCHEMA = pa.schema(
    [
        ("id_a", pa.string()),
        ("id_b", pa.string()),
        ("outlet_a", pa.string()),
        ("outlet_b", pa.string()),
        ("date_a", pa.string()),
        ("date_b", pa.string()),
        ("jaccard", pa.float64()),
        ("containment_a", pa.float64()),
        ("containment_b", pa.float64()),
        ("shared_words", pa.int64()),
        ("passage", pa.string()),
        ("origin", pa.string()),
        ("agency", pa.string()),
        ("cluster", pa.int64()),
        ("kind", pa.string()),
    ]
)
#: The columns of ``passages.csv``, typed.
PASSAGES_SCHEMA = pa.schema(
    [
        ("id_a", pa.string()),
        ("start_a", pa.int64()),
        ("end_a", pa.int64()),
        ("id_b", pa.string()),
        ("start_b", pa.int64()),
        ("end_b", pa.int64()),
        ("words", pa.int64()),
        ("text", pa.string()),
    ]
)
#: The columns of ``clusters.csv``, typed (``containment`` is null where the CSV cell is empty).
CLUSTERS_SCHEMA = pa.schema(
    [
        ("cluster", pa.int64()),
        ("id", pa.string()),
        ("outlet", pa.string()),
        ("date", pa.string()),
        ("title", pa.string()),
        ("role", pa.string()),
        ("containment", pa.float64()),
        ("agency", pa.string()),
    ]
)
#: The columns of ``credits.csv``.
CREDITS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("outlet", pa.string()),
        ("agency", pa.string()),
        ("kind", pa.string()),
        ("evidence", pa.string()),
    ]
)
#: The columns of ``outlets.csv``, typed.
OUTLETS_SCHEMA = pa.schema(
    [
        ("outlet", pa.string()),
        ("agency", pa.string()),
        ("articles", pa.int64()),
        ("reusing", pa.int64()),
        ("share", pa.float64()),
        ("credited", pa.int64()),
        ("uncredited", pa.int64()),
        ("rewritten", pa.int64()),
    ]
)

# Options that are the CLI's but have no meaning here (scan() never uses an index).
_REFUSED = {"index", "lock_timeout"}


def _option_args(options: Mapping[str, Any]) -> List[str]:
    """``wiretrace scan`` flags from keyword options: ``min_passage=30`` → ``--min-passage 30``,
    ``strict=True`` → ``--strict``, ``field=["text=body"]`` or ``field={"text": "body"}`` →
    ``--field text=body``. The CLI's own parser then validates them."""
    argv: List[str] = []
    for key, value in options.items():
        if key in _REFUSED:
            raise UsageError(f"scan(): option {key!r} is not supported from Python", reason=key, exit_code=2)
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            argv.append(flag)
        elif isinstance(value, Mapping):
            for k, v in value.items():
                argv += [flag, f"{k}={v}"]
        elif isinstance(value, (list, tuple)):
            for v in value:
                argv += [flag, os.fspath(v) if isinstance(v, os.PathLike) else str(v)]
        else:
            argv += [flag, os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    return argv


def _inputs(inputs: Union[PathLike, Sequence[PathLike]]) -> List[str]:
    if isinstance(inputs, (str, os.PathLike)):
        return [os.fspath(inputs)]
    out = [os.fspath(i) for i in inputs]
    if not out:
        raise UsageError("scan(): no inputs", reason="no inputs", exit_code=2)
    return out


@dataclass(frozen=True)
class ScanResult:
    """The reports of one scan, as the CLI writes them: the same rows in the same order, ids
    exactly as read, numbers as numbers. ``out`` is where the files were written, if anywhere."""

    pairs: pa.Table
    passages: pa.Table
    clusters: pa.Table
    credits: pa.Table
    outlets: pa.Table
    summary: Dict[str, Any]
    out: Optional[str] = field(default=None)


def scan(
    inputs: Union[PathLike, Sequence[PathLike]],
    *,
    out: Optional[PathLike] = None,
    threads: Optional[int] = None,
    **options: Any,
) -> ScanResult:
    """Run ``wiretrace scan`` on ``inputs`` (files or folders) and return the reports.

    Options are the CLI's, with ``_`` for ``-``: ``shingle``, ``num_perm``, ``threshold``,
    ``min_containment``, ``min_passage``, ``agencies``, ``format``, ``field``, ``strict``,
    ``bom``, ``quiet``. With ``out=`` the report files and ``summary.json`` are also written
    there, byte-identical to the CLI's. ``threads`` bounds the worker threads (default: all
    cores). The GIL is released while the scan runs.

    Raises :class:`WiretraceError` (with ``path``, ``line``, ``reason``) when the run fails, and
    :class:`UsageError` for an option value that cannot work.
    """
    argv = _inputs(inputs) + _option_args(options)
    if threads is not None:
        argv += ["--threads", str(int(threads))]
    if out is not None:
        argv += ["--out", os.fspath(out)]
    else:
        argv += ["--quiet"] if "--quiet" not in argv else []
    cols = _core.scan_rows(argv, out is not None)
    return ScanResult(
        pairs=_report_table(cols["pairs"], PAIRS_SCHEMA),
        passages=_report_table(cols["passages"], PASSAGES_SCHEMA),
        clusters=_report_table(cols["clusters"], CLUSTERS_SCHEMA),
        credits=_report_table(cols["credits"], CREDITS_SCHEMA),
        outlets=_report_table(cols["outlets"], OUTLETS_SCHEMA),
        summary=json.loads(cols["summary"]),
        out=None if out is None else os.fspath(out),
    )


def _core_for(options: Mapping[str, Any], threads: Optional[int]) -> "_core.Core":
    agencies = options.get("agencies")
    rest = {k: v for k, v in options.items() if k != "agencies"}
    argv = ["-"] + _option_args(rest)
    if threads is not None:
        argv += ["--threads", str(int(threads))]
    extra: Optional[Tuple[str, str]] = None
    if agencies is not None:
        path = os.fspath(agencies)
        try:
            with open(path, encoding="utf-8") as f:
                extra = (path, f.read())
        except OSError as e:
            raise WiretraceError(f"{path}: {e.strerror}", path=path, reason=str(e.strerror)) from e
    return _core.Core(argv, extra)


#: What :func:`sign_batch` returns.
SIGNED_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("outlet", pa.string()),
        ("too_short", pa.bool_()),
        ("bands", pa.list_(pa.int64())),
        ("anchors", pa.list_(pa.int64())),
        ("anchor_pos", pa.list_(pa.int32())),
        ("anchor_nbhd", pa.list_(pa.int32())),
        ("meta", pa.string()),
    ]
)


def _buffer(b: Any) -> pa.Buffer:
    """An Arrow buffer over bytes the core made: a ``_core.Buffer`` is wrapped without a copy
    (``foreign_buffer`` keeps it alive as long as the Arrow buffer), ``bytes`` as they are."""
    if isinstance(b, _core.Buffer):
        if len(b) == 0:
            return pa.py_buffer(b"")
        return pa.foreign_buffer(b.address, len(b), base=b)
    return pa.py_buffer(b)


def _arrow_column(spec: Any, value_type: Optional[pa.DataType] = None) -> Union[pa.Array, pa.ChunkedArray]:
    """A column the core handed over as Arrow buffers, as a pyarrow array: ``("str", n, nulls,
    validity, offsets, data)`` is a ``large_string`` array (``"bin"``: ``large_binary``,
    ``"str32"``: ``string``), ``("list", n, offsets, values)`` a ``large_list`` of
    ``value_type`` (64-bit offsets: one file of a run can hold more than 2 GB of text; cast
    slices to ``string`` / ``list``), ``("num", type, n, data, nulls, validity)`` an ``int64`` or
    ``float64`` array, ``("chunks", [column, ...])`` a chunked array of those. Anything else is a list of
    values."""
    if isinstance(spec, tuple) and spec and spec[0] in ("str", "bin", "str32"):
        tag, n, nulls, valid, offsets, data = spec
        buffers = [None if valid is None else _buffer(valid), _buffer(offsets), _buffer(data)]
        t = {"str": pa.large_string(), "bin": pa.large_binary(), "str32": pa.string()}[tag]
        return pa.Array.from_buffers(t, n, buffers, null_count=nulls)
    if isinstance(spec, tuple) and spec and spec[0] == "num":
        _, type_name, n, data, nulls, valid = spec
        buffers = [None if valid is None else _buffer(valid), _buffer(data)]
        return pa.Array.from_buffers(pa.type_for_alias(type_name), n, buffers, null_count=nulls)
    if isinstance(spec, tuple) and spec and spec[0] == "list":
        _, n, offsets, values = spec
        assert value_type is not None
        vals = pa.Array.from_buffers(value_type, len(values) // value_type.byte_width, [None, _buffer(values)])
        offs = pa.Array.from_buffers(pa.int64(), n + 1, [None, _buffer(offsets)])
        return pa.LargeListArray.from_arrays(offs, vals)
    if isinstance(spec, tuple) and spec and spec[0] == "chunks":
        chunks = [_arrow_column(c, value_type) for c in spec[1]]
        return pa.chunked_array(chunks, type=chunks[0].type) if chunks else pa.chunked_array([], type=value_type)
    return pa.array(spec, type=value_type)


def _utf8_buffers(arr: Any) -> Tuple[bytes, bytes]:
    """A string array (or chunked array) without nulls as the core reads text columns: its
    ``len + 1`` int32 offsets (little-endian) and the data buffer they point into."""
    if isinstance(arr, pa.ChunkedArray):
        arr = pa.concat_arrays(arr.chunks) if arr.num_chunks != 1 else arr.chunk(0)
    if arr.null_count:
        raise UsageError("a text column holds nulls", reason="null text", exit_code=2)
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    return _var_buffers(arr)


def _var_buffers(arr: pa.Array) -> Tuple[bytes, bytes]:
    """A ``string`` or ``binary`` array (int32 offsets; nulls are the caller's to refuse) as
    the core reads such columns: its ``len + 1`` offsets (little-endian) and the data buffer
    they point into."""
    if len(arr) == 0:
        return b"\0\0\0\0", b""
    _, offsets, data = arr.buffers()
    return offsets.slice(arr.offset * 4, (len(arr) + 1) * 4).to_pybytes(), b"" if data is None else data.to_pybytes()


def _cast(arr: Union[pa.Array, pa.ChunkedArray], t: pa.DataType) -> pa.ChunkedArray:
    """``arr`` as type ``t``, in as many chunks as it takes: a ``large_string`` array over
    2 GiB of text becomes several ``string`` chunks (32-bit offsets) instead of an error."""
    if isinstance(arr, pa.ChunkedArray):
        if arr.type == t:
            return arr
        return pa.chunked_array([c for a in arr.chunks for c in _cast(a, t).chunks], type=t)
    if arr.type == t:
        return pa.chunked_array([arr], type=t)
    try:
        return pa.chunked_array([arr.cast(t)], type=t)
    except (pa.ArrowInvalid, pa.ArrowCapacityError):
        if len(arr) <= 1:
            raise
        half = len(arr) // 2
        chunks = _cast(arr.slice(0, half), t).chunks + _cast(arr.slice(half), t).chunks
        return pa.chunked_array(chunks, type=t)


def _report_table(cols: Mapping[str, Any], schema: pa.Schema) -> pa.Table:
    """A report as a table of ``schema`` from what the core's ``scan_rows`` returns for it:
    columns as Arrow buffers or lists (see :func:`_arrow_column`); a report without rows may
    come without columns."""
    arrays = []
    for f in schema:
        spec = cols.get(f.name)
        if spec is None:
            arrays.append(pa.chunked_array([], type=f.type))
        else:
            arrays.append(_cast(_arrow_column(spec, None if pa.types.is_string(f.type) else f.type), f.type))
    return pa.table(arrays, schema=schema)


def _signed_arrays(cols: Mapping[str, Any], schema: pa.Schema) -> Dict[str, pa.Array]:
    """The columns of ``schema`` from what the core's ``read_and_sign`` / ``sign_batch``
    return, as pyarrow arrays (strings and lists still 64-bit-offset: see :func:`_arrow_column`)."""
    out = {}
    for f in schema:
        t = f.type
        value_type = t.value_type if pa.types.is_list(t) else (None if pa.types.is_string(t) else t)
        out[f.name] = _arrow_column(cols[f.name], value_type)
    return out


def sign_batch(table: pa.Table, *, threads: Optional[int] = None, **options: Any) -> pa.Table:
    """Sign a batch of articles: Arrow in (``id``, ``text``; optional ``outlet``, ``date``,
    ``title``, ``url``), Arrow out (``id``, ``outlet``, ``too_short``, ``bands``, ``anchors``,
    ``anchor_pos``, ``anchor_nbhd``, ``meta``). Band keys and anchors are the scan's (64-bit
    values as int64 bits; ``anchor_pos`` the shingle position of each anchor, for the pair
    rule's local check; ``anchor_nbhd`` a 16-bit fingerprint of the shingles either side of
    it, which rules that check out without the texts when two links' fingerprints differ in both bytes); ``meta`` is
    the article's catalog entry (credits, date, content hash, distinct shingles) as JSON.
    Matching options as for :func:`scan`."""
    n = table.num_rows

    def col(name: str, default: Any) -> List[Any]:
        return table.column(name).to_pylist() if name in table.column_names else [default] * n

    for required in ("id", "text"):
        if required not in table.column_names:
            raise UsageError(f"sign_batch(): no {required!r} column", reason=required, exit_code=2)
    dates = [None if d is None else str(d) for d in col("date", None)]
    core = _core_for(options, threads)
    cols = core.sign_batch(
        [str(x) for x in col("id", "")],
        [str(x) for x in col("text", "")],
        [str(x or "unknown") for x in col("outlet", "unknown")],
        dates,
        [str(x or "") for x in col("title", "")],
        [str(x or "") for x in col("url", "")],
    )
    arrays = _signed_arrays(cols, SIGNED_SCHEMA)
    return pa.table([_cast(arrays[f.name], f.type) for f in SIGNED_SCHEMA], schema=SIGNED_SCHEMA)


def _bits(x: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", x))[0]


#: What :func:`verify_batch` returns, per verified pair.
VERIFIED_SCHEMA = pa.schema(
    [
        ("a", pa.int64()),
        ("b", pa.int64()),
        ("swapped", pa.bool_()),
        ("jaccard", pa.float64()),
        ("containment_a", pa.float64()),
        ("containment_b", pa.float64()),
        ("shared_words", pa.int64()),
        ("passage", pa.string()),
        ("kind", pa.string()),
        ("encoded", pa.string()),
    ]
)
#: What :func:`verify_batch` returns, per shared passage.
VERIFIED_PASSAGES_SCHEMA = pa.schema(
    [
        ("a", pa.int64()),
        ("b", pa.int64()),
        ("start_a", pa.int64()),
        ("end_a", pa.int64()),
        ("start_b", pa.int64()),
        ("end_b", pa.int64()),
        ("words", pa.int64()),
        ("text", pa.string()),
    ]
)


def verify_batch(
    table: pa.Table,
    *,
    stock: Iterable[int] = (),
    chrome: Iterable[Tuple[int, int]] = (),
    threads: Optional[int] = None,
    **options: Any,
) -> Tuple[pa.Table, pa.Table]:
    """Verify candidate pairs given their texts, exactly as the scan does.

    In: ``a``, ``b`` (article numbers, ``a < b``), ``id_a``, ``id_b``, ``outlet_a``,
    ``outlet_b`` (outlet numbers; an article whose outlet is ``_core.UNKNOWN_OUTLET`` is a
    site of its own, ``(a & (_core.OWN_SITE_BIT - 1)) | _core.OWN_SITE_BIT``, as the scan
    numbers it), ``text_a``, ``text_b``; ``stock`` anchors and ``chrome``
    (anchor, outlet) entries are the run's boilerplate. Out: the pairs that are reuse
    (containments and passages in report orientation: side ``a`` is the byte-smaller id, and
    ``swapped`` says whether that is article ``b``), and their passages in characters.
    """
    need = ["a", "b", "id_a", "id_b", "outlet_a", "outlet_b", "text_a", "text_b"]
    for name in need:
        if name not in table.column_names:
            raise UsageError(f"verify_batch(): no {name!r} column", reason=name, exit_code=2)
    table = table.sort_by([("a", "ascending"), ("b", "ascending")])
    c = {name: table.column(name).to_pylist() for name in need if not name.startswith("text")}
    chrome = list(chrome)
    boiler = _core.Boiler(list(stock), [x for x, _ in chrome], [o for _, o in chrome])
    core = _core_for(options, threads)
    n = len(c["a"])
    # Every row is a candidate already (no local check asked for): verify them all.
    _flags, _checks, _cores, encoded = core.verify(
        c["a"], c["b"], c["id_a"], c["id_b"], c["outlet_a"], c["outlet_b"],
        _utf8_buffers(table.column("text_a")), _utf8_buffers(table.column("text_b")),
        [None] * n, [None] * n, [True] * n, boiler,
    )
    rows = [json.loads(e) for e in encoded if e is not None]
    pairs = pa.table(
        {
            "a": [r["lo"] for r in rows],
            "b": [r["hi"] for r in rows],
            "swapped": [r["sw"] for r in rows],
            "jaccard": [_bits(r["j"]) for r in rows],
            "containment_a": [_bits(r["ca"]) for r in rows],
            "containment_b": [_bits(r["cb"]) for r in rows],
            "shared_words": [r["w"] for r in rows],
            "passage": [r["p"] for r in rows],
            "kind": [r["k"] for r in rows],
            "encoded": [e for e in encoded if e is not None],
        },
        schema=VERIFIED_SCHEMA,
    )
    ps = [(r["lo"], r["hi"], p) for r in rows for p in r["ps"]]
    passages = pa.table(
        {
            "a": [x[0] for x in ps],
            "b": [x[1] for x in ps],
            "start_a": [x[2][0] for x in ps],
            "end_a": [x[2][1] for x in ps],
            "start_b": [x[2][2] for x in ps],
            "end_b": [x[2][3] for x in ps],
            "words": [x[2][4] for x in ps],
            "text": [x[2][5] for x in ps],
        },
        schema=VERIFIED_PASSAGES_SCHEMA,
    )
    return pairs, passages
