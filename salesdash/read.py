"""Read CSV and Excel files into text grids, whatever encoding or format they came in.

Every cell becomes text (or None) here; typing happens later in DuckDB SQL so
one parser serves CSV and Excel alike. CSV bodies are left on disk for
DuckDB's `read_csv` to stream, which is what keeps million-row loads fast;
only the first rows are decoded in Python to find the header and delimiter.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as pc

from salesdash import i18n

PREVIEW_ROWS = 60
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
DELIMITERS = (",", ";", "\t", "|")
# Biggest workbook we will unpack; a small zip that inflates past this is a zip bomb.
MAX_UNZIPPED_BYTES = int(os.environ.get("SALESDASH_MAX_UNZIPPED_MB", "2048")) * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read at all; the message is shown to the user as is."""


@dataclass
class Sheet:
    """One table-shaped source: a CSV file or one worksheet."""

    file_name: str
    sheet: str | None
    preview: list[list[str | None]]
    # Excel: the whole grid (0-based rows = Excel row - 1). CSV: None, read by DuckDB.
    grid: list[list[str | None]] | None = None
    csv_path: Path | None = None
    delimiter: str = ","
    hidden: bool = False
    notes: list[str] = field(default_factory=list)
    temp_file: bool = False  # csv_path is our transcoded copy, deleted after staging
    # CSV: lines up to the last non-empty one. When DuckDB reads fewer records
    # than that below the header, the body has empty lines (or quoted line
    # breaks) and row numbers need `fix_blank_lines`.
    lines: int | None = None

    def cleanup(self) -> None:
        if self.temp_file and self.csv_path is not None:
            self.csv_path.unlink(missing_ok=True)

    @property
    def label(self) -> str:
        return f"{self.file_name} [{self.sheet}]" if self.sheet else self.file_name


def read_file(path: str | Path, file_name: str | None = None, lang: str = "en") -> list[Sheet]:
    """All sheets of a file. `file_name` is what users see; the path is never shown.

    Refusals and read notes are in `lang`.
    """
    path = Path(path)
    name = file_name or path.name
    head = _head_bytes(path)
    if not head:
        raise ReadError(i18n.t("load.read.empty_file", lang, name=name))
    suffix = Path(name).suffix.lower()
    is_zip = head.startswith(b"PK\x03\x04")
    is_ole = head.startswith(b"\xd0\xcf\x11\xe0")
    if is_zip or is_ole or suffix in EXCEL_SUFFIXES:
        if not (is_zip or is_ole):
            raise ReadError(i18n.t("load.read.not_excel", lang, name=name, suffix=suffix))
        return _read_excel(path, name, is_zip, lang)
    return [_read_csv(path, name, lang)]


def _head_bytes(path: Path, n: int = 8) -> bytes:
    with open(path, "rb") as f:
        return f.read(n)


# Excel ----------------------------------------------------------------------


def _read_excel(path: Path, name: str, is_zip: bool, lang: str = "en") -> list[Sheet]:
    if is_zip:
        _check_zip(path, name, lang)
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise ReadError(i18n.t("load.read.password_remove", lang, name=name)) from None
    except Exception as exc:  # calamine raises several types for damaged files
        raise ReadError(i18n.t("load.read.damaged", lang, name=name, error=exc)) from None
    sheets = []
    for meta in wb.sheets_metadata:
        if str(meta.typ) != str(pc.SheetTypeEnum.WorkSheet):
            continue
        try:
            ws = wb.get_sheet_by_name(meta.name)
            rows = ws.to_python(skip_empty_area=False)
            merged = ws.merged_cell_ranges or []
        except Exception as exc:
            raise ReadError(
                i18n.t("load.read.sheet_unreadable", lang, name=name, sheet=meta.name, error=exc)
            ) from None
        grid = [[_cell_text(v) for v in row] for row in rows]
        _fill_merged(grid, merged)
        hidden = str(meta.visible) != str(pc.SheetVisibleEnum.Visible)
        sheets.append(Sheet(name, meta.name, grid[:PREVIEW_ROWS], grid=grid, hidden=hidden))
    return sheets


def _check_zip(path: Path, name: str, lang: str = "en") -> None:
    """Refuse broken archives and zip bombs before anything is inflated."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise ReadError(i18n.t("load.read.incomplete", lang, name=name)) from None
    if total > MAX_UNZIPPED_BYTES:
        raise ReadError(
            i18n.t(
                "load.read.zip_bomb",
                lang,
                name=name,
                size=f"{total / 2**20:,.0f}",
                limit=f"{MAX_UNZIPPED_BYTES / 2**20:,.0f}",
            )
        )
    if "EncryptedPackage" in names:
        raise ReadError(i18n.t("load.read.password", lang, name=name))


def _cell_text(v: object) -> str | None:
    """Excel cell -> text the SQL parsers understand (numbers without '.0', ISO dates)."""
    if v is None or v == "":
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v.total_seconds() / 86400)
    return str(v)


def _fill_merged(grid: list[list[str | None]], merged: list) -> None:
    """Give every cell of a merged range the range's value, as a reader of the sheet sees it."""
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


