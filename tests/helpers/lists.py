"""Helpers shared by the list tests (tests/lists/)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
OURS = REPO / "tests" / "fixtures" / "lists"


def ofac_parts(folder: Path, primary: str = "sdn.csv", comments: bool = False) -> dict[str, bytes]:
    """The files of one OFAC CSV publication, keyed as extractors.lists.ofac_csv expects."""
    prefix = "cons_" if primary.startswith("cons_") else ""
    parts = {
        "primary": (folder / primary).read_bytes(),
        "add": (folder / f"{prefix}add.csv").read_bytes(),
        "alt": (folder / f"{prefix}alt.csv").read_bytes(),
    }
    if comments:
        parts["comments"] = (folder / ("cons_comments.csv" if prefix else "sdn_comments.csv")).read_bytes()
    return parts


def our_ofac(version: int) -> dict[str, bytes]:
    """Our own small OFAC CSV publication v1 or v2 (tests/fixtures/lists)."""
    return {
        "primary": (OURS / f"sdn_v{version}.csv").read_bytes(),
        "add": (OURS / f"add_v{version}.csv").read_bytes(),
        "alt": (OURS / f"alt_v{version}.csv").read_bytes(),
    }
