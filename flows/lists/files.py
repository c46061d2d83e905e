"""A list publication from disk (the `lists diff` and `lists match --list-file` commands).

A path is one file (XML, UK CSV, a zip holding one file) or, for OFAC CSV, the primary file
(sdn.csv, cons_prim.csv) or its folder: the side files (add, alt, comments) are read from beside it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from extractors.errors import MonitorError
from extractors.lists import OFAC_SIDE_FILES, ListVersion, detect_format, parse_files


def read_publication(path: Path, fmt: str | None = None) -> tuple[str, dict[str, bytes]]:
    """(format, parts) of the publication at `path`; the format is detected unless given."""
    if path.is_dir():
        primary = next((path / n for n in OFAC_SIDE_FILES if (path / n).is_file()), None)
        if primary is None:
            raise MonitorError(f"{path}: a folder must hold sdn.csv or cons_prim.csv (OFAC CSV)")
        path = primary
    if not path.is_file():
        raise MonitorError(f"{path}: no such file")
    data = _read(path)
    fmt = fmt or detect_format(data)
    if fmt is None:
        raise MonitorError(f"{path}: not a known list format (give --list-format)")
    parts = {"primary": data}
    if fmt == "ofac_csv":
        side = OFAC_SIDE_FILES.get(path.name.lower(), {"add": "add.csv", "alt": "alt.csv"})
        for part, name in side.items():
            candidate = path.with_name(name)
            if candidate.is_file():
                parts[part] = candidate.read_bytes()
            elif part != "comments":
                raise MonitorError(f"{path}: OFAC CSV needs {name} beside it")
    return fmt, parts


def load_publication(path: Path, list_name: str, fmt: str | None = None) -> ListVersion:
    """The parsed publication at `path` (ListFormatError, a MonitorError, on a structural surprise)."""
    found, parts = read_publication(path, fmt)
    return parse_files(found, parts, list_name)


def _read(path: Path) -> bytes:
    if path.suffix.lower() != ".zip":
        return path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        if len(names) != 1:
            raise MonitorError(f"{path}: a zip must hold exactly one list file, found {len(names)}")
        return archive.read(names[0])
