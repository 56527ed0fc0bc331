"""Recognising the dataset of a sheet and mapping its headers, English or Chinese, in many spellings."""

from __future__ import annotations

import pytest

from salesdash.mapping import classify, header_score, map_columns, map_value, normalize
from salesdash.schema import DATASETS


def _cands(headers: list[str | None]) -> list[list[str]]:
    return [[h] if h else [] for h in headers]


def _mapped(headers: list[str | None], mapping) -> dict[str, str]:
    return {col: headers[m.index] for col, m in mapping.matches.items()}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("含税金额（元）", "含税金额"),
        ("Cust. Name", "cust name"),
        ("  Order_Date ", "order date"),
        ("ＱＴＹ", "qty"),
        ("Invoice #", "invoice no"),
        ("客户 名称", "客户 名称"),
        ("(元)", "(元)"),  # a header that is only a unit is kept whole
        (None, ""),
    ],
)
def test_headers_are_normalised_before_matching(raw, expected):
    assert normalize(raw) == expected


def test_exact_synonym_scores_full_confidence():
    assert header_score("销售金额（元）", DATASETS["sales"].column("amount").synonyms) == 1.0
    assert header_score("Order Date", DATASETS["sales"].column("date").synonyms) == 1.0


def test_misspelt_header_is_recognised_with_lower_confidence():
    score = header_score("Custmer", DATASETS["sales"].column("customer").synonyms)
    assert 0.6 <= score < 1.0


def test_unrelated_header_scores_below_the_mapping_threshold():
    assert header_score("Warehouse", DATASETS["sales"].column("customer").synonyms) < 0.6
    assert header_score("", DATASETS["sales"].column("customer").synonyms) == 0.0


SALES_EN = [
    "Order Date",
    "Cust. Name",
    "Sales Amount (USD)",
    "Qty.",
    "Item",
    "Sales Rep",
    "Invoice #",
    "Txn Type",
]
SALES_CN = [
    "单据日期",
    "购货单位",
    "价税合计（元）",
    "数量（箱）",
    "存货名称",
    "业务员",
    "销售区域",
    "单据编号",
    "毛利额",
]
TARGETS_EN = ["Month", "Sales Rep", "Quota (USD)", "Region"]
TARGETS_CN = ["考核期间", "大区", "销售指标（万元）"]
VISITS_EN = [
    "Visit Date",
    "Salesperson",
    "Account",
    "Contact Type",
    "Purpose",
    "Collected",
    "Comments",
]
VISITS_CN = [
    "拜访时间",
    "拜访人",
    "客户",
    "拜访方式",
    "拜访目的",
    "订货金额",
    "回款金额",
    "拜访记录",
]
COMPLAINTS_EN = ["Ticket ID", "Date Opened", "Customer", "Date Closed", "Category", "Priority"]
COMPLAINTS_CN = ["投诉编号", "受理日期", "客户名称", "结案日期", "投诉类别", "严重程度"]
SURVEYS_EN = ["Response Date", "Customer Name", "Overall Satisfaction", "Reliability", "Empathy"]
SURVEYS_CN = ["回访日期", "客户", "满意度评分", "可靠性", "响应性"]
CUSTOMERS_EN = ["Customer Name", "Segment", "Tier", "Account Manager", "Channel", "Customer Since"]
CUSTOMERS_CN = [
    "客户名称",
    "客户类型",
    "客户等级",
    "区域",
    "客户经理",
    "渠道类型",
    "合作开始日期",
    "客户状态",
]