# CSV ------------------------------------------------------------------------


HEAD_BYTES = 1 << 20


def _read_csv(path: Path, name: str, lang: str = "en") -> Sheet:
    """Decode only the head in Python; DuckDB streams the body (and `utf8_copy` rescues it)."""
    raw = path.read_bytes()
    encoding = _encoding(raw)
    head = raw[:HEAD_BYTES].decode(encoding, errors="ignore")[:200_000]
    if "\x00" in head[:10000]:
        raise ReadError(i18n.t("load.read.binary", lang, name=name))
    notes = [] if encoding in UTF8 else [i18n.t("load.note.encoding", lang, encoding=encoding)]
    delimiter = sniff_delimiter(head)
    if delimiter != ",":
        notes.append(i18n.t("load.note.delimiter", lang, delimiter=repr(delimiter)))
    sheet = Sheet(name, None, _csv_rows(head, delimiter, PREVIEW_ROWS), csv_path=path,
                  delimiter=delimiter, notes=notes)  # fmt: skip
    if encoding not in UTF8:
        utf8_copy(sheet, raw, encoding, lang)  # DuckDB reads UTF-8 only without a download
    else:
        sheet.lines = raw.count(b"\n", 0, _content_end(raw)) + 1
    return sheet


def fix_blank_lines(sheet: Sheet) -> bool:
    """Copy the file with its empty lines as rows of empty cells, if it has any.

    DuckDB skips empty lines, which would shift every later row number in
    reject messages. Called only when the record count says something is
    off, since scanning a large file for them costs more than reading it.
    """
    raw = sheet.csv_path.read_bytes()
    if not _has_inner_blank_line(raw):
        return False  # quoted line breaks inside cells: the numbers are right
    utf8_copy(sheet, raw, "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8")
    sheet.lines = None
    return True


UTF8 = ("utf-8", "utf-8-sig")


def _content_end(raw: bytes) -> int:
    end = len(raw)
    while end and raw[end - 1 : end] in (b"\n", b"\r", b" ", b"\t"):
        end -= 1
    return end


def _has_inner_blank_line(raw: bytes) -> bool:
    """An empty line before the last record (trailing ones shift no row number)."""
    end = _content_end(raw)
    return raw.find(b"\n\n", 0, end) >= 0 or raw.find(b"\n\r\n", 0, end) >= 0


def utf8_copy(
    sheet: Sheet, raw: bytes | None = None, encoding: str | None = None, lang: str = "en"
) -> None:
    """Point the sheet at a UTF-8 copy of its file, empty lines written as rows of empty cells.

    Also the rescue when a file that looked like UTF-8 in its first megabyte
    turns out not to be (DuckDB refuses it): the whole file decides then.
    """
    if raw is None:
        raw = sheet.csv_path.read_bytes()
    if encoding is None:
        encoding = _encoding(raw, head_only=False)
        if encoding not in UTF8:
            sheet.notes.append(i18n.t("load.note.encoding", lang, encoding=encoding))
    text = raw.decode(encoding, errors="replace")
    fd, tmp = tempfile.mkstemp(suffix=".csv", prefix="salesdash-")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(_fill_blank_lines(text, sheet.delimiter))
    sheet.cleanup()
    sheet.csv_path, sheet.temp_file = Path(tmp), True


def _fill_blank_lines(text: str, delimiter: str) -> str:
    """The same records, empty lines written as a row of two empty cells."""
    if not re.search(r"\n\r?\n", text.rstrip()):
        return text
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            writer.writerow(row or ["", ""])
    except csv.Error:
        return text  # malformed quoting: leave it to DuckDB's lenient reader
    return out.getvalue()


def _encoding(raw: bytes, head_only: bool = True) -> str:
    """What Chinese and Western systems actually write: UTF-8 (BOM or not), UTF-16, GB18030.

    With `head_only`, UTF-8 is judged on the first megabyte (a partial character
    at the cut is fine), so a large file is not decoded twice.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        if head_only:
            codecs.getincrementaldecoder("utf-8")().decode(raw[:HEAD_BYTES], final=False)
        else:
            raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312, what Chinese Excel writes as "CSV".
        raw.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of fields."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_score = ",", 0.0
    for d in DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=d)]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        score = multi.count(mode) * (1 + min(mode, 20) / 20)
        if score > best_score:
            best, best_score = d, score
    return best


def _csv_rows(text: str, delimiter: str, limit: int) -> list[list[str | None]]:
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            rows.append([c if c.strip() != "" else None for c in row])
            if len(rows) >= limit:
                break
    except csv.Error:
        pass  # a cut quoted cell at the end of the sample
    return rows
