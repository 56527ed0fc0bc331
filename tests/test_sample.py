"""The sample exports: reproducible, shaped like real exports, and holding the four stories.

The stories are checked on the raw files with pandas, independently of the
loader and the metric queries, so a failure here means the data changed,
not the engine.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from salesdash import sample

AS_OF = pd.Timestamp(sample.END)
DAY = pd.Timedelta(days=1)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample exactly as committed in sample_data/ (generated once for this module)."""
    out = tmp_path_factory.mktemp("sample")
    sample.generate(out)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small")
    sample.generate(out, n_customers=40)
    return out


def _sheet(folder: Path, name: str) -> pd.DataFrame:
    (book,) = folder.glob("*.xlsx")
    frame = pd.read_excel(book, sheet_name=name, header=2, engine="calamine")
    return frame[frame.iloc[:, 0].astype(str) != "合计"]


@pytest.fixture(scope="module")
def sales(full: Path) -> pd.DataFrame:
    frame = _sheet(full, "销售明细")
    frame["date"] = pd.to_datetime(frame["单据日期"])
    return frame


@pytest.fixture(scope="module")
def customers(full: Path) -> pd.DataFrame:
    return _sheet(full, "客户档案").set_index("客户名称")


def _window(frame: pd.DataFrame, days: int, ago: int = 0, column: str = "date") -> pd.DataFrame:
    """Rows in the `days` days ending `ago` days before as_of, inclusive."""
    last = AS_OF - ago * DAY
    return frame[(frame[column] > last - days * DAY) & (frame[column] <= last)]


def test_generating_twice_gives_byte_identical_files(small: Path, tmp_path: Path) -> None:
    """Regenerating must not show up in git: same rows, and no wall-clock stamps in the workbook."""
    for path in sample.generate(tmp_path, n_customers=40):
        assert path.read_bytes() == (small / path.name).read_bytes(), path.name


def test_workbook_has_a_merged_title_a_blank_row_chinese_headers_and_a_totals_row(
    small: Path,
) -> None:
    (book,) = small.glob("*.xlsx")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["销售明细", "客户档案", "业绩目标"]
    for ws in wb:
        header = sample.HEADERS[ws.title].split(",")
        assert "年" in ws["A1"].value or "客户档案" in ws["A1"].value
        assert [str(r) for r in ws.merged_cells.ranges] == [f"A1:{chr(64 + len(header))}1"]
        assert all(c.value is None for c in ws[2])
        assert [c.value for c in ws[3]] == header
    sales = wb["销售明细"]
    assert sales["A4"].is_date and sales["A4"].number_format == "yyyy-mm-dd"
    assert sales.cell(sales.max_row, 1).value == "合计"
    assert set(c.value for c in sales["C"][3:-1]) == {"进货", "纯销", "退货"}


