"""The report as one self-contained HTML file: opens offline, prints cleanly.

Everything is inline: the styles, each chart as Plotly figure JSON, and
plotly.js itself, read once from the installed plotly package's file (found
without importing plotly), so the file needs no network and no CDN. Text
from the data is HTML-escaped (a customer called `<script>` is shown as
text); figure JSON has `<`, `>` and `&` escaped so it cannot close its tag.

Printing: A4 pages; the title, as-of date and filters sit in the page's top
margin on every page (CSS margin boxes, which Chromium prints, also with
`--no-pdf-header-footer`), page numbers at the foot; cards, charts and
table rows are never cut and a table's header row repeats on each page.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from salesdash import i18n
from salesdash.report import figures
from salesdash.report.model import (
    COUNT,
    DATE,
    DEC1,
    DEC2,
    MONEY,
    PCT,
    Card,
    Column,
    Report,
    ReportError,
    Section,
)
from salesdash.report.wording import filter_texts, period_text, running_header, t

# Sections with at most this many rows are kept on one printed page.
KEEP_TOGETHER_ROWS = 12
NUMERIC = (MONEY, PCT, COUNT, DEC1, DEC2)

STYLE = """
@page {
  size: A4;
  margin: 16mm 12mm 14mm 12mm;
  @top-left { content: __HEADER__; font: 8pt __FONT__; color: #475569; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt __FONT__; color: #475569; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #f1f5f9; color: #1f2937; font: 14px/1.45 __FONT__; }
main { width: 740px; max-width: 100%; margin: 0 auto; padding: 20px 20px 40px; background: #fff; }
.running { font-size: 12px; color: #64748b; border-bottom: 1px solid #e2e8f0;
  padding-bottom: 6px; margin-bottom: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; }
.caption { color: #475569; margin: 0 0 4px; }
.filters { color: #475569; margin: 0 0 16px; }
h2 { font-size: 19px; margin: 26px 0 10px; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15px; margin: 0 0 6px; break-after: avoid; page-break-after: avoid; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.card { border: 1px solid #e2e8f0; border-radius: 8px; padding: 8px 10px;
  break-inside: avoid; page-break-inside: avoid; }
.card .label { font-size: 12px; color: #475569; }
.card .value { font-size: 21px; font-weight: 600; margin: 2px 0; }
.card.missing .value { color: #94a3b8; }
.card .delta { font-size: 11px; color: #64748b; }
section.block { border: 1px solid #e2e8f0; border-radius: 8px; padding: 12px 14px; margin: 0 0 14px; }
section.keep { break-inside: avoid; page-break-inside: avoid; }
.lead { margin: 0 0 8px; }
.note { margin: 0; padding: 8px 10px; border-radius: 6px; background: #eff6ff; color: #1e3a8a; }
.note.ok { background: #f0fdf4; color: #14532d; }
figure.chart { margin: 4px 0 10px; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
.plot { width: __WIDTH__px; max-width: 100%; }
table { width: 100%; border-collapse: collapse; font-size: 12px; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 4px 6px; border-bottom: 1px solid #e2e8f0; text-align: left; vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td.date { white-space: nowrap; }
footer { color: #64748b; font-size: 11px; margin-top: 22px; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { width: auto; padding: 0; }
  .running { display: none; }
  section.block { border: none; border-radius: 0; padding: 0; margin-bottom: 18px; }
}
"""

SCRIPT = """
document.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (node) {
  var figure = JSON.parse(node.textContent);
  Plotly.newPlot(node.getAttribute('data-chart'), figure.data, figure.layout, figure.config);
});
"""


def to_html(report: Report) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    lang = "zh-CN" if report.lang == "zh" else "en"
    title = f"{t(report, 'report.title')} – {i18n.fmt_date(report.as_of, report.lang)}"
    charts: list[tuple[str, dict[str, Any]]] = []
    body = [
        f'<div class="running">{esc(running_header(report))}</div>',
        f"<h1>{esc(t(report, 'report.title'))}</h1>",
        f'<p class="caption">{esc(period_text(report))}</p>',
        f'<p class="filters">{esc(_filters_sentence(report))}</p>',
        _cards(report.cards),
    ]
    group = None
    for section in report.sections:
        if section.group != group:
            group = section.group
            body.append(f"<h2>{esc(t(report, 'weekly.' + group))}</h2>")
        body.append(_section(report, section, charts))
    body.append(f"<footer>{esc(_generated(report))}</footer>")
    data = "\n".join(
        f'<script type="application/json" data-chart="{esc(chart_id)}">{figure_json(figure)}</script>'
        for chart_id, figure in charts
    )
    style = (
        STYLE.replace("__HEADER__", css_string(running_header(report)))
        .replace("__FONT__", figures.FONT)
        .replace("__WIDTH__", str(figures.WIDTH))
    )
    scripts = f"<script>{script_text(plotly_js())}</script>\n{data}\n<script>{SCRIPT}</script>"
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + f"\n</main>\n{scripts if charts else ''}\n</body>\n</html>\n"
    )


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string; anything that could end it or the <style> is a hex escape."""
    out = []
    for char in text:
        if char.isalnum() or char in " ·,.:;()-_/" or ord(char) > 0x7F and char.isprintable():
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'


def figure_json(figure: dict[str, Any]) -> str:
    """Figure JSON safe inside a <script> element: no `</script>`, no `<!--`."""
    text = json.dumps({**figure, "config": figures.CONFIG}, ensure_ascii=False, allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def script_text(js: str) -> str:
    """Script source that cannot close its <script> element early."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


@cache
def plotly_js() -> str:
    """The installed plotly package's plotly.min.js, found without importing plotly."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise ReportError(
            "the HTML report embeds plotly.js from the plotly package; install plotly"
        )
    path = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise ReportError(f"plotly.min.js not found at {path}; reinstall plotly")
    return path.read_text(encoding="utf-8")


def _filters_sentence(report: Report) -> str:
    texts = filter_texts(report)
    return (
        t(report, "report.filters", values=" · ".join(texts))
        if texts
        else t(report, "report.no_filters")
    )


def _generated(report: Report) -> str:
    return t(report, "report.generated", when=report.generated_at.strftime("%Y-%m-%d %H:%M"))


def _cards(cards: tuple[Card, ...]) -> str:
    items = []
    for card in cards:
        missing = " missing" if card.value is None else ""
        delta = f'<div class="delta">{esc(card.delta)}</div>' if card.delta else ""
        items.append(
            f'<div class="card{missing}"><div class="label">{esc(card.label)}</div>'
            f'<div class="value">{esc(card.shown)}</div>{delta}</div>'
        )
    return '<div class="cards">' + "".join(items) + "</div>"


def lead_html(report: Report, lead: tuple[str, dict[str, str]]) -> str:
    """The page's sentence with its **bold** parts in <strong>, every value escaped."""
    key, values = lead
    template = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", esc(t(report, key)))
    return template.format(**{name: esc(value) for name, value in values.items()})


def _section(report: Report, section: Section, charts: list[tuple[str, dict[str, Any]]]) -> str:
    keep = " keep" if len(section.rows) <= KEEP_TOGETHER_ROWS else ""
    parts = [f'<section class="block{keep}" id="{esc(section.key)}">']
    parts.append(f"<h3>{esc(section.title)}</h3>")
    if section.note:
        ok = " ok" if section.ok else ""
        parts.append(f'<p class="note{ok}">{esc(section.note)}</p></section>')
        return "".join(parts)
    if section.lead:
        parts.append(f'<p class="lead">{lead_html(report, section.lead)}</p>')
    if section.chart is not None:
        chart_id = f"chart-{section.key}"
        charts.append((chart_id, section.chart))
        height = section.chart["layout"]["height"]
        shown = section.chart_title and section.chart_title != section.title
        caption = f"<figcaption>{esc(section.chart_title)}</figcaption>" if shown else ""
        parts.append(
            f'<figure class="chart">{caption}<div class="plot" id="{esc(chart_id)}" style="height:{int(height)}px"></div></figure>'
        )
    parts.append(_table(section.columns, section.rows, report.lang, report.currency))
    parts.append("</section>")
    return "".join(parts)


def _table(columns: tuple[Column, ...], rows: pd.DataFrame, lang: str, currency: str) -> str:
    classes = [_cell_class(c.kind) for c in columns]
    head = "".join(
        f"<th{cls}>{esc(c.header)}</th>" for c, cls in zip(columns, classes, strict=True)
    )
    body = []
    for record in rows.itertuples(index=False):
        cells = "".join(
            f"<td{cls}>{esc(cell_text(v, c.kind, lang, currency))}</td>"
            for c, cls, v in zip(columns, classes, record, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell_class(kind: str) -> str:
    if kind in NUMERIC:
        return ' class="num"'
    return ' class="date"' if kind == DATE else ""


def cell_text(value: Any, kind: str, lang: str, currency: str = "") -> str:
    """A table cell as the page's table writes it (amounts whole with separators and the
    currency symbol, ¥3,950 and -¥50; 45.3%)."""
    if kind in NUMERIC:
        number = figures.number(value)
        if number is None:
            return "–"
        if kind == PCT:
            return i18n.fmt_pct(number)
        if kind == DEC1:
            return f"{number:,.1f}"
        if kind == DEC2:
            return f"{number:,.2f}"
        amount = f"{number:,.0f}"
        return i18n.with_currency(amount, currency) if kind == MONEY else amount
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if kind == DATE:
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)
