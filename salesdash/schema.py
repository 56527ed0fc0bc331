"""The six datasets: canonical columns, their types, and the words users' exports use.

Everything downstream (mapping, parsing, the DuckDB tables, the SQL queries)
keys off the canonical names defined here, so this module is the single place
where a new header spelling or category word is taught to the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Value kinds a column can hold; each has its own parser in `values.py`.
TEXT = "text"
NUMBER = "number"
DATE = "date"
PERIOD = "period"
CATEGORY = "category"

SQL_TYPES = {
    TEXT: "VARCHAR",
    NUMBER: "DOUBLE",
    DATE: "DATE",
    PERIOD: "VARCHAR",
    CATEGORY: "VARCHAR",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    # For CATEGORY columns: canonical value -> words that mean it.
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default: str | None = None
    # Input-only columns (a target's start/end dates) are folded into derived
    # columns at load time and not stored under their own name.
    stored: bool = True


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    # Words in a file or sheet name that hint at this dataset.
    name_hints: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


# Shared column vocabularies --------------------------------------------------
# Kept as written (many synonyms a line): the formatter would put each on its own.
# fmt: off

CUSTOMER = (
    "customer", "customer name", "client", "account", "distributor", "dealer",
    "客户", "客户名称", "客户名", "经销商", "经销商名称", "代理商", "门店", "终端",
    "购货单位", "购买方", "单位名称", "往来单位", "大客户",
)  # fmt: skip
REP = (
    "rep", "sales rep", "salesperson", "sales person", "salesman", "owner",
    "account manager", "业务员", "销售代表", "销售员", "业务代表", "负责人",
    "客户经理", "销售人员", "拜访人", "跟进人",
)  # fmt: skip
REGION = ("region", "area", "territory", "区域", "大区", "地区", "片区", "销售区域")
PRODUCT = (
    "product", "product name", "sku", "item", "item name", "material",
    "item description", "product description",
    "产品", "产品名称", "品名", "商品", "商品名称", "物料", "物料名称", "货品", "存货名称",
)  # fmt: skip

KIND_VALUES = {
    "sell_in": (
        "sell_in", "sell-in", "sell in", "sellin", "si", "shipment", "shipments",
        "invoice", "sale", "sales", "进货", "发货", "销售", "出库", "销售出库",
        "订单", "直销", "批发",
    ),
    "sell_out": (
        "sell_out", "sell-out", "sell out", "sellout", "so", "sell through",
        "sell-through", "纯销", "流向", "动销", "分销", "终端销售", "零售", "售出",
    ),
    "return": (
        "return", "returns", "returned", "credit", "credit note", "refund",
        "退货", "退回", "退款", "红冲", "销售退货", "退",
    ),
}  # fmt: skip

SALES = Dataset(
    "sales",
    (
        Column("date", DATE, True, (
            "date", "order date", "invoice date", "sales date", "ship date", "transaction date",
            "日期", "单据日期", "订单日期", "销售日期", "开票日期", "发货日期", "业务日期", "交易日期",
        )),  # fmt: skip
        Column("customer", TEXT, True, CUSTOMER),
        Column("amount", NUMBER, True, (
            "amount", "sales", "sales amount", "revenue", "value", "net amount", "total",
            "金额", "销售额", "销售金额", "含税金额", "价税合计", "销售收入", "收入", "总金额",
            "成交金额", "实收金额",
        )),  # fmt: skip
        Column("kind", CATEGORY, False, (
            "kind", "type", "sales type", "transaction type", "flow", "direction",
            "类型", "单据类型", "业务类型", "销售类型", "流向类型",
        ), KIND_VALUES, "sell_in"),  # fmt: skip
        Column("quantity", NUMBER, False, (
            "quantity", "qty", "units", "volume", "数量", "销量", "件数", "箱数",
        )),  # fmt: skip
        Column("product", TEXT, False, PRODUCT),
        Column("rep", TEXT, False, REP),
        Column("region", TEXT, False, REGION),
        Column("order_id", TEXT, False, (
            "order id", "order no", "order number", "invoice no", "invoice number",
            "document no", "doc no", "单号", "订单号", "单据编号", "单据号", "订单编号",
            "发票号", "出库单号",
        )),  # fmt: skip
        Column("cost", NUMBER, False, ("cost", "cogs", "成本", "成本金额", "销售成本")),
        Column("margin", NUMBER, False, (
            "margin", "gross margin", "gross profit", "gp", "profit", "毛利", "毛利额", "利润",
        )),  # fmt: skip
    ),
    ("sales", "sell", "order", "invoice", "销售", "出货", "流向", "订单", "发货", "进货"),
)

TARGETS = Dataset(
    "targets",
    (
        Column("period", PERIOD, True, (
            "period", "month", "quarter", "year", "target month", "月份", "期间", "月度",
            "年月", "季度", "考核期", "考核期间", "年度",
        )),  # fmt: skip
        Column("start", DATE, False, ("start", "start date", "from", "开始日期", "起始日期"),
               stored=False),
        Column("end", DATE, False, ("end", "end date", "to", "结束日期", "截止日期"),
               stored=False),
        Column("target", NUMBER, True, (
            "target", "quota", "goal", "plan", "target amount", "目标", "目标额", "目标金额",
            "任务额", "任务", "指标", "销售指标", "销售目标", "计划", "计划额",
        )),  # fmt: skip
        Column("rep", TEXT, False, REP),
        Column("region", TEXT, False, REGION),
        Column("product", TEXT, False, PRODUCT),
        Column("customer", TEXT, False, CUSTOMER),
    ),
    ("target", "quota", "plan", "目标", "任务", "指标", "计划"),
)

VISITS = Dataset(
    "visits",
    (
        Column("date", DATE, True, (
            "date", "visit date", "call date", "日期", "拜访日期", "拜访时间", "走访日期",
        )),  # fmt: skip
        Column("rep", TEXT, True, REP),
        Column("customer", TEXT, True, CUSTOMER),
        Column("type", CATEGORY, False, (
            "type", "visit type", "contact type", "method", "拜访方式", "拜访类型", "方式",
        ), {
            "visit": ("visit", "on-site", "onsite", "in person", "meeting", "拜访", "上门",
                      "面访", "走访", "实地", "上门拜访", "面谈"),
            "call": ("call", "phone", "phone call", "telephone", "video", "wechat", "电话", "电访",
                     "电话拜访", "视频", "微信", "线上"),
        }, "visit"),  # fmt: skip
        Column("purpose", CATEGORY, False, (
            "purpose", "objective", "reason", "拜访目的", "目的", "事由",
        ), {
            "new_customer": ("new_customer", "new customer", "prospecting", "开发新客户",
                             "新客户开发", "开发", "新客户"),
            "market_research": ("market_research", "market research", "research",
                                "市场调研", "调研", "市场调查"),
            "collection": ("collection", "payment", "collect", "收款", "回款", "催款"),
            "service": ("service", "support", "服务", "售后", "售后服务", "客情维护"),
            "complaint": ("complaint", "complaint handling", "客诉处理", "客诉", "投诉处理",
                          "投诉"),
            "order": ("order", "ordering", "订货", "下单", "订单", "补货"),
            "other": ("other", "others", "其他", "其它"),
        }, "other"),  # fmt: skip
        Column("order_amount", NUMBER, False, (
            "order amount", "orders", "订货金额", "订单金额", "下单金额",
        )),  # fmt: skip
        Column("collected_amount", NUMBER, False, (
            "collected amount", "collection", "collected", "payment received",
            "回款金额", "收款金额", "回款", "收款",
        )),  # fmt: skip
        Column("notes", TEXT, False, ("notes", "note", "comment", "comments", "备注", "拜访记录", "内容")),
        Column("region", TEXT, False, REGION),
    ),
    ("visit", "call", "拜访", "走访"),
)

COMPLAINTS = Dataset(
    "complaints",
    (
        Column("opened", DATE, True, (
            "opened", "open date", "date opened", "complaint date", "created", "date",
            "投诉日期", "投诉时间", "受理日期", "登记日期", "日期",
        )),  # fmt: skip
        Column("customer", TEXT, True, CUSTOMER),
        Column("id", TEXT, False, (
            "id", "complaint id", "ticket", "ticket id", "case id", "case no",
            "投诉编号", "编号", "工单号", "单号",
        )),  # fmt: skip
        Column("closed", DATE, False, (
            "closed", "close date", "date closed", "resolved", "resolved date",
            "结案日期", "关闭日期", "解决日期", "处理完成日期", "结案时间",
        )),  # fmt: skip
        Column("category", CATEGORY, False, (
            "category", "complaint type", "type", "reason", "投诉类型", "投诉类别", "类别",
            "类型", "投诉原因",
        ), {
            "product_quality": ("product_quality", "product quality", "quality", "product",
                                "defect", "产品质量", "质量", "质量问题", "产品"),
            "contract": ("contract", "billing", "pricing", "price", "买卖合同", "合同",
                         "价格", "合同纠纷"),
            "logistics": ("logistics", "delivery", "shipping", "transport", "货物运输",
                          "运输", "物流", "配送", "送货", "发货"),
            "service": ("service", "attitude", "服务", "服务态度", "售后"),
            "other": ("other", "others", "其他", "其它"),
        }, "other"),  # fmt: skip
        Column("severity", CATEGORY, False, (
            "severity", "priority", "level", "严重程度", "等级", "级别", "紧急程度",
        ), {
            "low": ("low", "minor", "l", "低", "轻微", "一般", "轻"),
            "medium": ("medium", "moderate", "med", "m", "中", "中等", "较重"),
            "high": ("high", "major", "critical", "severe", "h", "高", "严重", "重大", "紧急"),
        }),  # fmt: skip
        Column("product", TEXT, False, PRODUCT),
        Column("rep", TEXT, False, REP),
        Column("region", TEXT, False, REGION),
    ),
    ("complaint", "投诉", "客诉"),
)

SERVQUAL = ("reliability", "responsiveness", "assurance", "empathy", "tangibles")

SURVEYS = Dataset(
    "surveys",
    (
        Column("date", DATE, True, (
            "date", "survey date", "response date", "日期", "调查日期", "回访日期", "评价日期",
        )),  # fmt: skip
        Column("customer", TEXT, True, CUSTOMER),
        Column("score", NUMBER, True, (
            "score", "rating", "csat", "nps", "satisfaction", "overall", "likelihood to recommend",
            "满意度", "评分", "总体满意度", "满意度评分", "推荐意愿", "推荐度", "得分",
        )),  # fmt: skip
        Column("reliability", NUMBER, False, ("reliability", "可靠性")),
        Column("responsiveness", NUMBER, False, ("responsiveness", "响应性", "响应速度")),
        Column("assurance", NUMBER, False, ("assurance", "保证性")),
        Column("empathy", NUMBER, False, ("empathy", "移情性")),
        Column("tangibles", NUMBER, False, ("tangibles", "有形性")),
        Column("rep", TEXT, False, REP),
        Column("region", TEXT, False, REGION),
    ),
    ("survey", "satisfaction", "nps", "csat", "满意", "调查", "回访"),
)

CUSTOMERS = Dataset(
    "customers",
    (
        Column("customer", TEXT, True, CUSTOMER),
        Column("segment", TEXT, False, (
            "segment", "customer type", "customer segment", "type", "客户类型", "细分",
            "客户细分", "客户类别", "行业",
        )),  # fmt: skip
        Column("tier", CATEGORY, False, (
            "tier", "grade", "class", "level", "rating", "客户等级", "等级", "级别", "客户级别",
        ), {
            "A": ("a", "a类", "a级", "tier a", "vip", "重点"),
            "B": ("b", "b类", "b级", "tier b"),
            "C": ("c", "c类", "c级", "tier c", "一般"),
        }),  # fmt: skip
        Column("region", TEXT, False, REGION),
        Column("rep", TEXT, False, REP),
        Column("channel", CATEGORY, False, ("channel", "渠道", "渠道类型", "销售渠道"), {
            "distributor": ("distributor", "dealer", "wholesaler", "经销商", "经销", "代理",
                            "代理商", "分销商", "批发商"),
            "retailer": ("retailer", "retail", "store", "shop", "零售", "零售商", "门店", "终端",
                         "商超"),
            "direct": ("direct", "key account", "ka", "直销", "直营", "大客户", "直供"),
        }),  # fmt: skip
        Column("since", DATE, False, (
            "since", "start date", "customer since", "合作开始日期", "合作日期", "开户日期",
            "建档日期", "首次合作日期",
        )),  # fmt: skip
        Column("status", TEXT, False, ("status", "状态", "客户状态")),
    ),
    ("customer", "client", "account", "客户", "经销商", "档案"),
)

# fmt: on

DATASETS: dict[str, Dataset] = {
    d.name: d for d in (SALES, TARGETS, VISITS, COMPLAINTS, SURVEYS, CUSTOMERS)
}

# Columns every stored row carries besides its dataset's own: which upload
# brought it (so an upload can be removed) and its row in the source file.
BOOKKEEPING = (("upload_id", "INTEGER"), ("source_row", "INTEGER"))

# Extra stored columns derived at load time.
DERIVED = {
    "targets": (("period_start", "DATE"), ("period_end", "DATE")),
    "surveys": (("scale", "VARCHAR"),),
}


# Rows whose key matches a stored row replace it (a re-exported order, an
# updated customer list) instead of doubling it. Null keys never match. A
# return booked against an order's number is a new fact, not a re-export of
# the sale, hence the kind in the sales key.
# The date each dataset's rows happened on (a target's is its period).
EVENT_DATE_COLUMNS = {"sales": "date", "visits": "date", "complaints": "opened", "surveys": "date"}

REPLACE_KEYS = {
    "sales": ("order_id", "product", "kind"),
    "complaints": ("id",),
    "customers": ("customer",),
    "targets": ("period", "rep", "region", "product", "customer"),
}


def table_columns(dataset: str) -> list[tuple[str, str]]:
    """(name, SQL type) of the stored table, in order."""
    ds = DATASETS[dataset]
    cols = [(c.name, SQL_TYPES[c.kind]) for c in ds.columns if c.stored]
    cols += list(DERIVED.get(dataset, ()))
    return cols + list(BOOKKEEPING)
