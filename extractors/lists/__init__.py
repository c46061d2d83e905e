"""Official sanctions lists: pure parsing (bytes in, records out), diffing and name matching.

- `parse_files(fmt, parts, list_name)` -> ListVersion (formats: un_xml, ofac_csv, ofac_xml, eu_xml,
  uk_csv; one module each); `detect_format(first_bytes)`
- `diff_versions(old, new)` -> ListDiff (by the list's own entity ids)
- `MatchIndex(listed)` -> `.match(name, country, kind)` -> candidates with scores, best first
- `ListFormatError`: a structural surprise, naming the list and the place
"""

from extractors.lists.diff import EntityChange, ListDiff, diff_versions
from extractors.lists.formats import FORMATS, OFAC_SIDE_FILES, detect_format, parse_files
from extractors.lists.matching import THRESHOLD, Candidate, Listed, MatchIndex
from extractors.lists.model import Identifier, ListEntity, ListFormatError, ListVersion

__all__ = [
    "FORMATS", "OFAC_SIDE_FILES", "THRESHOLD", "Candidate", "EntityChange", "Identifier", "ListDiff",
    "ListEntity", "ListFormatError", "ListVersion", "Listed", "MatchIndex", "detect_format", "diff_versions",
    "parse_files",
]
