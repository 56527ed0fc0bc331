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
import hashlib
import io
import os
import posixpath
import re
import struct
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from xml.etree import ElementTree

import python_calamine as pc

from salesdash import i18n

PREVIEW_ROWS = 60
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
OOXML_SUFFIXES = {".xlsx", ".xlsm", ".xlsb"}  # zip files, unless encrypted
DELIMITERS = (",", ";", "\t", "|")
# Biggest workbook we will unpack (SALESDASH_MAX_UNZIPPED_MB); past it, a zip bomb.
DEFAULT_MAX_UNZIPPED_MB = "1024"
# A part that inflates above LARGE_PART bytes more than MAX_RATIO times is crafted.
LARGE_PART = 64 * 2**20
MAX_RATIO = 100
PROLOG_CHUNK = 1 << 16


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
    # CSV: lines up to the last non-empty one, counted when asked (see
    # Fingerprint). When DuckDB reads fewer records than that below the
    # header, the body has empty lines (or quoted line breaks) and row numbers
    # need `fix_blank_lines`.
    lines: Callable[[], int] | None = None
    # Excel: cells holding a formula saved without its result, (row, column) 0-based -> formula.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def cleanup(self) -> None:
        if self.temp_file and self.csv_path is not None:
            self.csv_path.unlink(missing_ok=True)

    @property
    def label(self) -> str:
        return f"{self.file_name} [{self.sheet}]" if self.sheet else self.file_name


def read_file(
    path: str | Path,
    file_name: str | None = None,
    lang: str = "en",
    lines: Callable[[], int] | None = None,
) -> list[Sheet]:
    """All sheets of a file. `file_name` is what users see; the path is never shown.

    Refusals and read notes are in `lang`. `lines`: gives the file's line
    count, e.g. `Fingerprint.lines` when the caller is reading the file
    anyway (else a CSV is read once more to count them).
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
    return [_read_csv(path, name, lang, lines)]


def _head_bytes(path: Path, n: int = 8) -> bytes:
    with open(path, "rb") as f:
        return f.read(n)


# Excel ----------------------------------------------------------------------


def _read_excel(path: Path, name: str, is_zip: bool, lang: str = "en") -> list[Sheet]:
    book = _inspect_zip(path, name, lang) if is_zip else _inspect_ole(path, name, lang)
    try:
        wb = _open_workbook(path, book.kind)
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
            merged = ws.merged_cell_ranges or []
            grid = _grid(ws)
        except Exception as exc:
            raise ReadError(
                i18n.t("load.read.sheet_unreadable", lang, name=name, sheet=meta.name, error=exc)
            ) from None
        _fill_merged(grid, merged)
        formulas = book.formulas.get(meta.name, {})
        if formulas:
            # Calamine leaves cells without a value out of the sheet's range.
            grid += [[] for _ in range(max(r for r, _ in formulas) + 1 - len(grid))]
        hidden = str(meta.visible) != str(pc.SheetVisibleEnum.Visible)
        sheet = Sheet(name, meta.name, grid[:PREVIEW_ROWS], grid=grid, hidden=hidden)
        sheet.formulas = formulas
        sheets.append(sheet)
    if sheets and all(s.hidden for s in sheets):
        for sheet in sheets:
            sheet.notes.append(i18n.t("load.note.all_hidden", lang))
    return sheets


def _grid(ws: pc.CalamineSheet) -> list[list[str | None]]:
    """The sheet as text from A1 (row i = Excel row i + 1), converted row by row.

    `iter_rows` yields the rows above the used range as empty rows but starts
    each row at the range's first column, so the columns left of it are put
    back. Unlike `to_python`, it never holds every cell twice as Python
    objects: a sheet of a million rows peaks some 300 MB lower.
    """
    start = ws.start
    pad = [None] * (start[1] if start else 0)
    return [pad + [_cell_text(v) for v in row] for row in ws.iter_rows()]


@dataclass
class _Book:
    """What the container says before the workbook is opened."""

    kind: str  # xlsx (also xlsm), xlsb, ods or xls
    # Sheet name -> {(row, column) 0-based: formula} of formulas saved without a result.
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


# The file name endings calamine picks its reader by; any other name is detected.
_NATIVE_SUFFIXES = {"xlsx": {".xlsx", ".xlsm"}, "xlsb": {".xlsb"}, "ods": {".ods"}, "xls": {".xls"}}


def _open_workbook(path: Path, kind: str) -> pc.CalamineWorkbook:
    """Calamine reads by file name ending; a workbook saved under another Excel
    ending (a legacy .xls named .xlsx) is handed over by content instead."""
    suffix = path.suffix.lower()
    if suffix in _NATIVE_SUFFIXES[kind] or suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES:
        return pc.CalamineWorkbook.from_path(str(path))
    with open(path, "rb") as f:
        return pc.CalamineWorkbook.from_filelike(f)


def max_unzipped_bytes() -> int:
    """`SALESDASH_MAX_UNZIPPED_MB` (default 1024): the most a workbook may inflate to.

    Read at each load, so a deployment can change it without a restart; a
    value that is not a positive number falls back to the default.
    """
    try:
        mb = float(os.environ.get("SALESDASH_MAX_UNZIPPED_MB", DEFAULT_MAX_UNZIPPED_MB))
    except ValueError:
        mb = float(DEFAULT_MAX_UNZIPPED_MB)
    return int((mb if mb > 0 else float(DEFAULT_MAX_UNZIPPED_MB)) * 2**20)


def _inspect_zip(path: Path, name: str, lang: str = "en") -> _Book:
    """Refuse broken archives, zip bombs and XML with a DTD before anything is parsed.

    Sizes come from the central directory, so a bomb is refused without
    inflating a byte of it. Then the head of every XML part is read up to
    its root element: Excel never writes a DOCTYPE, and one is how entity
    expansion ("billion laughs", quadratic blow-up) attacks begin.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_sizes(infos, name, lang)
            names = {i.filename for i in infos}
            if "EncryptedPackage" in names:
                raise ReadError(i18n.t("load.read.password", lang, name=name))
            kind = _zip_kind(names)
            if kind is None:
                raise ReadError(
                    i18n.t("load.read.not_excel", lang, name=name, suffix=Path(name).suffix)
                )
            for info in infos:
                if not info.is_dir() and _declares_dtd(zf, info):
                    raise ReadError(
                        i18n.t("load.read.doctype", lang, name=name, part=info.filename)
                    )
            book = _Book(kind)
            if kind == "xlsx":
                book.formulas = _uncached_formulas(zf, names)
            return book
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError, zlib.error):
        # Cut short, a bad checksum, a member zip-encrypted or packed in a way Excel never uses.
        raise ReadError(i18n.t("load.read.incomplete", lang, name=name)) from None


