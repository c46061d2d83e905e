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


def test_markdown_passes_no_raw_html_and_keeps_one_row_per_line() -> None:
    hostile = '<img src=x onerror="alert(1)"> & <script>x()</script>'
    result = ReportResult("r", ["title <b>", "n"], [(hostile, 1), ("a | b\nsecond line", 2)])
    text = render(result, "markdown")
    assert "<" not in text and ">" not in text
    lines = text.splitlines()
    assert len(lines) == 4 and lines[0] == "| title &lt;b&gt; | n |"
    assert lines[2] == '| &lt;img src=x onerror="alert(1)"&gt; &amp; &lt;script&gt;x()&lt;/script&gt; | 1 |'
    assert lines[3] == "| a \\| b second line | 2 |"
