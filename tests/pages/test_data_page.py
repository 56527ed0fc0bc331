"""The Upload & data page as a manager uses it: upload, check the mapping, load; remove again.

The page runs on its own (not through app.py's navigation) against a fresh
workspace per test. Files go through the real `st.file_uploader`, which
Streamlit 1.67's AppTest can drive.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from streamlit.testing.v1 import AppTest

from salesdash import load, store, workspace
from tests.fixtures import write_csv, write_xlsx
from tests.pages.sample_workspace import open_script, release

MARCH_GBK = [
    ["2025年3月销售明细表"],
    [],
    ["单据日期", "客户名称", "产品", "销售金额（元）", "区域", "订单号"],
    ["2025/3/5", "华东经销商", "A100", "1,234.50", "华东", "SO-1"],
    ["2025.03.06", "北京大客户", "B200", "￥2,000", "华北", "SO-2"],
    ["2025年3月7日", "上海门店", "A100", "(100.00)", "华东", "SO-3"],
    ["合计", "", "", "3,134.50", "", ""],
]


_page = partial(open_script, "pages/data.py")


def _upload(at: AppTest, *files: tuple[str, bytes]) -> None:
    at.file_uploader[0].set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )
    at.run()
    assert not at.exception


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _select(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label.removesuffix(" \\*") == label)


def _counts(at: AppTest) -> dict[str, int]:
    with workspace.reading() as con:
        return store.row_counts(con)


def _rows(sql: str) -> list[tuple]:
    """What the workspace holds, read as the next page run would (the page may write next)."""
    with workspace.reading() as con:
        return con.execute(sql).fetchall()


def _temp_tables(at: AppTest) -> int:
    """The loader's temp tables (staged rows, rejects) the page's private connection holds."""
    con = at.session_state["data.scratch"]
    return con.execute(
        "select count(*) from duckdb_tables() where temporary"
        " and regexp_matches(table_name, '^_(staged|rejects|raw)_')"
    ).fetchone()[0]


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "success")
             for e in getattr(at, kind)]  # fmt: skip
    return "\n".join(parts).replace("\\", "")


def _march(tmp_path: Path) -> bytes:
    return write_csv(tmp_path / "m.csv", MARCH_GBK, encoding="gbk").read_bytes()


def test_an_empty_workspace_opens_with_a_guide(no_data):
    at = _page()

    guide = at.info[0].value
    assert "workspace is empty" in guide
    assert "Chinese or English headers, title rows" in guide
    assert "totals rows" in guide
    assert at.button[0].label == "Load sample data"
    assert at.file_uploader[0].label == "Excel or CSV exports (several at once, up to 200 MB each)"
    assert at.file_uploader[0].accept_multiple_files


def test_uploaded_files_are_shown_for_checking_and_nothing_is_stored_yet(no_data, tmp_path):
    at = _page()
    targets = write_xlsx(
        tmp_path / "t.xlsx",
        {"目标": [["2025年目标"], ["期间", "业务员", "目标额"], ["2025-03", "张三", "10000"]]},
    )

    _upload(at, ("三月明细.csv", _march(tmp_path)), ("目标.xlsx", targets.read_bytes()))

    text = _texts(at)
    assert "三月明细.csv" in text and "目标.xlsx" in text
    assert "**3** data rows read · **0** to be rejected · **1** totals rows dropped" in text
    assert "encoding gb18030" in text  # the loader's notes (GBK read as its superset)
    assert "header in row 3" in text
    assert "totals rows dropped: row 7" in text
    assert _select(at, "Date").value == 0  # 单据日期, the first column
    assert _select(at, "Order no.").value == 5
    assert _select(at, "Quantity").value is None
    assert [b.label for b in at.button].count("Load") == 2
    assert _counts(at)["uploads"] == 0
    assert not at.file_uploader[0].value  # the uploader is free for the next files
    preview = at.dataframe[0].value
    assert preview["Row"].tolist() == [4, 5, 6, 7]
    assert preview["Amount"].tolist()[:3] == [1234.5, 2000.0, -100.0]
    assert preview["Outcome"].tolist()[-1] == "totals row, dropped"


def test_a_changed_mapping_is_what_gets_loaded(no_data, tmp_path):
    rows = [["日期", "客户", "金额", "不含税金额"], ["2025-03-01", "甲", "113", "100"]]
    at = _page()
    at.text_input[0].set_value("王经理")
    _upload(at, ("s.csv", write_csv(tmp_path / "s.csv", rows).read_bytes()))
    assert _select(at, "Amount").value == 2

    _select(at, "Amount").set_value(3)
    at.run()
    assert not at.exception
    assert _select(at, "Amount").value == 3
    assert "chosen by you" in _texts(at)
    assert _counts(at)["sales"] == 0

    _button(at, "Load").click()
    at.run()
    assert not at.exception
    assert _rows("select amount from sales") == [(100.0,)]
    assert "s.csv: Sales, 1 rows loaded, 0 rejected · upload #1" in _texts(at)
    assert _rows("select loaded_by from uploads") == [("王经理",)]
    assert _temp_tables(at) == 0  # the plan's temp tables are gone
    assert "Check and load" not in [s.value for s in at.subheader]


def test_a_wrong_guess_is_corrected_by_choosing_the_dataset_and_mapping_the_missing_column(
    no_data, tmp_path
):
    # 日期 + 客户 + 产品 complete a complaint; the amount's header (成交价) is unknown.
    rows = [["日期", "客户", "产品", "成交价"], ["2025-03-01", "甲", "A", "50"]]
    at = _page()
    _upload(at, ("price.csv", write_csv(tmp_path / "p.csv", rows).read_bytes()))
    assert at.selectbox[0].label == "Dataset" and at.selectbox[0].value == "complaints"

    at.selectbox[0].set_value("sales")
    at.run()
    assert not at.exception
    reason = next(e.value for e in at.error if "cannot be loaded:" in e.value).replace("\\", "")
    assert "price.csv: looks most like sales data but lacks the required column(s) amount" in (
        reason
    )
    assert any("Refused, nothing will be loaded while price" in e.value for e in at.error)
    assert "required, not found" in _texts(at)
    assert _button(at, "Load").disabled

    _select(at, "Amount").set_value(3)
    at.run()
    assert not at.exception
    assert not [e for e in at.error if "Refused" in e.value]
    _button(at, "Load").click()
    at.run()
    assert _counts(at)["sales"] == 1 and _counts(at)["complaints"] == 0


def test_a_file_with_too_many_bad_rows_is_refused_naming_file_row_and_column(no_data, tmp_path):
    rows = [["日期", "客户", "金额"], ["2025-03-01", "甲", "10"], ["2025-03-02", "乙", "abc"]]
    at = _page()
    _upload(at, ("bad.csv", write_csv(tmp_path / "b.csv", rows).read_bytes()))

    reason = next(e.value for e in at.error if "cannot be loaded:" in e.value).replace("\\", "")
    assert "bad.csv: 1 of 2 rows (50.0%) cannot be read" in reason
    assert "row 3, column 金额: 'abc' is not a number" in reason
    assert any("Refused, nothing will be loaded" in e.value for e in at.error)
    assert _button(at, "Load").disabled
    rejects = next(d.value for d in at.dataframe if "Reason" in d.value.columns)
    assert rejects[["Row", "Column", "Value"]].values.tolist() == [[3, "金额", "abc"]]
    assert at.download_button[0].label == "Download rejected rows (CSV)"
    assert _temp_tables(at) == 2  # the staged rows and their rejects, waiting

    _button(at, "Cancel").click()
    at.run()
    assert not at.exception
    assert "bad.csv: cancelled, nothing loaded." in _texts(at)
    assert _temp_tables(at) == 0
    assert _counts(at)["uploads"] == 0


def test_a_sheet_can_be_given_another_dataset_or_left_out(no_data, tmp_path):
    workbook = write_xlsx(
        tmp_path / "w.xlsx",
        {
            "名单": [["日期", "客户", "业务员"], ["2025-03-01", "甲", "张三"]],
            "草稿": [["日期", "客户", "金额"], ["x", "乙", "y"], ["z", "丙", "w"]],
        },
    )
    at = _page()
    _upload(at, ("w.xlsx", workbook.read_bytes()))
    assert [tab.label for tab in at.tabs][0] == "名单 · Visits"
    assert _button(at, "Load").disabled  # 草稿 cannot be read

    at.tabs[0].selectbox[0].set_value("customers")
    at.run()
    at.tabs[1].selectbox[0].set_value("_skip")
    at.run()
    assert not at.exception
    assert [tab.label for tab in at.tabs][0] == "名单 · Customers"
    assert "This sheet will not be loaded." in _texts(at)

    _button(at, "Load").click()
    at.run()
    assert _rows("select customer from customers") == [("甲",)]
    assert _counts(at)["visits"] == 0 and _counts(at)["sales"] == 0


def test_an_identical_file_names_the_earlier_upload_and_offers_no_load(no_data, tmp_path):
    data = _march(tmp_path)
    con = store.connect(no_data)
    load.load_file(con, tmp_path / "m.csv", file_name="三月明细.csv")
    con.close()
    at = _page()

    _upload(at, ("again.csv", data))

    assert "Identical to upload #1 (三月明细.csv" in at.warning[0].value.replace("\\", "")
    assert "Load" not in [b.label for b in at.button]
    _button(at, "Dismiss").click()
    at.run()
    assert _counts(at)["uploads"] == 1


def test_an_upload_is_removed_only_after_confirmation(no_data, tmp_path):
    _march(tmp_path)
    con = store.connect(no_data)
    load.load_file(con, tmp_path / "m.csv", file_name="三月明细.csv", loaded_by="王经理")
    con.close()
    at = _page()
    text = _texts(at)
    assert "三月明细.csv" in text and "3 loaded · 0 rejected" in text and "by 王经理" in text
    assert f"{dt.date.today():%Y-%m-%d}" in text

    _button(at, "Remove").click()
    at.run()
    assert "Remove upload #1 (三月明细.csv) and its 3 rows" in at.warning[0].value.replace("\\", "")
    _button(at, "Keep it").click()
    at.run()
    assert not at.warning and _counts(at)["sales"] == 3

    _button(at, "Remove").click()
    at.run()
    _button(at, "Yes, remove").click()
    at.run()
    assert not at.exception
    assert "Upload #1 (三月明细.csv) removed: 3 rows taken out." in _texts(at)
    assert _counts(at)["sales"] == 0 and _counts(at)["uploads"] == 0
    assert "Nothing uploaded yet." in _texts(at)


def test_file_names_and_headers_are_shown_as_text_never_as_markup(no_data, tmp_path):
    rows = [["日期", "客户", "金额"], ["2025-03-01", "甲", "10"]]
    name = "[click](http://evil.example) *$x$*.csv"
    at = _page()

    _upload(at, (name, write_csv(tmp_path / "x.csv", rows).read_bytes()))

    heading = next(m.value for m in at.markdown if "evil" in m.value)
    assert "\\[click\\]\\(http\\:" in heading and "\\*\\$x\\$\\*" in heading


def test_figures_cached_by_the_pages_refresh_after_a_load(no_data, tmp_path):
    def figures():
        import streamlit as st

        from pages.common import metric

        regions = metric("filter_options", as_of=None)
        st.text(" ".join(sorted(regions.loc[regions["dimension"] == "region", "value"])))

    before = AppTest.from_function(figures, default_timeout=60)
    before.run()
    assert before.text[0].value == ""
    release(before)  # as app.py does at the end of every run
    at = _page()
    _upload(at, ("三月明细.csv", _march(tmp_path)))
    _button(at, "Load").click()
    at.run()

    after = AppTest.from_function(figures, default_timeout=60)
    after.run()
    assert not after.exception
    assert after.text[0].value == "华东 华北"


def test_the_page_speaks_chinese_when_asked_in_the_url(no_data, tmp_path):
    at = _page(lang="zh")
    assert at.title[0].value == "上传与数据"
    assert "工作区还没有数据" in at.info[0].value

    _upload(at, ("三月明细.csv", _march(tmp_path)))

    assert _select(at, "日期").value == 0
    assert [b.label for b in at.button][:2] == ["载入", "取消"]
    assert "读取数据 **3** 行" in _texts(at)
    assert at.dataframe[0].value.columns[:3].tolist() == ["行号", "日期", "客户"]
    _button(at, "载入").click()
    at.run()
    assert "销售" in _texts(at) and _counts(at)["sales"] == 3


def test_sales_rows_without_a_type_column_are_stored_as_the_kind_chosen(no_data, tmp_path):
    rows = [["日期", "经销商", "金额"], ["2025-03-01", "甲", "10"]]
    at = _page()
    _upload(at, ("flow.csv", write_csv(tmp_path / "f.csv", rows).read_bytes()))
    kind = _select(at, "The rows without a type are")
    assert kind.value == "sell_in"

    kind.set_value("return")
    at.run()
    _button(at, "Load").click()
    at.run()

    assert _rows("select kind, amount from sales") == [("return", 10.0)]


def test_several_files_wait_side_by_side_and_load_one_at_a_time(no_data, tmp_path):
    visits = [["拜访日期", "业务员", "客户"], ["2025-03-01", "张三", "甲"]]
    at = _page()
    _upload(
        at,
        ("三月明细.csv", _march(tmp_path)),
        ("拜访.csv", write_csv(tmp_path / "v.csv", visits).read_bytes()),
    )
    assert [b.label for b in at.button].count("Load") == 2

    at.button(key=next(b.key for b in at.button if b.label == "Load")).click()
    at.run()

    assert _counts(at)["sales"] == 3 and _counts(at)["visits"] == 0
    assert [b.label for b in at.button].count("Load") == 1
    assert "拜访.csv" in _texts(at)
    _button(at, "Load").click()
    at.run()
    assert _counts(at)["visits"] == 1


def test_a_file_that_cannot_be_read_is_refused_with_its_name(no_data):
    at = _page()

    _upload(at, ("report.xlsx", b"just some text, not a workbook"))

    refusal = next(e.value for e in at.error if "Refused" in e.value).replace("\\", "")
    assert "report.xlsx: this is not an Excel workbook" in refusal
    assert _button(at, "Load").disabled


def test_a_refusal_is_in_chinese_when_the_page_is(no_data):
    at = _page(lang="zh")

    _upload(at, ("report.xlsx", b"just some text, not a workbook"))

    refusal = next(e.value for e in at.error if "已拒绝" in e.value).replace("\\", "")
    assert "report.xlsx：这不是 Excel 工作簿（文件名以 .xlsx 结尾" in refusal
    assert "not an Excel workbook" not in refusal
    assert _button(at, "载入").disabled


def test_a_loader_crash_is_a_message_not_a_traceback(no_data, tmp_path, monkeypatch):
    def crash(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(load, "plan_file", crash)
    at = _page()

    _upload(at, ("三月明细.csv", _march(tmp_path)))

    refusal = next(e.value for e in at.error if "Refused" in e.value).replace("\\", "")
    assert "三月明细.csv: unexpected error while reading (disk on fire)" in refusal
    assert _temp_tables(at) == 0


def test_the_same_file_uploaded_twice_at_once_is_stored_once(no_data, tmp_path):
    at = _page()
    _upload(at, ("三月明细.csv", _march(tmp_path)), ("副本.csv", _march(tmp_path)))

    for _ in range(2):
        _button(at, "Load").click()
        at.run()

    assert not at.exception
    assert "副本.csv: not loaded. 副本.csv: identical to upload #1" in at.warning[0].value.replace(
        "\\", ""
    )
    assert _counts(at)["sales"] == 3 and _counts(at)["uploads"] == 1


def test_a_new_export_of_an_earlier_upload_can_replace_it(no_data, tmp_path):
    header = ["日期", "客户", "金额"]
    con = store.connect(no_data)
    load.load_file(con, write_csv(tmp_path / "w.csv", [header, ["2025-03-03", "甲", "100"]]))
    con.close()
    again = [header, ["2025-03-03", "甲", "100"], ["2025-03-04", "乙", "50"]]
    at = _page()
    _upload(at, ("w2.csv", write_csv(tmp_path / "w2.csv", again).read_bytes()))
    replaces = _select(at, "Replaces an earlier upload")
    assert replaces.value is None  # nothing is replaced unless chosen
    assert replaces.options[1].startswith("#1 w.csv (Sales, 1 rows, loaded ")
    assert replaces.options[1].endswith(") · rows dated 2025-03-03")

    replaces.set_value(1)
    at.run()
    _button(at, "Load").click()
    at.run()

    assert not at.exception
    assert "Replaces upload #1 (w.csv): its 1 rows removed." in _texts(at)
    assert not at.warning
    assert _rows("select sum(amount), count(*) from sales") == [(150.0, 2)]
    assert _rows("select id from uploads") == [(2,)]


def test_rows_loaded_twice_are_pointed_out_after_loading(no_data, tmp_path):
    rows = [["日期", "客户", "金额"], ["2025-03-03", "甲", "100"]]
    con = store.connect(no_data)
    load.load_file(con, write_csv(tmp_path / "w.csv", rows))
    con.close()
    at = _page()
    _upload(
        at,
        ("w2.csv", write_csv(tmp_path / "w2.csv", rows + [["2025-03-04", "乙", "5"]]).read_bytes()),
    )

    _button(at, "Load").click()
    at.run()

    assert not at.exception
    [warning] = [w.value.replace("\\", "") for w in at.warning]
    assert warning.startswith("w2.csv: 1 of the 2 rows loaded are the same, cell for cell")
