"""Find and normalise UN Security Council resolution references in text.

"resolution 1718", "resolutions 1718 and 2231", "UNSCR 2231", "UNSC Resolution 2397", "S/RES/2270 (2016)",
"resolution 1718 (2006)", "Resolution No. 2216", "resolutions 2270, 2321 and 2397" all give the bare
numbers ("1718", "2231", ...). Years in brackets, General Assembly / parliamentary / agency resolutions
and numbers that merely follow a list are ignored. Pure regular expressions: no model needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.context import SentenceContext
from extractors.sanctions_data import find_cues

# One resolution number, optionally followed by its year or a GA session tag: "1718 (2006)", "181 (II)".
_NUM = r"(?:No\.?\s*|number\s+|#\s*)?(\d{2,4})(?!\d)(?:\s*\((?:\d{4}|[IVXL]+)\))?(?!\s*(?:/|%|\.\d|,\d{3}))"
_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|&)\s+|\s*,?\s*as well as\s+)"
_LIST = rf"{_NUM}(?:{_SEP}{_NUM})*"
_HEAD = (
    r"\b(?:resolutions?(?:\s*\(UNSCRs?\))?|UNSCRs?|UNSC\s+Res(?:olutions?)?\.?|SCRs?|"
    r"Res(?:olution)?s?\.(?=\s*\d))"
)
_REF = re.compile(rf"(?:{_HEAD}\s*{_LIST})|(?:\bS/RES/(\d{{1,4}})\s*(?:\(\d{{4}}\))?)", re.IGNORECASE)
_ONE = re.compile(_NUM, re.IGNORECASE)
# A body other than the Security Council that owns the resolution named just before it.
_OTHER_BODY = re.compile(
    r"(?:General\s+Assembly|\bGA|\bUNGA|Assembly|House|Senate|Congress(?:ional)?|Parliament(?:ary)?|Duma|"
    r"Knesset|Board(?:\s+of\s+Governors)?|Human\s+Rights\s+Council|IAEA|WHA|OAS|ICAO|IMO|UNESCO|"
    r"Conference|Legislature|Cabinet|Commission|Committee|[Cc]ity\s+[Cc]ouncil|H\.\s?Res\.?|S\.\s?Res\.?)"
    r"(?:'s|’s)?\s*$",
)
_MAX_NUMBER = 3000  # the Council has adopted fewer than 3,000 resolutions


@dataclass(frozen=True)
class ResolutionRef:
    """One reference in the text: its normalised numbers and character span."""

    numbers: tuple[str, ...]
    start: int
    end: int
    text: str


def _owned_by_other_body(text: str, start: int) -> bool:
    window = text[max(0, start - 40) : start]
    return bool(_OTHER_BODY.search(window))


def _numbers(chunk: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in _ONE.finditer(chunk):
        n = int(m.group(1))
        if 0 < n < _MAX_NUMBER and str(n) not in out:
            out.append(str(n))
    return tuple(out)


def find_resolutions(text: str) -> list[ResolutionRef]:
    """Every Security Council resolution reference in `text`, in order of appearance."""
    refs: list[ResolutionRef] = []
    for m in _REF.finditer(text):
        if m.group(0).upper().startswith("S/RES/"):
            nums = _numbers(m.group(m.lastindex or 0))
        else:
            if _owned_by_other_body(text, m.start()):
                continue
            head = re.match(_HEAD, m.group(0), re.IGNORECASE)
            nums = _numbers(m.group(0)[head.end() if head else 0 :])
        if nums:
            refs.append(ResolutionRef(nums, m.start(), m.end(), m.group(0)))
    return refs


def resolution_numbers(text: str) -> list[str]:
    """The normalised resolution numbers referenced in `text`, unique, in order of appearance."""
    out: list[str] = []
    for ref in find_resolutions(text):
        out.extend(n for n in ref.numbers if n not in out)
    return out


_COUNCIL = re.compile(
    r"\b(?:(?:UN|U\.N\.|United\s+Nations)(?:'s|’s)?\s+Security\s+Council|Security\s+Council|UNSC|UNSCRs?|"
    r"S/RES/\d+|(?:UN|U\.N\.|United\s+Nations)\s+(?:sanctions|arms\s+embargo|embargo|resolutions?)|"
    r"Panel\s+of\s+Experts|\d{3,4}\s+(?:Sanctions\s+)?Committee)\b",
    re.IGNORECASE,
)


def mentions_security_council(text: str) -> bool:
    """True when the text names the Security Council, its resolutions, UN sanctions or its panels."""
    return bool(_COUNCIL.search(text)) or bool(find_resolutions(text))


_LOOK_BACK = 1500  # characters of the article searched for the Council "the resolution" points back to


def _council_named(text: str) -> bool:
    return bool(find_cues("un_context", text))


def earlier_resolutions(ctx: SentenceContext) -> tuple[bool, list[str]]:
    """'the resolution' pointing back: (a previous sentence names the Council, its resolution numbers)."""
    for text in [*reversed(ctx.previous), ctx.text[max(0, ctx.start - _LOOK_BACK) : ctx.start]]:
        numbers = resolution_numbers(text)
        if numbers or _council_named(text):
            return True, numbers[-1:] if len(text) > 600 else numbers  # far back: only the nearest
    return False, []
