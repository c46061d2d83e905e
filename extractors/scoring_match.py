"""How a predicted mention is compared with a labelled finding: party matching and per-level keys.

A labelled party (an ISO3 code, a normalised name, or a list of alternatives) matches a predicted party
({"name", "country", "kind"}) when an ISO3 code equals the prediction's `country`, or when the label's
normalised name occurs, as whole tokens, inside the prediction's normalised name. Normalisation is
case-, accent- and punctuation-insensitive, folds a plural "s", and spells a few bodies one way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

LEVELS = ("roles", "roles+stance")
# the role fields of each type: (single-party roles, list-of-party role or None, stance field)
ROLES: dict[str, tuple[tuple[str, ...], str | None, str]] = {
    "arms_transfer": (("supplier", "recipient"), None, "stance"),
    "sanction": (("authority",), "targets", "action"),
    "un_violation": (("violator",), None, "stance"),
}
# whole-phrase spellings folded to one form before comparing names
ALIASES = (
    (re.compile(r"\bunited nations\b|\bu n\b"), "un"),
    (re.compile(r"(?<!national )\bsecurity council\b"), "un security council"),
    (re.compile(r"\beuropean union\b|\be u\b"), "eu"),
    (re.compile(r"\bun un\b"), "un"),
)
UNKNOWN = "?"  # a role the text does not fill
_ISO3 = re.compile(r"^[A-Z]{3}$")


def normalise(name: str) -> tuple[str, ...]:
    """Lower-case tokens without accents or punctuation, plural 's' folded, aliases applied."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"['\u2019]s\b", "", text)  # possessive
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    for pattern, replacement in ALIASES:
        text = pattern.sub(replacement, text)
    return tuple(_singular(t) for t in text.split())


def _singular(token: str) -> str:
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


def alternatives(label_party: str | Sequence[str]) -> tuple[str, ...]:
    """A label party as a tuple of alternatives."""
    return (label_party,) if isinstance(label_party, str) else tuple(label_party)


def party_matches(label_party: str | Sequence[str], predicted: Mapping[str, Any] | None) -> bool:
    """True when any alternative of the labelled party matches the predicted Party dict."""
    if not predicted:
        return UNKNOWN in alternatives(label_party)  # "?": the text names no one, nor may we
    country = predicted.get("country")
    name = normalise(str(predicted.get("name") or ""))
    for alt in alternatives(label_party):
        if _ISO3.match(alt) and country == alt:
            return True
        wanted = normalise(alt)
        if wanted and _contains(name, wanted):
            return True
    return False


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def roles_match(label: Mapping[str, Any], pred: Mapping[str, Any], level: str) -> bool:
    """Whether a prediction matches a label of the same type at "roles" or "roles+stance" level."""
    singles, multi, stance = ROLES[label["type"]]
    if pred.get("type") != label["type"]:
        return False
    if not all(party_matches(label[r], pred.get(r)) for r in singles):
        return False
    if multi is not None:
        targets = pred.get(multi) or []
        if not any(party_matches(lp, tp) for lp in label[multi] for tp in targets):
            return False
    if level == "roles" or label.get(stance) == pred.get(stance):
        return True
    return bool(label.get("lifting")) and pred.get(stance) in ("planned", "lifted")


def pred_key(pred: Mapping[str, Any], level: str) -> tuple[Any, ...]:
    """Deduplication key of a prediction: its type, role parties (code, else name) and, if asked, stance."""
    singles, multi, stance = ROLES[pred["type"]]
    key: list[Any] = [pred["type"], *(_party_key(pred.get(r)) for r in singles)]
    if multi is not None:
        key.append(tuple(sorted(_party_key(p) for p in pred.get(multi) or [])))
    if level != "roles":
        key.append(pred.get(stance))
    return tuple(key)


def label_key(label: Mapping[str, Any], level: str) -> tuple[Any, ...]:
    """Deduplication key of a label (parties as their alternatives)."""
    singles, multi, stance = ROLES[label["type"]]
    key: list[Any] = [label["type"], *(alternatives(label[r]) for r in singles)]
    if multi is not None:
        key.append(tuple(sorted(alternatives(p) for p in label[multi])))
    if level != "roles":
        key.append(label.get(stance))
    return tuple(key)


def _party_key(party: Mapping[str, Any] | None) -> str:
    if not party:
        return ""
    name = " ".join(normalise(str(party.get("name") or "")))
    if party.get("kind") == "state" or not name:
        return str(party.get("country") or name)
    return name  # a group or company stays distinct from its state


def describe(finding: Mapping[str, Any]) -> str:
    """A one-line human reading of a label or a prediction, for error listings."""
    singles, multi, stance = ROLES[finding["type"]]
    parts = [_show(finding.get(r)) for r in singles]
    if multi is not None:
        parts.append("[" + ", ".join(_show(p) for p in finding.get(multi) or []) + "]")
    return f"{finding['type']} {' -> '.join(parts)} ({finding.get(stance)})"


def _show(party: Any) -> str:
    if isinstance(party, Mapping):
        return f"{party.get('name')}/{party.get('country')}"
    if isinstance(party, list):
        return "|".join(str(p) for p in party)
    return str(party)
