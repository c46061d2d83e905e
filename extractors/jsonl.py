"""Reading JSON-lines data files (gazetteers, labels, expectations): one object per non-blank line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractors.errors import StructureError


def read_objects(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line; a line that is not a JSON object is an error
    naming the file and the line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise StructureError(f"{path}:{number}: not JSON ({exc})") from exc
        if not isinstance(row, dict):
            raise StructureError(f"{path}:{number}: expected a JSON object")
        yield number, row
