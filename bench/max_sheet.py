"""Load a sheet of 1,048,576 rows (Excel's maximum) and print the time and peak memory.

    python bench/max_sheet.py [--rows 1048576] [--keep DIR]

The workbook is written the way Excel writes one (shared strings, dates as
serial numbers with a date style, a title row above the header) straight
into the zip, which takes seconds where openpyxl takes minutes. The load is
`salesdash.load.load_file` into a fresh workspace file, in a child process
of its own, so its peak RSS (resource.getrusage) is the loader's alone.
Prints, never asserts; not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
EXCEL_ROWS = 1_048_576
HEADERS = ["单据日期", "单号", "客户名称", "产品名称", "数量", "含税金额", "类型", "业务员", "区域"]
REGIONS = ["华东", "华南", "华北", "西南"]
EPOCH = dt.date(1899, 12, 30)


def write_workbook(path: Path, rows: int, seed: int = 42) -> dict[str, int]:
    """`rows` rows in all: a title, the header, then sales lines. Returns sizes."""
    rng = random.Random(seed)
    strings: dict[str, int] = {}

    def sst(text: str) -> int:
        return strings.setdefault(text, len(strings))

    def cell_s(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="s"><v>{sst(text)}</v></c>'

    start = (dt.date(2024, 1, 1) - EPOCH).days
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            f.write(f'<row r="1">{cell_s("A1", "2024-2025年销售明细表")}</row>'.encode())
            header = "".join(cell_s(f"{chr(65 + i)}2", h) for i, h in enumerate(HEADERS))
            f.write(f'<row r="2">{header}</row>'.encode())
            chunk = []
            for r in range(3, rows + 1):
                qty = rng.randint(1, 200)
                amount = round(qty * rng.uniform(20, 500), 2)
                chunk.append(
                    f'<row r="{r}">'
                    f'<c r="A{r}" s="1"><v>{start + rng.randrange(700)}</v></c>'
                    f'<c r="B{r}" t="inlineStr"><is><t>SO{r:08d}</t></is></c>'
                    + cell_s(f"C{r}", f"客户{rng.randrange(3000):04d}商贸有限公司")
                    + cell_s(f"D{r}", f"产品{rng.randrange(400):03d}")
                    + f'<c r="E{r}"><v>{qty}</v></c><c r="F{r}"><v>{amount}</v></c>'
                    + cell_s(f"G{r}", "纯销" if rng.random() < 0.4 else "进货")
                    + cell_s(f"H{r}", f"业务员{rng.randrange(120):03d}")
                    + cell_s(f"I{r}", REGIONS[rng.randrange(4)])
                    + "</row>"
                )
                if len(chunk) == 10_000:
                    f.write("".join(chunk).encode())
                    chunk = []
            f.write("".join(chunk).encode())
            f.write(b"</sheetData></worksheet>")
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        zf.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>',
        )
        zf.writestr("xl/styles.xml", STYLES)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    sheet = next(i for i in infos if i.filename == "xl/worksheets/sheet1.xml")
    return {
        "file_bytes": path.stat().st_size,
        "unzipped_bytes": sum(i.file_size for i in infos),
        "sheet_ratio": sheet.file_size // max(sheet.compress_size, 1),
    }


def load_in_child(path: Path, db: Path) -> dict:
    """Run the load in a fresh interpreter; it reports its own time and peak RSS."""
    code = (
        "import json, resource, sys, time\n"
        "t0 = time.perf_counter()\n"
        "from salesdash import load, store\n"
        "con = store.connect(sys.argv[2])\n"
        "t1 = time.perf_counter()\n"
        "r = load.load_file(con, sys.argv[1])\n"
        "t2 = time.perf_counter()\n"
        "rows = con.execute('select count(*) from sales').fetchone()[0]\n"
        "print(json.dumps({'status': r.status, 'message': r.message[:300], 'rows': rows,\n"
        "  'import_s': t1 - t0, 'load_s': t2 - t1,\n"
        "  'peak_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"load failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", type=int, default=EXCEL_ROWS, help="rows in the sheet, all told")
    ap.add_argument("--keep", type=Path, help="write the workbook and workspace here and keep them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="salesdash-max-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path, db = folder / "max_sheet.xlsx", folder / "max_sheet.duckdb"
        db.unlink(missing_ok=True)
        t0 = time.perf_counter()
        sizes = write_workbook(path, args.rows)
        written = time.perf_counter() - t0
        result = load_in_child(path, db)
    mb = 2**20
    print(f"sheet rows (title + header + data)  {args.rows:>12,}")
    print(f"data rows stored                    {result['rows']:>12,}   ({result['status']})")
    print(f"workbook on disk                    {sizes['file_bytes'] / mb:>12,.1f} MB")
    print(f"workbook unzipped                   {sizes['unzipped_bytes'] / mb:>12,.1f} MB")
    print(f"sheet XML compression ratio         {sizes['sheet_ratio']:>12,}x")
    print(f"writing the workbook                {written:>12,.1f} s")
    print(f"importing salesdash                 {result['import_s']:>12,.2f} s")
    print(f"load_file (read, parse, store)      {result['load_s']:>12,.1f} s")
    print(f"peak RSS of the loading process     {result['peak_rss_kb'] / 1024:>12,.0f} MB")
    if result["status"] != "loaded":
        print(f"message: {result['message']}")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB)")


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="销售明细" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SML}.sharedStrings+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_SML}.styles+xml"/>'
    "</Types>"
)


if __name__ == "__main__":
    main()