def _check_sizes(infos: list[zipfile.ZipInfo], name: str, lang: str) -> None:
    limit = max_unzipped_bytes()
    total = sum(i.file_size for i in infos)
    if total > limit:
        raise ReadError(
            i18n.t(
                "load.read.zip_bomb",
                lang,
                name=name,
                size=f"{total / 2**20:,.0f}",
                limit=f"{limit / 2**20:,.0f}",
            )
        )
    for info in infos:
        # Worksheet XML compresses 10 to 30 times; only crafted data does 100.
        if info.file_size > LARGE_PART and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(
                i18n.t(
                    "load.read.zip_ratio",
                    lang,
                    name=name,
                    part=info.filename,
                    size=f"{info.file_size / 2**20:,.0f}",
                    ratio=f"{info.file_size // max(info.compress_size, 1):,}",
                )
            )


def _zip_kind(names: set[str]) -> str | None:
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names:
        return "ods"
    return None


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part has a `<!DOCTYPE` before its root element.

    Reads only the prolog (declaration, comments, processing instructions),
    so a sheet of a million rows costs one chunk. NUL bytes are dropped so
    UTF-16 and UTF-32 parts read like UTF-8; a part that does not start like
    XML (an image, a .bin record stream) has no DTD for any parser.
    """
    with zf.open(info) as f:
        buf = b""

        def more() -> bool:
            nonlocal buf
            chunk = f.read(PROLOG_CHUNK)
            buf += chunk.replace(b"\0", b"")
            return bool(chunk)

        while True:
            buf = buf.lstrip(b" \t\r\n\xef\xbb\xbf\xff\xfe")
            if len(buf) < 4 and more():
                continue
            if not buf.startswith((b"<?", b"<!--")):
                # `<!` in a prolog can only begin a document type declaration.
                return buf.startswith(b"<!")
            close = b"?>" if buf.startswith(b"<?") else b"-->"
            end = buf.find(close, 2)
            while end < 0:
                buf = buf[-(len(close) - 1) :]  # a long comment is skipped, not kept
                if not more():
                    return False
                end = buf.find(close)
            buf = buf[end + len(close) :]


_CELL_RE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>)", re.S
)
_FORMULA_RE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*?(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?f>)", re.S
)
_VALUE_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is)\b[^>]*?(?:/>|>(.*?)</)", re.S)
_REF_RE = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d{1,7})["']""")
_STRING_TYPE_RE = re.compile(rb"""\bt\s*=\s*["']str["']""")
# Every formula ends in </f> (or </x:f>): a shared formula's dependents are
# empty <f/> elements, but its first cell holds the text. Two fast searches.
_FORMULA_HINTS = (b"</f>", b":f>")


