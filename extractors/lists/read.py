"""Reading list files strictly: text decoding, XML and CSV, each failure a ListFormatError with a place.

Shared by the format modules (the third copy of a piece of code becomes a helper).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from lxml import etree

from extractors.lists.model import ListFormatError

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
_EOF = "\x1a"  # OFAC ends its CSV files with a DOS end-of-file character: deliberately dropped


def decode(list_name: str, part: str, data: bytes, encoding: str = "utf-8") -> str:
    """The bytes as text in the declared encoding (a BOM is dropped); wrong bytes stop with the line."""
    if data.startswith(b"\xef\xbb\xbf") and encoding.replace("-", "").lower() == "utf8":
        data = data[3:]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ListFormatError(
            list_name,
            f"{part} line {line} (byte {exc.start})",
            f"not valid {encoding} ({exc.reason}): wrong encoding or a damaged file",
        ) from exc
    except LookupError as exc:
        raise ListFormatError(list_name, part, f"unknown encoding {encoding!r}") from exc
    return text.rstrip(_EOF + "\r\n ") + "\n" if text.strip(_EOF + "\r\n ") else ""


def xml_root(list_name: str, part: str, data: bytes) -> etree._Element:
    """The parsed root element; a truncated or malformed file (or bytes that do not fit the declared
    encoding) stops with the line and column the parser gave up at."""
    if not data.strip():
        raise ListFormatError(list_name, part, "empty file")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        hint = " (wrong encoding?)" if "encoding" in str(exc).lower() or "utf-8" in str(exc).lower() else ""
        raise ListFormatError(
            list_name, f"{part} line {line} column {column}", f"malformed or truncated XML{hint}: {exc.msg}"
        ) from exc


def local(tag: object) -> str:
    """An element's tag without its namespace ("{ns}sdnEntry" -> "sdnEntry"; comments -> "")."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text_of(element: etree._Element | None) -> str:
    """The stripped text of an element, '' when absent or empty."""
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def csv_rows(
    list_name: str, part: str, text: str, width: int, first_line: int = 1
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank CSV record; a record of another width means the format
    changed (or the file was cut mid-record) and stops with the line."""
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    line = first_line
    try:
        for cells in reader:
            start = line
            line = first_line + reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) != width:
                raise ListFormatError(
                    list_name,
                    f"{part} line {start}",
                    f"{len(cells)} columns where the format has {width} (format changed or file cut short)",
                )
            yield start, cells
    except csv.Error as exc:
        raise ListFormatError(list_name, f"{part} line {line}", f"malformed CSV: {exc}") from exc


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_DMY = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$")


def partial_date(text: str) -> str | None:
    """'17 Feb 1974' -> 1974-02-17, 'Feb 1974' -> 1974-02, '1974' -> 1974, '1974-02-17' as is,
    '17/02/1974' or '00/02/1974' (UK) -> as precise as given; anything else None."""
    value = text.strip().removeprefix("circa").removeprefix("Circa").strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    if match := re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", value):
        day, month, year = match.groups()
        if month == "00":
            return year
        return f"{year}-{month}" if day == "00" else f"{year}-{month}-{day}"
    if (match := _DMY.match(value)) and match.group(2).lower() in _MONTHS:
        day, month, year = match.group(1), _MONTHS[match.group(2).lower()], match.group(3)
        return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return None


def us_date(text: str) -> str | None:
    """'04/22/2020' (month first, OFAC's publish date) -> 2020-04-22."""
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text.strip())
    return f"{match.group(3)}-{match.group(1)}-{match.group(2)}" if match else None
