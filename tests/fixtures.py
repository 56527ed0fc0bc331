"""Small writers for the files users upload: CSVs in the encodings real systems
write, .xlsx workbooks with title rows, merged cells and totals rows, legacy .xls.

Each test writes exactly the cells it needs, so the expected numbers can be
worked out by hand from the test itself.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
import xlwt

Row = Sequence[object]


def csv_text(rows: Iterable[Row], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def write_csv(
    path: Path,
    rows: Iterable[Row],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """A CSV as an ERP would write it: `encoding` 'gbk', 'gb18030', 'utf-16' (with BOM)..."""
    data = csv_text(rows, delimiter).encode(encoding)
    if bom and encoding.replace("-", "").lower() == "utf8":
        data = codecs.BOM_UTF8 + data
    path.write_bytes(data)
    return path


def write_xlsx(
    path: Path,
    sheets: dict[str, list[Row]],
    *,
    merges: dict[str, list[str]] | None = None,
    hidden: Sequence[str] = (),
) -> Path:
    """A workbook, one sheet per entry; `merges` lists ranges such as 'A1:F1' per sheet.

    None leaves a cell empty; datetime/date values become real Excel dates.
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, list[Row]]) -> Path:
    """A legacy Excel 97-2003 workbook; dates are written as date-formatted serials."""
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date | dt.datetime):
                    ws.write(r, c, value, date_style)
                else:
                    ws.write(r, c, value)
    wb.save(str(path))
    return path


SALES_HEADER_EN = ["Order Date", "Cust. Name", "Product", "Sales Amount", "Qty", "Order No"]


def bulk_sales_rows(n: int, seed: int = 7, amount: int = 100) -> list[list[object]]:
    """`n` valid English-header sales rows, each worth exactly `amount`.

    Customers and products are drawn at random (seeded) so the file looks like
    an export, but every total a test checks is `amount` times a row count.
    """
    rng = random.Random(seed)
    customers = ["Acme Trading", "Beta Foods", "Crown Retail", "Delta Mart", "Eagle Dist."]
    products = ["P-100", "P-200", "P-300"]
    rows: list[list[object]] = [list(SALES_HEADER_EN)]
    for i in range(n):
        day = dt.date(2025, 3, 1) + dt.timedelta(days=i % 28)
        rows.append(
            [
                day.isoformat(),
                rng.choice(customers),
                rng.choice(products),
                f"{amount:.2f}",
                rng.randint(1, 9),
                f"SO-{i + 1:05d}",
            ]
        )
    return rows