def _uncached_formulas(
    zf: zipfile.ZipFile, names: set[str]
) -> dict[str, dict[tuple[int, int], str]]:
    """Cells whose formula was saved without its result, per sheet name.

    Excel stores each formula's last result beside it; files written by
    scripts (openpyxl, many report generators) store the formula alone,
    and every reader, calamine included, then sees an empty cell. A sheet
    without formulas costs inflating it once more and two byte searches
    (about a tenth of a full load); only chunks with formulas are parsed.
    """
    found = {}
    for sheet, member in _sheet_members(zf, names).items():
        cells = {}
        carry = b""
        with zf.open(member) as f:
            while chunk := f.read(1 << 20):
                buf = carry + chunk
                if not any(h in buf for h in _FORMULA_HINTS):
                    # The next chunk may close a formula whose cell starts here.
                    cut = max(buf.rfind(b"<c"), buf.rfind(b":c "), buf.rfind(b":c>"))
                    carry = buf[cut:] if cut >= 0 else buf[-8:]
                    continue
                last = 0
                for m in _CELL_RE.finditer(buf):
                    last = m.end()
                    body = m.group(2)
                    if body and _uncached(m.group(1), body):
                        ref = _REF_RE.search(m.group(1))
                        if ref is not None:
                            # A shared formula's later cells carry no text of their own.
                            formula = _FORMULA_RE.search(body).group(1) or b"..."
                            cells[_cell_position(ref)] = "=" + _xml_text(formula)
                carry = buf[last:]
        if cells:
            found[sheet] = cells
    return found


def _uncached(attributes: bytes, body: bytes) -> bool:
    if _FORMULA_RE.search(body) is None:
        return False
    value = _VALUE_RE.search(body)
    if value is None:
        return True
    # An empty <v> is a formula whose result is "" only when typed as a string.
    return not value.group(1) and _STRING_TYPE_RE.search(attributes) is None


def _cell_position(ref: re.Match) -> tuple[int, int]:
    col = 0
    for ch in ref.group(1).upper():
        col = col * 26 + (ch - 64)
    return int(ref.group(2)) - 1, col - 1


