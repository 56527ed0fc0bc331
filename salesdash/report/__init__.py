"""The weekly review as a file: self-contained HTML, an Excel workbook, a paginated PDF.

`build(con, ...)` gathers the weekly review page's figures from the metrics
runner (the same named queries, so the file and the page show the same
numbers) into a `Report`; the renderers turn it into bytes or a file:

- `to_html(report)`: one HTML file with the charts and plotly.js inline, that
  opens offline and prints cleanly (as-of date and filters on every page)
- `to_xlsx(report)`: one sheet per section, real numbers with number formats
- `to_pdf(report, out)` / `pdf_bytes(report)`: the HTML printed by a headless Chromium,
  where one is found

Core code: never imports streamlit or plotly (the charts are Plotly figures
written as plain dicts, drawn by the plotly.js the HTML carries).
"""

from salesdash.report.content import build
from salesdash.report.html_doc import to_html
from salesdash.report.model import Report, ReportError, Section
from salesdash.report.pdf import find_chromium, pdf_bytes, to_pdf
from salesdash.report.workbook import to_xlsx

__all__ = [
    "Report",
    "ReportError",
    "Section",
    "build",
    "find_chromium",
    "pdf_bytes",
    "to_html",
    "to_pdf",
    "to_xlsx",
]
