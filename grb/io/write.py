"""Write outputs whole or not at all: to a temporary file beside the target, then an atomic rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


class OutputError(Exception):
    """An output cannot be written where asked (it would overwrite an input, or the folder is missing)."""


def check_not_input(target: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to write an output over one of the files it was computed from."""
    target = Path(target).resolve()
    for source in inputs:
        source = Path(source).resolve()
        if target == source or (source in target.parents and source.is_file()):
            raise OutputError(f"refusing to write {target.name} over the input {source}")


@contextlib.contextmanager
def atomic_output(target: str | Path, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one step.

    On any failure the temporary file is removed and an older file at ``target`` is left intact.
    """
    target = Path(target)
    check_not_input(target, inputs)
    if not target.parent.exists():
        raise OutputError(f"the folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)