@pytest.mark.parametrize(
    ("headers", "dataset", "expected"),
    [
        (SALES_EN, "sales", {
            "date": "Order Date", "customer": "Cust. Name", "amount": "Sales Amount (USD)",
            "quantity": "Qty.", "product": "Item", "rep": "Sales Rep", "order_id": "Invoice #",
            "kind": "Txn Type",
        }),
        (SALES_CN, "sales", {
            "date": "单据日期", "customer": "购货单位", "amount": "价税合计（元）", "quantity": "数量（箱）",
            "product": "存货名称", "rep": "业务员", "region": "销售区域", "order_id": "单据编号",
            "margin": "毛利额",
        }),
        (TARGETS_EN, "targets", {"period": "Month", "rep": "Sales Rep", "target": "Quota (USD)", "region": "Region"}),
        (TARGETS_CN, "targets", {"period": "考核期间", "region": "大区", "target": "销售指标（万元）"}),
        (VISITS_EN, "visits", {
            "date": "Visit Date", "rep": "Salesperson", "customer": "Account", "type": "Contact Type",
            "purpose": "Purpose", "collected_amount": "Collected", "notes": "Comments",
        }),
        (VISITS_CN, "visits", {
            "date": "拜访时间", "rep": "拜访人", "customer": "客户", "type": "拜访方式", "purpose": "拜访目的",
            "order_amount": "订货金额", "collected_amount": "回款金额", "notes": "拜访记录",
        }),
        (COMPLAINTS_EN, "complaints", {
            "id": "Ticket ID", "opened": "Date Opened", "customer": "Customer", "closed": "Date Closed",
            "category": "Category", "severity": "Priority",
        }),
        (COMPLAINTS_CN, "complaints", {
            "id": "投诉编号", "opened": "受理日期", "customer": "客户名称", "closed": "结案日期",
            "category": "投诉类别", "severity": "严重程度",
        }),
        (SURVEYS_EN, "surveys", {
            "date": "Response Date", "customer": "Customer Name", "score": "Overall Satisfaction",
            "reliability": "Reliability", "empathy": "Empathy",
        }),
        (SURVEYS_CN, "surveys", {
            "date": "回访日期", "customer": "客户", "score": "满意度评分", "reliability": "可靠性",
            "responsiveness": "响应性",
        }),
        (CUSTOMERS_EN, "customers", {
            "customer": "Customer Name", "segment": "Segment", "tier": "Tier", "rep": "Account Manager",
            "channel": "Channel", "since": "Customer Since",
        }),
        (CUSTOMERS_CN, "customers", {
            "customer": "客户名称", "segment": "客户类型", "tier": "客户等级", "region": "区域",
            "rep": "客户经理", "channel": "渠道类型", "since": "合作开始日期", "status": "客户状态",
        }),
    ],
)  # fmt: skip
def test_each_dataset_is_recognised_from_its_headers(headers, dataset, expected):
    best = classify(_cands(headers))[0]

    assert best.dataset == dataset
    assert best.missing == []
    assert _mapped(headers, best) == expected


def test_confidence_is_full_for_a_known_spelling_and_lower_for_a_fuzzy_one():
    best = classify(_cands(SALES_EN))[0]

    assert best.matches["date"].confidence == 1.0
    assert 0.6 <= best.matches["customer"].confidence < 1.0  # "Cust. Name"
    assert best.matches["customer"].header == "Cust. Name"


def test_one_sheet_column_never_feeds_two_canonical_columns():
    headers = ["日期", "客户", "金额", "金额"]

    mapping = map_columns(_cands(headers), DATASETS["sales"])

    indexes = [m.index for m in mapping.matches.values()]
    assert len(indexes) == len(set(indexes))
    assert mapping.matches["amount"].index == 2  # the first of two equal headers


def test_target_given_by_start_and_end_dates_needs_no_period_column():
    headers = ["开始日期", "结束日期", "业务员", "目标金额"]

    best = classify(_cands(headers))[0]

    assert best.dataset == "targets"
    assert best.missing == []
    assert _mapped(headers, best) == {
        "start": "开始日期",
        "end": "结束日期",
        "rep": "业务员",
        "target": "目标金额",
    }


def test_missing_required_column_is_named():
    mapping = map_columns(_cands(["日期", "客户", "产品", "数量"]), DATASETS["sales"])

    assert mapping.missing == ["amount"]


def test_complete_mapping_ranks_before_a_richer_incomplete_one():
    # Many sales-like columns but no amount; the sheet is complete as visits.
    headers = ["日期", "客户", "业务员", "产品", "区域", "数量"]

    ranked = classify(_cands(headers))

    assert ranked[0].dataset == "visits"
    assert ranked[0].missing == []
    assert all(m.missing for m in ranked if m.dataset == "sales")


def test_unit_price_and_unit_cost_are_not_taken_for_line_amounts():
    headers = ["Date", "Customer", "Unit Price", "Unit Cost", "Qty", "Amount", "单价", "Cost"]

    mapping = map_columns(_cands(headers), DATASETS["sales"])

    assert _mapped(headers, mapping) == {
        "date": "Date", "customer": "Customer", "amount": "Amount", "quantity": "Qty", "cost": "Cost",
    }  # fmt: skip


