"""One entry point for every list format: files in, ListVersion out; and format detection by content.

`parse_files(fmt, parts, list_name)` takes the raw bytes of each part of a publication (one file for
the XML and UK formats; primary/add/alt/comments for OFAC CSV).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from extractors.lists import eu_xml, ofac_csv, ofac_xml, uk_csv, un_xml
from extractors.lists.model import ListFormatError, ListVersion

FORMATS = ("un_xml", "ofac_csv", "ofac_xml", "eu_xml", "uk_csv")
# OFAC CSV part names as files are named on disk: primary file -> its side files.
OFAC_SIDE_FILES = {
    "sdn.csv": {"add": "add.csv", "alt": "alt.csv", "comments": "sdn_comments.csv"},
    "cons_prim.csv": {"add": "cons_add.csv", "alt": "cons_alt.csv", "comments": "cons_comments.csv"},
}
_ROOTS = {"CONSOLIDATED_LIST": "un_xml", "sdnList": "ofac_xml", "export": "eu_xml"}


def parse_files(fmt: str, parts: Mapping[str, bytes], list_name: str, encoding: str = "utf-8") -> ListVersion:
    """Parse one publication of a list in format `fmt`; single-file formats take the part 'primary'."""
    if fmt == "ofac_csv":
        return ofac_csv.parse(parts, list_name, encoding)
    if set(parts) != {"primary"}:
        raise ListFormatError(list_name, "files", f"format {fmt} is one file, got parts {sorted(parts)}")
    data = parts["primary"]
    if fmt == "un_xml":
        return un_xml.parse(data, list_name)
    if fmt == "ofac_xml":
        return ofac_xml.parse(data, list_name)
    if fmt == "eu_xml":
        return eu_xml.parse(data, list_name)
    if fmt == "uk_csv":
        return uk_csv.parse(data, list_name, encoding)
    raise ListFormatError(
        list_name, "format", f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}"
    )


def detect_format(head: bytes) -> str | None:
    """The format of a file from its first bytes (XML root element or CSV shape), or None."""
    text = head[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \r\n\t")
    if text.startswith("<"):
        for match in re.finditer(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]", text):
            if match.group(2) in _ROOTS:
                return _ROOTS[match.group(2)]
            if match.group(2) not in ("xml",):
                return None
        return None
    if text.startswith("Last Updated,"):
        return "uk_csv"
    if re.match(r'^\d+,"', text):
        return "ofac_csv"
    return None
