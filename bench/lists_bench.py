"""Official lists: parse/load speed against reading the file alone, and matching at scale.

1. Parse: the full UN list (XML) and the OFAC SDN 2021 CSV set, each (a) read alone (lxml tree /
   csv rows, no model), (b) parsed into the entity model, (c) parsed and loaded into a DuckDB file
   (version + entities through Arrow). Records/second and the ratio to reading alone.
2. Match: an index over every entity of the corpus lists (UN, OFAC SDN 2019 and 2021, OFAC
   non-SDN, with all aliases), then 1,000 news-like targets (half: listed names respelled, reordered,
   shortened; half: names on no list); against the time one query takes when scored against every
   name (the full cross product, extrapolated).

    .venv/bin/python bench/lists_bench.py [--targets N]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree  # noqa: E402

from extractors.lists import Listed, ListVersion, MatchIndex, parse_files  # noqa: E402
from extractors.lists.matching import name_score  # noqa: E402
from extractors.lists.names import tokens  # noqa: E402
from flows.lists.config import ListConfig  # noqa: E402
from flows.lists.store import save_version  # noqa: E402
from flows.settings import Settings  # noqa: E402
from flows.warehouse import Warehouse  # noqa: E402

FIRST = [
    "Anna",
    "Pedro",
    "Lars",
    "Mei",
    "Tomasz",
    "Aisha",
    "Kwame",
    "Sofia",
    "Hiroshi",
    "Elena",
    "Rahul",
    "Olga",
]
LAST = [
    "Lindqvist",
    "Okafor",
    "Moreau",
    "Tanaka",
    "Novak",
    "Haddad",
    "Silva",
    "Brennan",
    "Kowalczyk",
    "Ferrante",
]
COMPANY = [
    "Harbour",
    "Granite",
    "Bluewater",
    "Summit",
    "Meridian",
    "Orchard",
    "Falcon",
    "Copperfield",
    "Aurora",
]
FORMS = ["Logistics Ltd", "Trading LLC", "Holdings", "Shipping Co", "Industries SA", "Partners GmbH"]


def _ofac_parts(folder: Path, prefix: str = "") -> dict[str, bytes]:
    primary = "cons_prim.csv" if prefix else "sdn.csv"
    return {
        "primary": (folder / primary).read_bytes(),
        "add": (folder / f"{prefix}add.csv").read_bytes(),
        "alt": (folder / f"{prefix}alt.csv").read_bytes(),
    }


def _best_of(fn: object, runs: int = 3) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best, out


def bench_parse(corpus: Path, db: Path) -> None:
    un_bytes = (corpus / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml").read_bytes()
    ofac = _ofac_parts(corpus / "ofac_sdn_csv_2021-07")
    cases = [
        (
            "UN consolidated (XML, 2.0 MB)",
            "un_xml",
            {"primary": un_bytes},
            lambda: etree.fromstring(un_bytes, etree.XMLParser(huge_tree=True)),
        ),
        (
            "OFAC SDN 2021 (CSV set, 3.5 MB)",
            "ofac_csv",
            ofac,
            lambda: [list(csv.reader(io.StringIO(d.decode("utf-8")))) for d in ofac.values()],
        ),
    ]
    wh = Warehouse.open(db)
    print(
        "parse + load                         rows   read alone   parse       parse+load   "
        "rows/s (parse+load)"
    )
    for label, fmt, parts, read_alone in cases:
        t_read, _ = _best_of(read_alone)
        t_parse, version = _best_of(lambda fmt=fmt, parts=parts: parse_files(fmt, parts, fmt))
        assert isinstance(version, ListVersion)
        config = ListConfig(fmt, label, "UN", "UN Security Council", fmt, "https://example.org/list")
        start = time.perf_counter()
        save_version(wh, config, f"bench-{fmt}-{time.time_ns()}", version, None, {}, _now(), "baseline", None)
        t_load = time.perf_counter() - start
        total = t_parse + t_load
        print(
            f"{label:34} {version.rows:6d}   {t_read:8.3f} s   {t_parse:7.3f} s   {total:8.3f} s   "
            f"{version.rows / total:9,.0f}  ({len(version):,} entities; parse = {t_parse / t_read:.1f}x "
            f"reading alone, load {t_load:.2f} s)"
        )


def _now() -> datetime:
    return datetime.now(UTC)


def _respell(rng: random.Random, name: str) -> str:
    """A news-like rendering of a listed name: reordered, shortened, respelled."""
    words = name.replace(",", "").split()
    if len(words) > 2 and rng.random() < 0.5:
        words.pop(rng.randrange(1, len(words)))
    rng.shuffle(words)
    text = " ".join(words).title()
    for a, b in (("y", "i"), ("kh", "h"), ("ou", "u"), ("-", " ")):
        if a in text and rng.random() < 0.3:
            text = text.replace(a, b, 1)
    return text


def _unlisted(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return f"{rng.choice(COMPANY)} {rng.choice(COMPANY)} {rng.choice(FORMS)}"


def bench_match(corpus: Path, targets: int) -> None:
    versions = [
        (
            "un",
            parse_files(
                "un_xml",
                {"primary": (corpus / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml").read_bytes()},
                "un",
            ),
        ),
        ("ofac-2019", parse_files("ofac_csv", _ofac_parts(corpus / "ofac_sdn_csv_2019-01"), "ofac-2019")),
        ("ofac-2021", parse_files("ofac_csv", _ofac_parts(corpus / "ofac_sdn_csv_2021-07"), "ofac-2021")),
        (
            "ofac-cons",
            parse_files(
                "ofac_csv", _ofac_parts(corpus / "ofac_consolidated_nonsdn_2025-12", "cons_"), "ofac-cons"
            ),
        ),
    ]
    listed = [Listed(name, e) for name, v in versions for e in v.entities.values()]
    start = time.perf_counter()
    index = MatchIndex(listed)
    t_index = time.perf_counter() - start
    rng = random.Random(11)
    sample = rng.sample(listed, targets // 2)
    queries = [_respell(rng, item.entity.name) for item in sample] + [
        _unlisted(rng) for _ in range(targets - len(sample))
    ]
    start = time.perf_counter()
    results = [index.match(q, limit=5) for q in queries]
    t_match = time.perf_counter() - start
    found = sum(
        1
        for item, got in zip(sample, results, strict=False)
        if any(c.entity_id == item.entity.entity_id and c.list_name == item.list_name for c in got)
    )
    start = time.perf_counter()
    probe = tokens(queries[0])
    for words, _, _ in index.names:
        name_score(probe, words)
    t_full_one = time.perf_counter() - start
    print(
        f"\nmatch: {len(listed):,} entities, {len(index.names):,} names and aliases; "
        f"index built in {t_index:.2f} s"
    )
    print(
        f"{targets:,} targets matched in {t_match:.2f} s ({targets / t_match:,.0f}/s, "
        f"{t_index + t_match:.2f} s with the index); "
        f"the full cross product would take ~{t_full_one * targets:.0f} s "
        f"({t_full_one * targets / t_match:.0f}x)"
    )
    print(f"respelled listed names found in the top 5: {found}/{len(sample)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--targets", type=int, default=1_000)
    args = parser.parse_args()
    corpus = Path(Settings.load().corpus) / "lists"
    if not corpus.is_dir():
        print(f"no lists at {corpus} (set SANCTIONS_MONITOR_CORPUS)")
        sys.exit(2)
    with tempfile.TemporaryDirectory() as tmp:
        bench_parse(corpus, Path(tmp) / "bench.duckdb")
    bench_match(corpus, args.targets)


if __name__ == "__main__":
    main()