def test_unit_cost_alone_leaves_cost_unmapped():
    headers = ["日期", "客户", "金额", "单位成本", "Unit Cost"]

    mapping = map_columns(_cands(headers), DATASETS["sales"])

    assert "cost" not in mapping.matches


def test_override_by_header_text_replaces_the_guess():
    headers = ["日期", "客户", "金额", "含税金额"]

    mapping = map_columns(_cands(headers), DATASETS["sales"], {"amount": "含税金额"})

    assert mapping.matches["amount"].index == 3
    assert mapping.matches["amount"].confidence == 1.0
    assert mapping.matches["date"].index == 0


def test_override_by_column_index_and_unmapping_a_column():
    headers = ["日期", "客户", "金额", "负责人"]

    mapping = map_columns(_cands(headers), DATASETS["sales"], {"customer": 3, "rep": None})

    assert mapping.matches["customer"].index == 3
    assert mapping.matches["customer"].header == "负责人"
    assert "rep" not in mapping.matches  # 负责人 would otherwise be the rep, and 客户 is now free


def test_override_naming_a_header_the_sheet_lacks_leaves_the_column_missing():
    mapping = map_columns(
        _cands(["日期", "客户", "金额"]), DATASETS["sales"], {"amount": "Revenue"}
    )

    assert mapping.missing == ["amount"]


def test_override_does_not_let_one_column_feed_two():
    mapping = map_columns(_cands(["日期", "客户", "金额"]), DATASETS["sales"], {"rep": "客户"})

    assert mapping.matches["rep"].index == 1
    assert mapping.missing == ["customer"]


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        ("kind", "退货", "return"),
        ("kind", "Sell-Out", "sell_out"),
        ("kind", "ＳＥＬＬ ＩＮ", "sell_in"),
        ("kind", "纯销", "sell_out"),
        ("kind", "销售出库", "sell_in"),
        ("kind", "赠品", None),
        ("kind", "", None),
    ],
)
def test_sales_kind_words_map_to_canonical_values(column, raw, expected):
    assert map_value(raw, DATASETS["sales"].column(column).values) == expected


@pytest.mark.parametrize(
    ("dataset", "column", "raw", "expected"),
    [
        ("visits", "type", "电话", "call"),
        ("visits", "type", "WeChat", "call"),
        ("visits", "type", "上门拜访", "visit"),
        ("visits", "purpose", "收款", "collection"),
        ("visits", "purpose", "开发新客户", "new_customer"),
        ("visits", "purpose", "Market Research", "market_research"),
        ("complaints", "category", "货物运输", "logistics"),
        ("complaints", "category", "买卖合同", "contract"),
        ("complaints", "category", "Product Quality", "product_quality"),
        ("complaints", "severity", "严重", "high"),
        ("complaints", "severity", "Minor", "low"),
        ("customers", "tier", "A类", "A"),
        ("customers", "tier", "c", "C"),
        ("customers", "channel", "经销商", "distributor"),
        ("customers", "channel", "KA", "direct"),
        ("customers", "channel", "商超", "retailer"),
    ],
)
def test_category_words_in_english_and_chinese_map_to_canonical_values(
    dataset, column, raw, expected
):
    assert map_value(raw, DATASETS[dataset].column(column).values) == expected


def test_on_equal_evidence_exact_headers_win_over_loose_ones():
    # 拜访日期 and 订货金额 are visit headers word for word; sales only half-matches them.
    headers = ["拜访日期", "业务员", "客户名称", "产品", "订货金额"]

    best = classify(_cands(headers))[0]

    assert best.dataset == "visits"
    assert _mapped(headers, best) == {
        "date": "拜访日期", "rep": "业务员", "customer": "客户名称", "order_amount": "订货金额",
    }  # fmt: skip


def test_sales_sheet_without_an_amount_is_reported_as_incomplete_sales_not_loaded_as_complaints():
    headers = ["单据日期", "客户名称", "产品", "数量"]

    best = classify(_cands(headers))[0]

    assert best.dataset == "sales"
    assert best.missing == ["amount"]
