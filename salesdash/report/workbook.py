"""The report as an Excel workbook: a cover sheet, the headline figures, one sheet per section.

Cells hold the metrics runner's numbers unrounded (a sum in Excel adds up to
the page's figure) with number formats for reading: amounts `#,##0` (with the
report's currency symbol as a literal, `"¥"#,##0;-"¥"#,##0`, so they stay
numbers), shares `0.0%`, dates `yyyy-mm-dd`. Each sheet's header row is its
first row, frozen and repeated on printed pages. Every text cell goes through
`export.sheet_value`, so a customer called `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from salesdash import i18n
from salesdash.export import sheet_value
from salesdash.report.model import COUNT, DATE, DEC1, DEC2, MONEY, PCT, Card, Report, Section
from salesdash.report.wording import filter_texts, lead_text, t, window

FORMATS = {
    MONEY: "#,##0",
    PCT: "0.0%",
    COUNT: "#,##0",
    DEC1: "0.0",
    DEC2: "0.00",
    DATE: "yyyy-mm-dd",
}
# How a headline card's number reads (Card.kind).
CARD_FORMATS = {
    "money": "#,##0",
    "rate": "0.0%",
    "count": "#,##0",
    "nps": "+0;-0;0",
    "score": "0.00",
}
DATETIME = "yyyy-mm-dd hh:mm"
# A quoted literal in a number format ("¥"), for the width it adds.
LITERAL = re.compile(r'"((?:[^"]|"\\"")*)"')
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F1F5F9")
NOTE_FONT = Font(italic=True, color="475569")
MIN_WIDTH, MAX_WIDTH = 8, 60
SHEET_NAME_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def to_xlsx(report: Report) -> bytes:
    """The workbook as .xlsx bytes."""
    book = Workbook()
    names: set[str] = set()
    cover = book.active
    cover.title = _sheet_name(t(report, "report.sheet.cover"), names)
    headline = book.create_sheet(_sheet_name(t(report, "report.sheet.headline"), names))
    _headline(headline, report)
    sheets = []
    formats = FORMATS | {MONEY: money_format(report.currency)}
    for section in report.sections:
        sheet = book.create_sheet(_sheet_name(section.sheet, names))
        _section(sheet, section, formats)
        sheets.append((sheet.title, section))
    _cover(cover, report, headline.title, sheets)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def money_format(currency: str) -> str:
    """`#,##0` with the currency symbol as a literal: `"¥"#,##0;-"¥"#,##0` (-¥1,200, as the
    page writes it); plain `#,##0` without one. A `"` in the symbol is written `\\"`."""
    if not currency:
        return FORMATS[MONEY]
    literal = '"' + currency.replace('"', '"\\""') + '"'
    return f"{literal}#,##0;-{literal}#,##0"


def _sheet_name(text: str, taken: set[str]) -> str:
    """A legal, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = text.translate(SHEET_NAME_BAD).strip().strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _header(sheet: Worksheet, headers: Sequence[str]) -> None:
    """The header row: row 1, bold, frozen, repeated on each printed page."""
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=sheet_value(text))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top")
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"


def _put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None) -> None:
    cell = sheet.cell(row=row, column=column, value=sheet_value(value))
    if number_format and cell.value is not None and not isinstance(cell.value, str):
        cell.number_format = number_format


def _section(sheet: Worksheet, section: Section, formats: dict[str, str]) -> None:
    _header(sheet, [c.header for c in section.columns])
    if section.note:
        sheet.cell(row=2, column=1, value=sheet_value(section.note)).font = NOTE_FONT
    for row, record in enumerate(section.rows.itertuples(index=False), start=2):
        for column, (spec, value) in enumerate(zip(section.columns, record, strict=True), start=1):
            _put(sheet, row, column, value, formats.get(spec.kind))
    _fit_columns(sheet, wide_first=bool(section.note))


