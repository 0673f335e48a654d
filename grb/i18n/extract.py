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
