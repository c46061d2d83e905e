"""Reports for people: the SQL report catalogue, output formats, the HTML digest and the weekly flow.

A report is one file in flows/warehouse/sql/reports/ (`list_reports`, `run_report`); `render` turns a
result into table | csv | json | markdown | html; `write_digest` writes the HTML digest to
`digest_path(db)`. The weekly Prefect flow is flows/reports/weekly.py:weekly_report (prefect.yaml).
"""

from flows.reports.catalogue import Report, ReportResult, get_report, list_reports, parse_time, run_report
from flows.reports.digest import digest_path, render_digest, write_digest
from flows.reports.formats import FORMATS, cell, render, rich_table

__all__ = [
    "FORMATS", "Report", "ReportResult", "cell", "digest_path", "get_report", "list_reports", "parse_time",
    "render", "render_digest", "rich_table", "run_report", "write_digest",
]