def test_csv_exports_carry_english_headers_in_their_systems_encodings(small: Path) -> None:
    raw = (small / "complaints.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("gbk").startswith(sample.HEADERS["complaints.csv"])
    assert (small / "surveys.csv").read_bytes().startswith(b"\xef\xbb\xbfSurvey Date,")
    assert (small / "visits.csv").read_text("utf-8").startswith("Visit Date,Sales Rep,Customer,")


def test_every_row_is_complete_and_names_match_the_customer_list(
    full: Path, customers: pd.DataFrame
) -> None:
    known = set(customers.index)
    for name, column, required in (
        ("visits.csv", "Customer", ["Visit Date", "Sales Rep", "Visit Type", "Purpose"]),
        ("complaints.csv", "Customer", ["Complaint ID", "Open Date", "Category", "Severity"]),
        ("surveys.csv", "Customer", ["Survey Date", "Satisfaction"]),
        ("nps.csv", "Customer", ["Survey Date", "NPS"]),
    ):
        frame = pd.read_csv(full / name, encoding="gbk" if "complaints" in name else "utf-8-sig")
        assert set(frame[column]) <= known, name
        assert frame[[column, *required]].notna().all().all(), name
    assert customers.notna().all().all()


def test_the_lagging_rep_is_far_behind_pace_while_peers_are_on_track(
    sales: pd.DataFrame, customers: pd.DataFrame, full: Path
) -> None:
    targets = _sheet(full, "业绩目标")
    month = targets[targets["期间"] == f"{AS_OF.year}年{AS_OF.month}月"].set_index("业务员")[
        "目标额"
    ]
    shipped = sales[(sales["类型"] == "进货") & (sales["date"] >= AS_OF.replace(day=1))]
    pace = shipped.groupby("业务员")["含税金额"].sum() / month / (AS_OF.day / AS_OF.days_in_month)
    stuffer_rep = customers.loc[sample.STUFFED, "业务员"]
    assert pace[sample.LAGGING_REP] < 0.5
    assert pace.drop([sample.LAGGING_REP, stuffer_rep]).between(0.9, 1.1).all()
    assert pace[stuffer_rep] > 1.2  # stuffing the channel makes a rep look ahead
    quarter = sales[(sales["类型"] == "进货") & (sales["date"] >= f"{AS_OF.year}-10-01")]
    lagging = quarter[quarter["业务员"] == sample.LAGGING_REP]["含税金额"].sum()
    rep_targets = targets[targets["业务员"] == sample.LAGGING_REP].set_index("期间")["目标额"]
    expected = rep_targets[f"{AS_OF.year}年10月"] + rep_targets[f"{AS_OF.year}年11月"] * 16 / 30
    assert lagging / expected < 0.5


def test_the_stuffed_distributor_holds_weeks_of_stock_nobody_else_does(sales: pd.DataFrame) -> None:
    amount = sales.pivot_table(
        index="客户名称", columns="类型", values="含税金额", aggfunc="sum", fill_value=0
    )
    amount = amount[amount["纯销"] > 0]  # customers that report sell-out
    last12 = _window(sales, 84).pivot_table(
        index="客户名称", columns="类型", values="含税金额", aggfunc="sum"
    )
    ratio = (last12["进货"] / last12["纯销"]).dropna()
    assert ratio[sample.STUFFED] > 2
    assert ratio.median() < 1.2
    stock = amount["进货"] + amount["退货"] - amount["纯销"]
    weekly = _window(sales[sales["类型"] == "纯销"], 56).groupby("客户名称")["含税金额"].sum() / 8
    cover = (stock / weekly).dropna()  # 0 / 0: defectors that sold their last case
    assert cover[sample.STUFFED] > 12
    assert (cover.drop(sample.STUFFED) < 12).all()
    mine = sales[sales["客户名称"] == sample.STUFFED]
    moving = set(_window(mine[mine["类型"] == "纯销"], 56)["产品名称"])
    assert len(set(mine["产品名称"]) - moving) >= 2


def test_the_churning_segment_left_after_a_complaint_spike_yet_stays_satisfied(
    sales: pd.DataFrame, customers: pd.DataFrame, full: Path
) -> None:
    shipped = sales[sales["类型"] == "进货"]
    current = set(_window(shipped, 90)["客户名称"])
    previous = set(_window(shipped, 90, ago=90)["客户名称"])
    segment = customers["客户类型"]
    churn = {
        s: len({c for c in previous - current if segment[c] == s})
        / len({c for c in previous if segment[c] == s})
        for s in segment.unique()
    }
    assert churn[sample.CHURN_SEGMENT] > 0.1
    assert all(
        churn[sample.CHURN_SEGMENT] > 3 * rate
        for s, rate in churn.items()
        if s != sample.CHURN_SEGMENT
    )

    complaints = pd.read_csv(full / "complaints.csv", encoding="gbk", parse_dates=["Open Date"])
    ours = complaints[complaints["Customer"].map(segment) == sample.CHURN_SEGMENT]
    spike = len(_window(ours, 32, ago=118, column="Open Date"))
    usual = len(_window(ours, 365, ago=150, column="Open Date")) * 32 / 365
    assert spike > 4 * usual

    surveys = pd.read_csv(full / "surveys.csv", encoding="utf-8-sig", parse_dates=["Survey Date"])
    recent = _window(surveys, 90, column="Survey Date")
    csat = recent.groupby(recent["Customer"].map(segment))["Satisfaction"].mean()
    assert csat[sample.CHURN_SEGMENT] >= 4.2
    assert csat.idxmax() == sample.CHURN_SEGMENT


def test_some_tier_a_customers_are_overdue_for_a_visit_and_a_call(
    customers: pd.DataFrame, full: Path
) -> None:
    visits = pd.read_csv(full / "visits.csv", parse_dates=["Visit Date"])
    last_visit = visits[visits["Visit Type"] == "上门拜访"].groupby("Customer")["Visit Date"].max()
    last_contact = visits.groupby("Customer")["Visit Date"].max()
    tier_a = customers.index[customers["客户等级"] == "A类"]
    overdue = [
        c
        for c in tier_a
        if (AS_OF - last_visit[c]).days > 91 and (AS_OF - last_contact[c]).days > 30
    ]
    assert 3 <= len(overdue) <= 8
    assert sample.LAGGING_REP in set(customers.loc[overdue, "业务员"])
    late = [
        c
        for c in tier_a
        if (AS_OF - last_visit[c]).days > 91 or (AS_OF - last_contact[c]).days > 30
    ]
    assert late == overdue  # the others keep the tier's cadence
