"""Type hints of the Rust extension module (src/python.rs). Columns travel as lists or as
Arrow buffers: little-endian bytes, as ``bytes`` or as :class:`Buffer` (wrapped without a
copy)."""

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

def scan_rows(argv: List[str], write: bool) -> Dict[str, Any]: ...
def scan_options(argv: List[str]) -> Dict[str, Any]: ...
def is_input_name(name: str) -> bool: ...
def unpack_texts(packed: List[bytes]) -> List[str]: ...

UNKNOWN_OUTLET: str
"""The outlet of an article whose record names none (the chrome rules make it a site of its
own)."""
OWN_SITE_BIT: int
"""The bit of such an article's site number: ``(doc & (OWN_SITE_BIT - 1)) | OWN_SITE_BIT``."""

class Buffer:
    """Bytes made in Rust, wrapped by pyarrow without a copy (``foreign_buffer``)."""
    @property
    def address(self) -> int: ...
    def __len__(self) -> int: ...

class Boiler:
    def __init__(self, stock: Sequence[int], chrome_anchor: Sequence[int], chrome_outlet: Sequence[int]) -> None: ...
    def __len__(self) -> int: ...

class Core:
    def __init__(self, argv: List[str], agencies: Optional[Tuple[str, str]] = None) -> None: ...
    def line_splittable(self, path: str, head: bytes, rel: Optional[str] = None) -> bool: ...
    def read_and_sign(
        self,
        data: bytes,
        path: str,
        rel: Optional[str] = None,
        jsonl: bool = False,
        first_line: Optional[int] = None,
        pack_texts: bool = False,
    ) -> Dict[str, Any]:
        """``pack_texts``: the ``text`` column as binary values packed for an engine to carry
        (zstd; :func:`unpack_texts` turns them back)."""
        ...
    def sign_batch(
        self,
        id: List[str],
        text: List[str],
        outlet: List[str],
        date: List[Optional[str]],
        title: List[str],
        url: List[str],
    ) -> Dict[str, Any]: ...
    def band_pairs(self, offsets: bytes, values: bytes) -> Tuple[bytes, bytes]:
        """A list column of int32 DocIds as Arrow buffers in; (a, b) as int32 bytes out."""
        ...
    def pack_anchor_rows(
        self,
        docs: bytes,
        sites: bytes,
        anchors: Tuple[bytes, bytes],
        positions: Tuple[bytes, bytes],
        nbhds: Tuple[bytes, bytes],
        buckets: int,
    ) -> Tuple[List[int], List[bytes]]:
        """int32 columns (DocIds, site numbers: the outlet's, or the article's own when its
        outlet is ``UNKNOWN_OUTLET``) and three binary columns (int32 offsets, data) in;
        (buckets, blobs) of 22-byte packed anchor rows out, one blob per bucket that holds
        any."""
        ...
    def anchor_groups(
        self, blobs: Iterable[bytes], link_buckets: int
    ) -> Tuple[Tuple[List[int], List[bytes]], List[int], Tuple[List[int], List[int]]]:
        """All the packed anchor rows of some buckets, read one blob at a time; ((buckets,
        blobs) of packed links, stock anchors, (chrome anchors, chrome outlets)) out."""
        ...
    def links_to_pairs(
        self, blobs: List[bytes]
    ) -> Tuple[Tuple[bytes, bytes], Tuple[bytes, bytes, bytes, bytes, bytes]]:
        """Packed links in (all of their buckets'); little-endian Arrow buffers out: int32 (a, b)
        of pairs with two or more links, int32 (a, b, pos_a, pos_b) and int8 (check) of pairs
        with one."""
        ...
    def verify(
        self,
        a: List[int],
        b: List[int],
        id_a: List[str],
        id_b: List[str],
        site_a: List[int],
        site_b: List[int],
        text_a: Tuple[bytes, bytes],
        text_b: Tuple[bytes, bytes],
        pos_a: List[Optional[int]],
        pos_b: List[Optional[int]],
        free: List[bool],
        boilerplate: Boiler,
        runs_of_b: bool = False,
        packed_texts: bool = False,
    ) -> Tuple[List[bool], List[Optional[bool]], List[Optional[bool]], List[Optional[str]]]:
        """``text_a``, ``text_b``: string columns as Arrow buffers (int32 offsets, data); with
        ``packed_texts``, binary columns of packed texts."""
        ...
    def conclusion(self, metas: List[Tuple[bytes, bytes]]) -> Conclusion:
        """The end of an engine's run on the driver. ``metas``: every article's encoded
        metadata in article order, as UTF-8 Arrow chunks (int32 offsets, data)."""
        ...

class Conclusion:
    """The driver's end of an engine's run: pairs in, the analysis that needs no text, then the
    few texts it names, then the reports."""

    def add_pairs(self, offsets: bytes, data: bytes) -> None:
        """Adds verified pairs (``verify``'s encoded pairs) as one UTF-8 Arrow chunk."""
        ...
    def analyse(self, components: Optional[Tuple[List[int], List[int]]] = None) -> List[int]:
        """Origins, agencies and clusters; returns the article numbers whose texts ``finish``
        reads, sorted."""
        ...
    def finish(
        self,
        texts: Dict[int, str],
        boilerplate: Boiler,
        counts: Dict[str, int],
        skipped: Dict[str, int],
        stages: List[Tuple[str, float]],
        elapsed: float,
    ) -> None:
        """Member containment from ``texts``, then every report and ``summary.json``."""
        ...