def _xml_text(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def _sheet_members(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name -> its XML part, from the workbook and its relationships."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels.iter():
        if rel.tag.rsplit("}", 1)[-1] == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id")] = posixpath.normpath(target)
    members = {}
    for node in book.iter():
        if node.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in node.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        member = targets.get(rid)
        if node.get("name") and member in names:
            members[node.get("name")] = member
    return members


def _inspect_ole(path: Path, name: str, lang: str = "en") -> _Book:
    """An OLE compound file: a legacy .xls, an encrypted .xlsx, or not a workbook at all.

    Excel saves a password-protected .xlsx as a compound file holding
    `EncryptionInfo` and `EncryptedPackage`; a legacy workbook holds a
    `Workbook` (or, before Excel 97, `Book`) stream. The directory is read
    here so each gets its own message, whatever the file is called.
    """
    # An .xlsx is a zip unless encrypted: a compound file under that name that
    # is no legacy workbook is taken for an encrypted one even when its
    # directory cannot be read, which is the likeliest truth.
    suffix = Path(name).suffix.lower()
    encrypted = ReadError(i18n.t("load.read.password", lang, name=name))
    try:
        entries = ole_entries(path)
    except ValueError:
        if suffix in OOXML_SUFFIXES:
            raise encrypted from None
        raise ReadError(i18n.t("load.read.incomplete", lang, name=name)) from None
    if entries & {"EncryptedPackage", "EncryptionInfo"}:
        raise encrypted
    if entries & {"Workbook", "Book"}:
        return _Book("xls")
    if suffix in OOXML_SUFFIXES and not entries & {"WordDocument", "PowerPoint Document"}:
        raise encrypted
    raise ReadError(i18n.t("load.read.not_excel", lang, name=name, suffix=Path(name).suffix))


_ENDOFCHAIN = 0xFFFFFFFE


def ole_entries(path: Path) -> set[str]:
    """Names of the storages and streams of an OLE compound file (MS-CFB).

    Follows the directory's sector chain through the FAT; raises ValueError
    on anything malformed (cut short, a chain that loops or leaves the file).
    """
    size = path.stat().st_size
    with open(path, "rb") as f:
        header = f.read(512)
        if len(header) < 512 or not header.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise ValueError("not a compound file")
        shift = struct.unpack_from("<H", header, 30)[0]
        if shift not in (9, 12):
            raise ValueError("bad sector size")
        sector = 1 << shift
        per_sector = sector // 4
        n_fat, first_dir = struct.unpack_from("<II", header, 44)
        difat_next, n_difat = struct.unpack_from("<II", header, 68)
        fat_sectors = list(struct.unpack_from("<109I", header, 76))[: min(n_fat, 109)]
        max_sectors = size // sector + 1

        def read_sector(n: int) -> bytes:
            if n >= max_sectors:
                raise ValueError("sector outside the file")
            f.seek((n + 1) * sector)
            data = f.read(sector)
            if len(data) < sector:
                raise ValueError("file cut short")
            return data

        for _ in range(min(n_difat, max_sectors)):
            if difat_next >= _ENDOFCHAIN:
                break
            entries = struct.unpack(f"<{per_sector}I", read_sector(difat_next))
            fat_sectors += entries[:-1]
            difat_next = entries[-1]
        fat_sectors = fat_sectors[:n_fat]

        def next_sector(n: int) -> int:
            page = n // per_sector
            if page >= len(fat_sectors):
                raise ValueError("sector outside the FAT")
            return struct.unpack_from("<I", read_sector(fat_sectors[page]), (n % per_sector) * 4)[0]

        names = set()
        current, seen = first_dir, set()
        while current < _ENDOFCHAIN:
            if current in seen:
                raise ValueError("directory chain loops")
            seen.add(current)
            data = read_sector(current)
            for off in range(0, sector, 128):
                length, kind = struct.unpack_from("<HB", data, off + 64)
                if kind in (1, 2, 5) and 2 <= length <= 64:
                    names.add(data[off : off + length - 2].decode("utf-16-le", errors="replace"))
            current = next_sector(current)
        if current != _ENDOFCHAIN:
            raise ValueError("directory chain ends badly")
        return names


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
# Python's csv refuses fields over 128 KB by default; a notes cell of 1 MB is a
# real export. Raised for the process (only ever upwards): DuckDB's line limit
# (stage.MAX_LINE_BYTES) is what bounds a CSV here.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 25))


def _read_csv(
    path: Path, name: str, lang: str = "en", lines: Callable[[], int] | None = None
) -> Sheet:
    """Decode only the head in Python; DuckDB streams the body (and `utf8_copy` rescues it).

    A UTF-8 file (judged on its head, see `_encoding`) is never held in memory
    whole: its lines are counted in chunks. Other encodings are decoded whole.
    """
    with open(path, "rb") as f:
        raw = f.read(HEAD_BYTES)
    encoding = _encoding(raw)
    if encoding not in UTF8:
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
        sheet.lines = lines or partial(_count_lines, path)
    return sheet


class Fingerprint:
    """A file's SHA-256 (hex) and `_count_lines`, worked out in a thread.

    The loader needs the hash to skip an identical earlier upload and the
    line count to check DuckDB's record count, but neither before DuckDB has
    read the file into a table. Reading, hashing and counting 100 MB costs
    0.1 s; started first, it runs while DuckDB reads (hashlib and DuckDB let
    go of the GIL), and asking for either result waits for it.
    """

    def __init__(self, path: Path) -> None:
        self._digest = hashlib.sha256()
        self._lines = _LineCount()
        self._failed: list[BaseException] = []
        self._thread = threading.Thread(target=self._read, args=(path,), name="salesdash-hash")
        self._thread.start()

    def _read(self, path: Path) -> None:
        try:
            with open(path, "rb") as f:
                while chunk := f.read(1 << 22):
                    self._digest.update(chunk)
                    self._lines.add(chunk)
        except BaseException as exc:
            self._failed.append(exc)

    def _done(self) -> None:
        self._thread.join()
        if self._failed:
            raise self._failed[0]

    def hash(self) -> str:
        self._done()
        return self._digest.hexdigest()

    def lines(self) -> int:
        self._done()
        return self._lines.total()


class _LineCount:
    """Lines up to the last one with content, as `raw.count(b"\\n", 0, _content_end(raw)) + 1`,
    from the file's chunks in order."""

    def __init__(self) -> None:
        self.newlines = self.trailing = 0  # newlines in all, and in the blank run at the end

    def add(self, chunk: bytes) -> None:
        self.newlines += chunk.count(b"\n")
        body = chunk.rstrip(b"\n\r \t")
        self.trailing = chunk.count(b"\n", len(body)) + (0 if body else self.trailing)

    def total(self) -> int:
        return self.newlines - self.trailing + 1


def _count_lines(path: Path) -> int:
    count = _LineCount()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            count.add(chunk)
    return count.total()


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
