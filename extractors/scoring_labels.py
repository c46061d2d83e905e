"""Parse and check the quality gate's labels (evaluation/labels/*.jsonl). Pure: lines in, dicts out.

One JSON object per line: {"file": "<path relative to the corpus root>", "findings": [...]}. Each finding
uses the mention contract's keys; a party is a string (ISO3 code or normalised name) or a list of
acceptable alternatives. Anything unexpected is refused with the file and line, never skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from extractors.errors import StructureError
from extractors.vocabulary import ACTIONS, FINDING_TYPES, MEASURES, STANCES, WEAPON_CATEGORIES

TYPES = FINDING_TYPES
CATEGORIES = WEAPON_CATEGORIES
# key -> allowed values (None: a party; "parties": a list of parties; "strings": a list of str)
SHAPES: dict[str, dict[str, Any]] = {
    "arms_transfer": {"supplier": None, "recipient": None, "stance": STANCES, "weapon_category": CATEGORIES},
    "sanction": {"authority": None, "targets": "parties", "measure": MEASURES, "action": ACTIONS},
    "un_violation": {"violator": None, "resolutions": "strings", "stance": STANCES},
}
OPTIONAL = {"weapon_category", "measure", "resolutions", "hint"}

Labels = dict[str, list[dict[str, Any]]]


def parse_labels(lines: Iterable[str], origin: str = "<labels>", into: Labels | None = None) -> Labels:
    """Labels keyed by corpus-relative file; raises StructureError naming `origin` and the line."""
    labels: Labels = {} if into is None else into
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise StructureError(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or set(row) != {"file", "findings"}:
            raise StructureError(f"{where}: expected exactly the keys 'file' and 'findings'")
        file, findings = row["file"], row["findings"]
        if not isinstance(file, str) or not file or not isinstance(findings, list):
            raise StructureError(f"{where}: 'file' must be a path and 'findings' a list")
        if file in labels:
            raise StructureError(f"{where}: {file} is labelled twice")
        labels[file] = [check_finding(f, where) for f in findings]
    return labels


def check_finding(finding: Any, where: str) -> dict[str, Any]:
    """The finding itself when it has a known type and well-formed keys; StructureError otherwise."""
    if not isinstance(finding, dict) or finding.get("type") not in SHAPES:
        raise StructureError(f"{where}: a finding needs a 'type' among {', '.join(TYPES)}")
    shape = SHAPES[finding["type"]]
    unknown = set(finding) - set(shape) - {"type", "hint", "source", "optional", "lifting"}
    if unknown:
        raise StructureError(f"{where}: unknown key(s) {sorted(unknown)} for {finding['type']}")
    for key, allowed in shape.items():
        if key not in finding:
            if key in OPTIONAL:
                continue
            raise StructureError(f"{where}: {finding['type']} finding lacks '{key}'")
        _check_value(finding[key], allowed, f"{where}: '{key}'")
    source = finding.get("source")
    if source is not None and not is_party(source):
        raise StructureError(f"{where}: 'source' must be a party or null")
    for flag in ("optional", "lifting"):
        if not isinstance(finding.get(flag, False), bool):
            raise StructureError(f"{where}: '{flag}' must be true or false")
    hint = finding.get("hint")
    if hint is not None and (not isinstance(hint, str) or len(hint.split()) > 6):
        raise StructureError(f"{where}: 'hint' must be a short paraphrase (at most 6 words)")
    return finding


def _check_value(value: Any, allowed: Any, what: str) -> None:
    if allowed is None:
        if not is_party(value):
            raise StructureError(f"{what} must be a party: a name/code or a list of alternatives")
    elif allowed == "parties":
        if not isinstance(value, list) or not value or not all(is_party(p) for p in value):
            raise StructureError(f"{what} must be a non-empty list of parties")
    elif allowed == "strings":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise StructureError(f"{what} must be a list of strings")
    elif value not in allowed:
        raise StructureError(f"{what} = {value!r} is not one of {sorted(allowed)}")


def is_party(value: Any) -> bool:
    """A label party: a non-empty string, or a non-empty list of non-empty strings (alternatives)."""
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)
