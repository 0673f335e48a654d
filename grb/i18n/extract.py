"""A Babel extractor for the texts grb ships as data (sector labels, the default calendars' stages...).

Those texts live once, in ``grb/data/*.csv``; ``babel.cfg`` names the columns people read, and
``pybabel extract`` puts each distinct cell in the catalog template like any ``_()`` text in the code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import IO, Any


def extract_csv(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Mapping[str, str]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield ``(line, funcname, message, comments)`` for every non-empty cell of the ``columns`` option."""
    wanted = [name.strip() for name in options.get("columns", "").split(",") if name.strip()]
    reader = csv.DictReader(io.TextIOWrapper(fileobj, encoding=options.get("encoding", "utf-8"), newline=""))
    missing = [name for name in wanted if name not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"columns {missing} not in {getattr(fileobj, 'name', 'the CSV file')}")
    for row in reader:
        for name in wanted:
            text = (row.get(name) or "").strip()
            if text:
                yield reader.line_num, None, text, [f"column {name}"]


# Calls whose argument is a text to translate, beyond Babel's defaults (``_``, ``N_``, ``gettext``...): the problem
# registry's message templates, ``_add(code, kind, title, template, ...)`` in ``grb/problem_codes.py``.
KEYWORDS = ("_add:4",)


def extract(output: str, root: str = ".") -> None:
    """Write the catalog template of the source tree at ``root`` to ``output`` (``make translations`` and the tests
    both call this, so they extract the same texts)."""
    import os
    from pathlib import Path

    from babel.messages.frontend import CommandLineInterface

    root_path = Path(os.path.relpath(root))  # relative, so the template's locations read grb/..., not /home/...
    args = ["pybabel", "-q", "extract", "-F", str(root_path / "babel.cfg"), "-o", str(output)]
    args += [f"--keyword={k}" for k in KEYWORDS]
    args += ["--project=grb", "--copyright-holder=grb contributors", "--msgid-bugs-address="]
    args += ["--add-comments=TRANSLATORS:", "--add-location=file", "--sort-by-file", "--width=110", str(root_path)]
    CommandLineInterface().run(args)


if __name__ == "__main__":  # python -m grb.i18n.extract [OUTPUT]
    import sys

    extract(sys.argv[1] if len(sys.argv) > 1 else "grb/locale/grb.pot")
