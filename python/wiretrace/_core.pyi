"""Type hints of the Rust extension module (src/python.rs). Columns travel as lists."""

from typing import Any, Dict, List, Optional, Sequence, Tuple

def scan_rows(argv: List[str], write: bool) -> Dict[str, Any]: ...
def scan_options(argv: List[str]) -> Dict[str, Any]: ...
def is_input_name(name: str) -> bool: ...

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
    ) -> Dict[str, Any]: ...
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
    def anchor_rows(
        self, anchors: bytes, docs: bytes, outlets: bytes, positions: bytes, nbhds: bytes, last: bool
    ) -> Tuple[int, Tuple[bytes, bytes, bytes, bytes, bytes], List[int], Tuple[List[int], List[int]]]: ...
    def links_to_pairs(
        self, a: bytes, b: bytes, pos_a: bytes, pos_b: bytes, near: Optional[bytes] = None
    ) -> Tuple[Tuple[bytes, bytes], Tuple[bytes, bytes, bytes, bytes, bytes]]:
        """Columns as little-endian Arrow buffers: int32 (a, b, positions), int8 (near, check)."""
        ...
    def verify(
        self,
        a: List[int],
        b: List[int],
        id_a: List[str],
        id_b: List[str],
        outlet_a: List[int],
        outlet_b: List[int],
        text_a: Tuple[bytes, bytes],
        text_b: Tuple[bytes, bytes],
        pos_a: List[Optional[int]],
        pos_b: List[Optional[int]],
        free: List[bool],
        boilerplate: Boiler,
        runs_of_b: bool = False,
    ) -> Tuple[List[bool], List[Optional[bool]], List[Optional[bool]], List[Optional[str]]]:
        """``text_a``, ``text_b``: string columns as Arrow buffers (int32 offsets, data)."""
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
