"""Writers for the files of the bad-input corpus that no library here writes.

Everything is generated at test time, no binary blobs: an OLE compound file
(the container of legacy .xls and of password-protected .xlsx), a minimal
OpenDocument spreadsheet, a minimal binary .xlsb workbook, and zip surgery
(a member replaced, a size declared falsely) for damaged and hostile
workbooks. Each writer does only what the corpus needs and says so.
"""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

# Compound File Binary (MS-CFB), version 3 ------------------------------------

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SECTOR = 512
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def write_cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """An OLE compound file holding `streams` at its root, as Office writes one.

    Every stream is padded to 4096 bytes (the mini-stream cutoff), so all
    live in ordinary sectors and no mini FAT is needed. Layout: sector 0 is
    the FAT, sector 1 the directory (root + up to three streams), then data.
    """
    if len(streams) > 3:
        raise ValueError("one directory sector holds the root and three streams")
    data = {name: body.ljust(4096, b"\0") for name, body in streams.items()}
    fat = [_FATSECT, _END]
    starts = {}
    for name, body in data.items():
        n = len(body) // _SECTOR + (len(body) % _SECTOR > 0)
        first = len(fat)
        starts[name] = first
        fat += [first + i + 1 for i in range(n - 1)] + [_END]
    if len(fat) > _SECTOR // 4:
        raise ValueError("streams too large for one FAT sector")
    fat += [_FREE] * (_SECTOR // 4 - len(fat))

    names = list(data)
    entries = [_dir_entry("Root Entry", 5, child=1 if names else _NOSTREAM)]
    for i, name in enumerate(names):
        # A right-leaning chain is a valid red-black tree when every node is black.
        right = i + 2 if i + 1 < len(names) else _NOSTREAM
        entries.append(_dir_entry(name, 2, right=right, start=starts[name], size=len(data[name])))
    while len(entries) < 4:  # unused entries fill the sector
        entries.append(b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 1, *[_NOSTREAM] * 3) + b"\0" * 48)

    header = CFB_MAGIC + b"\0" * 16  # class id
    # minor and major version, byte order, sector and mini-sector size (2^9, 2^6)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    # directory sectors (0 in v3), FAT sectors, first directory sector, transaction,
    # mini-stream cutoff, first mini FAT sector, mini FAT sectors, first DIFAT, DIFAT sectors
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + struct.pack("<108I", *[_FREE] * 108)  # the FAT is sector 0
    assert len(header) == _SECTOR
    body = b"".join(data.values())
    path.write_bytes(header + struct.pack("<128I", *fat) + b"".join(entries) + body)
    return path


def _dir_entry(
    name: str, kind: int, right: int = _NOSTREAM, child: int = _NOSTREAM, start: int = 0,
    size: int = 0,
) -> bytes:  # fmt: skip
    raw = (name + "\0").encode("utf-16-le")
    entry = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
    entry += struct.pack("<III", _NOSTREAM, right, child)  # left sibling, right, child
    entry += b"\0" * (16 + 4 + 16)  # class id, state bits, creation and change times
    entry += struct.pack("<IQ", _END if kind == 5 else start, size)
    assert len(entry) == 128
    return entry


def write_encrypted_xlsx(path: Path) -> Path:
    """What Excel saves under File > Protect Workbook > Encrypt with Password.

    An .xlsx with a password is not a zip: it is a compound file whose
    `EncryptionInfo` stream says how the `EncryptedPackage` stream (the real
    zip, AES-encrypted) can be decrypted. Agile encryption, version 4.4.
    """
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        b'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>'
    )
    package = struct.pack("<Q", 6000) + bytes(range(256)) * 24
    return write_cfb(path, {"EncryptionInfo": info, "EncryptedPackage": package})


# OpenDocument spreadsheet -----------------------------------------------------


def write_ods(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A LibreOffice Calc file: strings, numbers (int/float) and dates (dt.date) typed as such."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    tables = []
    for name, rows in sheets.items():
        body = []
        for row in rows:
            cells = []
            for v in row:
                if v is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(v, dt.date):
                    cells.append(
                        f'<table:table-cell office:value-type="date" '
                        f'office:date-value="{v.isoformat()}"><text:p>{v}</text:p></table:table-cell>'
                    )
                elif isinstance(v, int | float):
                    cells.append(
                        f'<table:table-cell office:value-type="float" office:value="{v}">'
                        f"<text:p>{v}</text:p></table:table-cell>"
                    )
                else:
                    cells.append(
                        f'<table:table-cell office:value-type="string">'
                        f"<text:p>{escape(str(v))}</text:p></table:table-cell>"
                    )
            body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">{"".join(body)}</table:table>')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


# Binary workbook (.xlsb, MS-XLSB) --------------------------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _record(kind: int, data: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(data)) + data


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def write_xlsb(path: Path, name: str, rows: Sequence[Sequence[object]]) -> Path:
    """A one-sheet Excel binary workbook: text cells (BrtCellSt) and numbers (BrtCellReal)."""
    book = _record(0x83)  # BrtBeginBook
    book += _record(0x8F)  # BrtBeginBundleShs
    book += _record(0x9C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(name))  # BrtBundleSh
    book += _record(0x90) + _record(0x84)  # BrtEndBundleShs, BrtEndBook
    sheet = _record(0x81)  # BrtBeginSheet
    last_col = max((len(r) for r in rows), default=1) - 1
    sheet += _record(0x94, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, last_col))  # BrtWsDim
    sheet += _record(0x91)  # BrtBeginSheetData
    for r, row in enumerate(rows):
        sheet += _record(0x00, struct.pack("<IIHHBBI", r, 0, 300, 0, 0, 0, 0))  # BrtRowHdr
        for c, v in enumerate(row):
            cell = struct.pack("<II", c, 0)
            if v is None:
                continue
            if isinstance(v, int | float):
                sheet += _record(0x05, cell + struct.pack("<d", float(v)))  # BrtCellReal
            else:
                sheet += _record(0x06, cell + _wide(str(v)))  # BrtCellSt
    sheet += _record(0x92) + _record(0x82)  # BrtEndSheetData, BrtEndSheet
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>'
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.bin", book)
        zf.writestr("xl/_rels/workbook.bin.rels", book_rels)
        zf.writestr("xl/worksheets/sheet1.bin", sheet)
    return path


# Zip surgery -------------------------------------------------------------------


def replace_member(src: Path, dst: Path, member: str, edit) -> Path:
    """A copy of the workbook `src` with one member's text passed through `edit`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, data)
    return dst


def add_member(src: Path, dst: Path, member: str, data: bytes) -> Path:
    """A copy of the workbook `src` with one more member (deflated)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr(member, data)
    return dst


def declare_size(path: Path, member: str, size: int) -> Path:
    """Rewrite the central directory so `member` claims to inflate to `size` bytes.

    A zip bomb need not tell the truth about its sizes, and the loader judges
    a workbook by its central directory before anything is inflated, so a
    claimed size is what the check sees. (The member's real bytes are unchanged.)
    """
    raw = bytearray(path.read_bytes())
    name = member.encode("utf-8")
    pos = raw.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46 : pos + 46 + name_len] == name:
            struct.pack_into("<I", raw, pos + 24, size)
            path.write_bytes(bytes(raw))
            return path
        pos = raw.find(b"PK\x01\x02", pos + 46)
    raise KeyError(member)
