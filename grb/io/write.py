"""Write outputs whole or not at all, never over an input, readable by colleagues as the umask allows.

Every output is first written to a temporary file (or folder) beside its target, then renamed onto it in one
step, so a failure part-way leaves the older output, or nothing, never half a file. Temporary files are created
private (mode 0600) by :mod:`tempfile`; the finished output gets the mode a plain ``open()`` would give
(``0666 & ~umask``), because reports are shared on office drives.

Callers check every target with :func:`check_outputs` before writing anything, so that a bad ``--csv`` folder
does not fail after the report was already written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


class OutputError(Exception):
    """An output cannot be written where asked (over an input, into a missing or read-only folder...)."""


def output_mode(folder: bool = False) -> int:
    """The permission bits a plain ``open()`` (or ``mkdir``) gives under the current umask."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it back at once
    os.umask(mask)
    return (0o777 if folder else 0o666) & ~mask


def _overlap(target: str, source: str) -> bool:
    """``target`` is ``source``, lies inside it (a CSV-folder input), or contains it (a folder output).

    Both are :func:`_resolved` texts: comparing them as text is what ``Path.is_relative_to`` does part by part,
    without building two paths per input (a batch checks each output against 1,652 inputs).
    """
    return target == source or _inside(target, source) or _inside(source, target)


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _resolved(path: str | Path) -> str:
    """The absolute path with links followed, compared as the system compares names (case aside on Windows)."""
    return os.path.normcase(os.path.realpath(path))


def check_not_input(target: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse an output that is, is inside, or contains one of the inputs it was computed from."""
    resolved = _resolved(target)
    for source in inputs:
        if _overlap(resolved, _resolved(source)):
            raise OutputError(
                f"refusing to write {target}: it is, is inside, or contains the input {source}; "
                "choose another place for the output"
            )


def check_outputs(
    files: Iterable[str | Path] = (), inputs: Iterable[str | Path] = (), folders: Iterable[str | Path] = ()
) -> None:
    """Check every output target before anything is written; raise one :class:`OutputError` naming each problem.

    ``files`` are output files (the report, an errors table), ``folders`` output folders (``--csv``, a batch
    folder; created when missing). Used by every command, ``batch`` included.
    """
    inputs = list(inputs)
    targets = [(Path(p), False) for p in files] + [(Path(p), True) for p in folders]
    problems = [p for target, is_folder in targets if (p := _target_problem(target, is_folder, inputs))]
    resolved = [t.resolve() for t, _ in targets]
    for i, a in enumerate(resolved):
        clash = next((targets[j][0] for j, b in enumerate(resolved[:i]) if a == b), None)
        if clash is not None:
            problems.append(f"{targets[i][0]} and {clash} are the same place; give each output its own")
    if problems:
        raise OutputError("; ".join(problems))


def _target_problem(target: Path, is_folder: bool, inputs: list[str | Path]) -> str | None:
    try:
        check_not_input(target, inputs)
    except OutputError as err:
        return str(err)
    if target.exists() and target.is_dir() != is_folder:
        return f"{target} is a {'file' if is_folder else 'folder'}; give a {'folder' if is_folder else 'file'} name"
    parent = target if is_folder and target.exists() else target.parent
    while is_folder and not parent.exists() and parent != parent.parent:
        parent = parent.parent  # a missing output folder is created with its parents
    if parent.exists() and not parent.is_dir():
        return f"{parent} is a file, not a folder"
    if not parent.is_dir():
        return f"the folder {parent} does not exist"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot write in the folder {parent} (no permission)"
    return None


@contextlib.contextmanager
def atomic_output(target: str | Path, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one step.

    On any failure the temporary file is removed and an older file at ``target`` is left intact.
    """
    target = Path(target)
    check_outputs([target], inputs)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        tmp_path.chmod(output_mode())
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_folder(target: str | Path, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temporary folder beside ``target`` to fill; on success its files move into ``target``.

    A new ``target`` appears in one rename; into an existing folder the files move one by one by renames on the
    same disk, which cannot fail for lack of space. Other files already in ``target`` are left alone. On any
    failure while writing, nothing of the new output reaches ``target``.
    """
    target = Path(target)
    check_outputs(folders=[target], inputs=inputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        for file in tmp.iterdir():
            file.chmod(output_mode())
        if target.exists():
            for file in sorted(tmp.iterdir()):
                os.replace(file, target / file.name)
        else:
            tmp.chmod(output_mode(folder=True))
            os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