def _headline(sheet: Worksheet, report: Report) -> None:
    headers = ("measure", "current", "previous", "change", "change_pct", "note")
    _header(sheet, [t(report, f"report.col.{h}") for h in headers])
    formats = CARD_FORMATS | {"money": money_format(report.currency)}
    for row, card in enumerate(report.cards, start=2):
        number_format = formats.get(card.kind)
        sheet.cell(row=row, column=1, value=sheet_value(card.label))
        _put(sheet, row, 2, card.value, number_format)
        _put(sheet, row, 3, card.previous, number_format)
        _put(sheet, row, 4, card.change, number_format)
        _put(sheet, row, 5, card.change_pct, "0.0%")
        sheet.cell(row=row, column=6, value=sheet_value(_card_note(card)))
    _fit_columns(sheet)


def _card_note(card: Card) -> str | None:
    """The card's second line where the columns beside it do not already say it."""
    return card.delta if card.previous is None else None


def _cover(
    sheet: Worksheet, report: Report, headline: str, sheets: list[tuple[str, Section]]
) -> None:
    """When, for which window and filters, and what each sheet holds."""
    _header(sheet, [t(report, "report.col.item"), t(report, "report.col.value")])
    span = window(report)
    lines: list[tuple[str, Any, str | None]] = [
        (t(report, "report.cover.title"), t(report, "report.title"), None),
        (t(report, "report.cover.as_of"), report.as_of, FORMATS[DATE]),
        (t(report, "report.cover.window"), _span(span["start"], span["end"]), None),
        (
            t(report, "report.cover.previous"),
            _span(span["previous_start"], span["previous_end"]),
            None,
        ),
        (t(report, "report.cover.window_days"), report.window_days, "0"),
    ]
    for text in filter_texts(report) or [t(report, "report.no_filters")]:
        lines.append((t(report, "report.cover.filters"), text, None))
    lines.append(
        (t(report, "report.cover.language"), i18n.t("app.language_name", report.lang), None)
    )
    lines.append((t(report, "report.cover.generated"), report.generated_at, DATETIME))
    row = 2
    for label, value, number_format in lines:
        sheet.cell(row=row, column=1, value=sheet_value(label))
        _put(sheet, row, 2, value, number_format)
        row += 1
    row += 1
    for column, key in enumerate(("sheet", "rows", "summary"), start=1):
        cell = sheet.cell(row=row, column=column, value=sheet_value(t(report, f"report.col.{key}")))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    row += 1
    sheet.cell(row=row, column=1, value=sheet_value(headline))
    _put(sheet, row, 2, len(report.cards), "0")
    row += 1
    for name, section in sheets:
        summary = lead_text(report, section.lead) if section.lead else section.note
        sheet.cell(row=row, column=1, value=sheet_value(name))
        _put(sheet, row, 2, len(section.rows), "0")
        sheet.cell(row=row, column=3, value=sheet_value(summary or section.title))
        row += 1
    _fit_columns(sheet, limit=40)


def _span(start: Any, end: Any) -> str:
    return f"{start.isoformat()} – {end.isoformat()}"


def _fit_columns(sheet: Worksheet, wide_first: bool = False, limit: int = MAX_WIDTH) -> None:
    """Widths from the longest value shown in each column (a CJK character counts twice)."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if wide_first and cell.row == 2 and cell.column == 1:
                continue  # a note under an empty table spills over the next columns
            width = _display_width(_shown(cell.value, cell.number_format))
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(limit, width + 2))


def _shown(value: Any, number_format: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        literal = LITERAL.search(number_format)
        prefix = literal.group(1).replace('"\\""', '"') if literal else ""
        digits = LITERAL.sub("", number_format)
        if "%" in digits:
            return f"{value * 100:.1f}%"
        if "0.0" in digits:
            return f"{value:,.2f}"
        return f"-{prefix}{-value:,.0f}" if value < 0 else f"{prefix}{value:,.0f}"
    return str(value)[:16]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
