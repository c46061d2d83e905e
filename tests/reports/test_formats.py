"""flows.reports.formats: values rendered for people and tools."""

from __future__ import annotations

import csv
import io

from flows.reports import ReportResult, render


def test_csv_neutralises_formula_cells_but_not_numbers() -> None:
    rows = [("=HYPERLINK(\"http://evil.example\")", -3), ("+1 rocket", 2.5), ("-cmd", 0), ("@SUM(A1)", -0.25),
            ("\tTab", None), ("North Korea", 7)]
    out = render(ReportResult("x", ["label", "n"], rows), "csv")
    got = list(csv.reader(io.StringIO(out)))[1:]
    assert got == [["'=HYPERLINK(\"http://evil.example\")", "-3"], ["'+1 rocket", "2.5"],
                   ["'-cmd", "0"], ["'@SUM(A1)", "-0.25"], ["'\tTab", ""], ["North Korea", "7"]]
