"""Seeded sample exports: two years of a beverage maker's sales, as its systems export them.

The sample is what a first-time user sees, so it must look like real exports
(an ERP workbook with title rows, Chinese headers and a totals row; CRM CSVs
with English headers, one GBK-encoded) and hold the stories a manager should
find in the weekly review:

1. `LAGGING_REP` sells at ~40% of his target pace this month and quarter.
2. `STUFFED` is pushed ever more stock over the last 11 weeks while its
   sell-out stays flat: weeks of cover far above every other distributor's,
   and three pushed-in products that never sell.
3. `CHURN_SEGMENT` had a complaint spike 4-5 months ago and then lost ~15% of
   its customers, while its CSAT stays the highest ("satisfied is not loyal").
4. Five tier-A customers (two of them the lagging rep's) have not been
   visited for > 91 days nor contacted for > 30 days.

Everything derives from seed 42, so the rows are the same on every run.
Targets are set from a run *without* stories 1-2, so the other reps sit at
96-104% of pace and story 1 stands out (story 2's rep shows as "ahead").
Only distributors (经销商) report sell-out (流向); retail chains and key
accounts do not, so channel stock is meaningful for distributors only.
"""

from __future__ import annotations

import csv
import math
import random
import re
import zipfile
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

SEED = 42
STAMP = (2025, 11, 17, 8, 0, 0)  # the file time written into the workbook
END = date(2025, 11, 16)  # a Sunday: the latest sales date, hence as_of
WEEKS = 104
LAGGING_REP = "刘洋"
STUFFED = "杭州顺达商贸有限公司"
CHURN_SEGMENT = "连锁零售"
SELL_OUT_SEGMENTS = ("经销商",)

REGIONS = {  # region -> (reps, cities)
    "华东": (("张伟", "王芳", "陈静"), ("杭州", "上海", "南京", "苏州", "宁波", "合肥")),
    "华南": (("李娜", "黄强", "吴婷"), ("广州", "深圳", "东莞", "佛山", "厦门", "南宁")),
    "华北": (("刘洋", "赵敏", "孙丽"), ("北京", "天津", "石家庄", "太原", "济南", "唐山")),
    "西南": (("杨磊", "周杰", "徐涛"), ("成都", "重庆", "昆明", "贵阳", "绵阳", "遵义")),
}
SEGMENTS = {  # segment -> (channel, share of customers, size factor, company-name endings)
    "经销商": ("经销商", 0.36, 1.4, ("商贸有限公司", "贸易有限公司", "食品贸易有限公司", "副食品有限公司")),
    "连锁零售": ("零售商", 0.30, 0.9, ("超市连锁有限公司", "便利店有限公司", "百货有限公司", "购物广场有限公司")),
    "大客户KA": ("直供", 0.28, 0.7, ("餐饮管理有限公司", "酒店管理有限公司", "航空食品有限公司", "后勤服务有限公司")),
}  # fmt: skip
_TRADE_NAMES = "顺达恒通鑫源宏发金诚瑞丰嘉禾福临兴隆利华汇通佳美天润盛世万家百顺新民德润鼎盛和美优品惠民东方宏远安泰富源通达祥和永盛康达信诚隆鑫华盛伟业致远聚丰仁和泰和长青润泽恒信星河凯旋锦绣益民红星金桥同福森源万通"
TRADE_NAMES = [_TRADE_NAMES[i : i + 2] for i in range(0, len(_TRADE_NAMES), 2)]
_PRODUCTS = """
茉莉绿茶500ml×15:45 冰红茶500ml×15:45 天然矿泉水550ml×24:36 饮用纯净水550ml×24:28 乌龙茶500ml×15:52
柠檬红茶500ml×15:48 鲜橙汁1L×12:96 苏打水350ml×24:58 维生素饮料500ml×15:68 拿铁咖啡280ml×15:88
乳酸菌饮品340ml×24:86 椰子汁245ml×24:76 核桃乳240ml×20:64 电解质水600ml×15:63 白桃气泡水480ml×15:72
大麦茶500ml×15:45 苹果汁1L×12:90 能量饮料250ml×24:110 杏仁露240ml×20:66 酸梅汤500ml×15:50
美式咖啡280ml×15:84 原味酸奶200g×24:79 菊花茶500ml×15:45 芒果汁450ml×15:62 运动饮料600ml×15:60
青柠气泡水480ml×15:72 豆奶250ml×24:55 凉茶310ml×24:62 草莓酸奶200g×24:82 葡萄汁1L×12:98
山楂汁350ml×24:69 燕麦拿铁280ml×15:92 橙味汽水330ml×24:48 可乐型汽水330ml×24:50 天然矿泉水5L×4:30
八宝粥360g×12:58 银耳羹250g×12:66 红枣枸杞饮310ml×24:74 果汁礼盒1L×6:120 核桃乳礼盒240ml×12:78
"""
# (name, list price per case in 元), best sellers first.
PRODUCTS = [(name, float(price)) for name, price in (w.split(":") for w in _PRODUCTS.split())]
UNIT_COST = [price * (0.55 + 0.02 * (i * 7 % 8)) for i, (_, price) in enumerate(PRODUCTS)]
HEADERS = {  # per file or sheet, as the systems export them
    "销售明细": "单据日期,单号,类型,客户名称,区域,业务员,产品名称,数量,含税金额,成本",
    "客户档案": "客户名称,客户类型,客户等级,区域,业务员,渠道,合作开始日期,状态",
    "业绩目标": "期间,区域,业务员,目标额",
    "visits.csv": "Visit Date,Sales Rep,Customer,Visit Type,Purpose,Order Amount,Collected Amount,Notes",
    "complaints.csv": "Complaint ID,Open Date,Close Date,Customer,Category,Severity,Product,Sales Rep",
    "surveys.csv": "Survey Date,Customer,Satisfaction,Reliability,Responsiveness,Assurance,Empathy,Tangibles",
    "nps.csv": "Survey Date,Customer,NPS",
}
SPRING_FESTIVAL = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17)}
PURPOSES = ("订货", "收款", "客情维护", "市场调研", "其他")  # the CRM's purpose words
ORDER_WEEKDAY = (0.24, 0.22, 0.2, 0.17, 0.13, 0.035, 0.005)  # Mon..Sun share of ERP documents
Row = tuple[int, str, int, int, int]  # day index, kind, customer index, product index, cases


def _demand_factor(day: date, start: date) -> float:
    """Market demand on `day`: ~10%/year growth, a summer peak, the Spring Festival stock-up."""
    growth = 1.10 ** ((day - start).days / 365.25)
    summer = 1 + 0.22 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 200) / 365.25)
    festival = SPRING_FESTIVAL.get(day.year if day.month < 7 else day.year + 1)
    gap = (day - festival).days if festival else 999
    return growth * summer * (1.3 if -28 <= gap < -7 else 0.7 if -7 <= gap <= 7 else 1.0)


def _price(p: int, c: dict) -> float:
    """Net price per case for customer `c`: sell-in and sell-out are valued alike (SPEC)."""
    return round(PRODUCTS[p][1] * (1 - c["disc"]), 2)


def _customers(rnd: random.Random, rng: np.random.Generator, n: int) -> list[dict]:
    """The customer list. Customer 0 is story 2's distributor: big, in 华东, 张伟's."""
    custs: list[dict] = []
    names: set[str] = set()
    for i in range(n):
        region = list(REGIONS)[i % 4]
        seg = rnd.choices(list(SEGMENTS), [s[1] for s in SEGMENTS.values()])[0] if i else "经销商"
        name = "" if i else STUFFED
        while not name or name in names:
            city, ending = rnd.choice(REGIONS[region][1]), rnd.choice(SEGMENTS[seg][3])
            name = city + rnd.choice(TRADE_NAMES) + ending
        names.add(name)
        new = i > 0 and rnd.random() < 0.08  # became a customer during the two years
        custs.append({
            "name": name, "segment": seg, "region": region, "rep": REGIONS[region][0][i // 4 % 3],
            "size": float(rng.lognormal(math.log(5000), 0.9)) * SEGMENTS[seg][2] if i else 60000.0,
            "start": rnd.randrange(8, WEEKS - 2) if new else 0, "stop": None, "status": "正常",
            "since": None if new else date(rnd.randint(2012, 2022), rnd.randint(1, 12), rnd.randint(1, 28)),
            "growth": rnd.gauss(0, 0.12), "disc": rnd.choice((0, 0.02, 0.03, 0.05, 0.08)),
            "pay": rnd.uniform(0.75, 1.0),
        })  # fmt: skip
    popularity = np.array([1 / (1 + 0.15 * j) for j in range(len(PRODUCTS))])
    popularity /= popularity.sum()
    for rank, i in enumerate(sorted(range(n), key=lambda i: -custs[i]["size"])):
        c = custs[i]
        c["tier"] = "A" if rank < 0.15 * n else "B" if rank < 0.5 * n else "C"
        k, c["cadence"] = {"A": (4, 2), "B": (3, 4), "C": (2, 6)}[c["tier"]]
        c["phase"] = rnd.randrange(c["cadence"])  # order weeks spread over the cycle
        c["assort"] = [int(p) for p in rng.choice(len(PRODUCTS), k, False, popularity)]
        prices = np.array([PRODUCTS[p][1] for p in c["assort"]])
        c["lam"] = c["size"] * rng.dirichlet(np.full(k, 2.0)) / prices  # cases per week
        c["push"] = np.zeros(k)
    s = custs[0]  # story 2: three new products pushed in that nobody asks for
    s["assort"] += [p for p in range(len(PRODUCTS) - 1, 0, -1) if p not in s["assort"]][:3]
    s["lam"], s["push"] = np.append(s["lam"], np.zeros(3)), np.append(s["push"], np.full(3, 150.0))
    return custs


def _pick_stories(rnd: random.Random, custs: list[dict], n_days: int) -> None:
    """Mark story 3's churners, a little background churn, and story 4's neglected customers."""

    def stop(c: dict, lo: int, hi: int) -> None:  # last order falls lo..hi days before as_of
        c["stop"] = (n_days - rnd.randint(lo, hi)) // 7

    steady = [c for c in custs[1:] if not c["start"]]
    seg = [c for c in steady if c["segment"] == CHURN_SEGMENT]
    big = [c for c in seg if c["tier"] == "A"]
    small = [c for c in seg if c["tier"] != "A"]
    churners = rnd.sample(small, min(len(small), max(1, round(0.14 * len(seg)))))
    for c in churners + rnd.sample(big, min(1, len(big))):
        stop(c, 93, 112)
        c["churner"], c["return_at_stop"] = True, rnd.random() < 0.5
    for s in SEGMENTS:  # one recent defector per segment, two that left long ago
        pool = [c for c in steady if c["segment"] == s and c["tier"] == "C" and c["stop"] is None]
        for j, c in enumerate(rnd.sample(pool, min(3, len(pool)))):
            if j:
                c["stop"], c["status"] = rnd.randrange(20, WEEKS - 40), "停止合作"
            else:
                stop(c, 93, 150)
    a_tier = [c for c in steady if c["tier"] == "A" and c["stop"] is None]
    mine = [c for c in a_tier if c["rep"] == LAGGING_REP][:2]
    others = [c for c in a_tier if c not in mine]
    for c in mine + rnd.sample(others, min(5 - len(mine), len(others))):
        c["visit_until"] = n_days - rnd.randint(100, 160)
        c["call_until"] = n_days - rnd.randint(36, 70)


def _simulate(
    custs: list[dict], draws: list[tuple], factor: np.ndarray, when: dict, stories: bool
) -> list[Row]:
    """Weekly orders, distributor stock and sell-out; with `stories`, stories 1 and 2 happen.

    Distributors order up to (cadence + 2) weeks of expected demand and sell
    what the market takes but never more than they hold, so their stock and
    sell-through stay realistic; other customers order what they consumed.
    """
    rows: list[Row] = []
    for ci, c in enumerate(custs):
        demand, weekday, ret_u = draws[ci]
        stock = last = np.zeros(len(c["lam"]))

        def emit(day: int, kind: str, qty: np.ndarray, ci: int = ci, c: dict = c) -> None:
            rows.extend((day, kind, ci, c["assort"][p], int(qty[p])) for p in np.flatnonzero(qty))

        for w in range(c["start"], WEEKS):
            day, growth = 7 * w + weekday[w], math.exp(c["growth"] * w / 52)
            buying = c["stop"] is None or w < c["stop"]
            if buying and (w - c["start"] - c["phase"]) % c["cadence"] == 0:
                if c["segment"] in SELL_OUT_SEGMENTS:
                    level = c["lam"] * factor[w] * growth * (c["cadence"] + 2)
                    if stories and ci == 0 and 7 * w >= when["stuff_from"]:
                        level = level * (1.5 + (7 * w - when["stuff_from"]) / 14) + c["push"]
                    qty = np.maximum(0, np.round(level - stock))
                else:
                    qty = demand[max(c["start"], w - c["cadence"] + 1) : w + 1].sum(axis=0)
                if stories and c["rep"] == LAGGING_REP and day >= when["lag_from"]:
                    qty = np.round(qty * 0.3)
                emit(day, "sell_in", qty)
                stock, last = stock + qty, qty
            if c.get("return_at_stop") and w == c["stop"] + 2:  # a defector sends leftovers back
                back = stock if c["segment"] in SELL_OUT_SEGMENTS else np.round(last * 0.5)
                emit(day, "return", back)
                stock = stock - back
            if c["segment"] in SELL_OUT_SEGMENTS:
                back = np.where((ret_u[w] < 0.002) & (stock > 0), np.ceil(stock * 0.2), 0)
                sold = np.minimum(stock - back, demand[w])
                emit(day, "return", back)
                emit(7 * w + 6, "sell_out", sold)  # weekly flow report, dated the week's last day
                stock = stock - back - sold
    return rows


def _periods(start: date, end: date, months: int) -> list[tuple[date, date]]:
    """(first day, first day of the next) of each calendar period of `months` starting in range."""
    out, y, m = [], start.year, (start.month - 1) // months * months + 1
    while (begin := date(y, m, 1)) <= end:
        y, m = y + (m + months - 1) // 12, (m + months - 1) % 12 + 1
        if begin >= start:
            out.append((begin, date(y, m, 1)))
    return out


def _targets(
    rows: list[Row], custs: list[dict], start: date, end: date, rnd: random.Random
) -> list[list]:
    """Monthly targets per rep and quarterly per region, set near what the no-story run sold.

    Past periods land at 90-112% attainment; in the current one the actual to
    date is 96-104% of pace.
    """
    sold: defaultdict[tuple, float] = defaultdict(float)
    for day, kind, ci, p, qty in rows:
        if kind == "sell_in":
            d, c = start + timedelta(day), custs[ci]
            for key in ((c["rep"], d.month), (c["region"], (d.month + 2) // 3 * 10)):
                sold[key[0], d.year, key[1]] += qty * _price(p, c)
    out = []
    for months in (1, 3):
        for begin, after in _periods(start, end, months):
            length = (after - begin).days
            elapsed = min(length, (end - begin).days + 1)
            q, y = (begin.month + 2) // 3, begin.year
            label = f"{y}年{begin.month}月" if months == 1 else f"{y}年第{q}季度"
            key = begin.month if months == 1 else q * 10
            for region, (reps, _) in REGIONS.items():
                for who in reps if months == 1 else (region,):
                    actual = sold[who, y, key]
                    scale = rnd.uniform(0.96, 1.04) if elapsed < length else rnd.uniform(0.9, 1.12)
                    target = int(round(actual * length / elapsed / scale, -3))
                    out.append([label, region, who if months == 1 else "", target])
    return out


def _complaints(
    rnd: random.Random, rng: np.random.Generator, custs: list[dict], rows: list[Row], n_days: int
) -> list[list]:
    """Background complaints, complaints behind quality returns, and story 3's spike.

    Spike complaints are graver and slower to close; a few recent ones are open.
    """
    cats = ("产品质量", "货物运输", "服务", "买卖合同", "其他")
    out = []

    def add(day: int, c: dict, cat: str, spike: bool, product: int | None = None) -> None:
        took = round(rnd.lognormvariate(math.log(11 if spike else 4), 0.7))
        odds = (0.35, 0.45, 0.2) if spike else (0.15, 0.4, 0.45)
        severity = rnd.choices(("高", "中", "低"), odds)[0]
        if product is None and cat in cats[:3]:
            product = rnd.choice(c["assort"])
        still_open = day + took >= n_days or (day > n_days - 45 and rnd.random() < 0.25)
        name = "" if product is None else PRODUCTS[product][0]
        closed = None if still_open else day + took
        out.append([day, closed, c["name"], cat, severity, name, c["rep"]])

    for c in custs:
        lo, hi = 7 * c["start"], n_days if c["stop"] is None else min(n_days, 7 * c["stop"] + 30)
        for _ in range(rng.poisson({"A": 0.9, "B": 0.5, "C": 0.3}[c["tier"]] * (hi - lo) / 365)):
            add(rnd.randrange(lo, hi), c, rnd.choices(cats, (0.35, 0.25, 0.2, 0.1, 0.1))[0], False)
        if c["segment"] == CHURN_SEGMENT and 7 * c["start"] < n_days - 150:
            for _ in range(rnd.randint(1, 2) if c.get("churner") else int(rnd.random() < 0.3)):
                cat = rnd.choices(cats[:3], (0.3, 0.5, 0.2))[0]
                add(n_days - rnd.randint(118, 150), c, cat, True)
    for day, kind, ci, p, _ in rows:
        if kind == "return" and not custs[ci].get("churner") and rnd.random() < 0.5:
            add(max(0, day - rnd.randint(1, 6)), custs[ci], cats[0], False, p)
    return sorted(out, key=lambda r: (r[0], r[2]))


def _visits(
    rnd: random.Random, custs: list[dict], rows: list[Row], complaints: list[list], start: date
) -> list[list]:
    """Visits and calls on each tier's cadence, complaint follow-ups, orders taken, money collected.

    Collections follow invoices by 30 days and each customer's payment habit,
    so collection ratios differ by customer.
    """
    n_days = 7 * WEEKS
    billed = np.zeros((len(custs), n_days + 7))
    for day, kind, ci, p, qty in rows:
        if kind == "sell_in":
            billed[ci, day] += qty * _price(p, custs[ci])
    billed = billed.cumsum(axis=1)
    follow_up: dict[str, list] = {}
    for day, _, name, _, severity, _, _ in complaints:
        when = min(n_days - 1, day + rnd.randint(0, 3))
        follow_up.setdefault(name, []).append((when, severity == "高"))
    gaps = {"A": ((21, 56), (10, 28)), "B": ((56, 140), (25, 80)), "C": ((120, 300), (60, 160))}
    notes = ("客户反馈库存偏高", "催收上月货款", "新品陈列检查", "竞品促销力度大", "门店断货")
    out = []
    for ci, c in enumerate(custs):
        until = {True: c.get("visit_until", n_days), False: c.get("call_until", n_days)}
        follow = follow_up.get(c["name"], [])
        contacts = [(d, visit, "客诉处理") for d, visit in follow if d < until[visit]]
        first = 7 * c["start"]
        if first:
            contacts.append((max(0, first - rnd.randint(7, 30)), True, "开发新客户"))
        end = n_days if c["status"] == "正常" else 7 * c["stop"] + 30
        for visit, (lo, hi) in zip((True, False), gaps[c["tier"]], strict=True):
            d = first + rnd.randint(0, lo)
            while d < min(end, until[visit]):
                contacts.append((d, visit, ""))
                d += rnd.randint(lo, hi)
        paid = 0.0
        for d, visit, purpose in sorted(contacts, key=lambda t: t[0]):
            d = max(1, d - max(0, (start + timedelta(d)).weekday() - 4))  # weekend -> Friday
            odds = (0.3, 0.22, 0.28, 0.12 if visit else 0, 0.08)
            purpose = purpose or rnd.choices(PURPOSES, odds)[0]
            order = round(billed[ci, d + 6] - billed[ci, d - 1]) if purpose == "订货" else 0
            due = billed[ci, d - 30] - paid if d >= 30 and purpose == "收款" else 0.0
            got = round(due * c["pay"], -2) if due > 0 else 0
            paid += got
            note = rnd.choice(notes) if rnd.random() < 0.08 else ""
            if c["name"] == STUFFED and visit and d >= n_days - 70:
                note = "客户反馈库存偏高，动销慢"
            how = "上门拜访" if visit else "电话拜访"
            out.append([d, c["rep"], c["name"], how, purpose, order or "", int(got) or "", note])
    return sorted(out, key=lambda r: (r[0], r[1], r[2]))


def _surveys(rnd: random.Random, custs: list[dict], start: date) -> tuple[list[list], list[list]]:
    """Quarterly CSAT with SERVQUAL dimensions; a yearly NPS each autumn.

    The churning segment scores highest on both: satisfied is not loyal.
    """
    csat = {  # shares answering 1..5 per segment
        "经销商": (0.02, 0.05, 0.18, 0.45, 0.30),
        "大客户KA": (0.03, 0.07, 0.2, 0.42, 0.28),
        CHURN_SEGMENT: (0, 0.01, 0.04, 0.45, 0.5),
    }
    nps = {CHURN_SEGMENT: (0.04, 0.16, 0.3, 0.5)}  # shares answering 0-6, 7-8, 9, 10
    scores, nps_rows, n_days = [], [], 7 * WEEKS
    for c in custs:
        alive = range(7 * c["start"], n_days if c["stop"] is None else 7 * c["stop"])
        for q in range(0, n_days, 91):
            if rnd.random() < 0.4 and (d := q + rnd.randrange(91)) in alive:
                s = rnd.choices(range(1, 6), csat.get(c["segment"], csat["大客户KA"]))[0]
                # SERVQUAL dimensions scatter around the overall score; reliability a bit lower
                noise = [round(rnd.gauss(-0.3 * (k == 0), 0.6)) for k in range(5)]
                scores.append([d, c["name"], s, *(min(5, max(1, s + e)) for e in noise)])
        for year in (start.year + 1, start.year + 2):
            d = (date(year, 9, 15) - start).days + rnd.randrange(45)
            if rnd.random() < 0.5 and d in alive:
                band = rnd.choices(range(4), nps.get(c["segment"], (0.2, 0.4, 0.25, 0.15)))[0]
                nps_rows.append([d, c["name"], (rnd.randint(3, 6), rnd.randint(7, 8), 9, 10)[band]])
    return sorted(scores, key=lambda r: (r[0], r[1])), sorted(nps_rows, key=lambda r: (r[0], r[1]))


def _sales_rows(rows: list[Row], custs: list[dict], start: date) -> list[list]:
    """The ERP's sales lines: a document number per day, kind and customer; returns negative."""
    labels = {
        "sell_in": ("XS", "进货", 1),
        "sell_out": ("LX", "纯销", 1),
        "return": ("TH", "退货", -1),
    }
    out, docs, seq = [], {}, {}
    for day, kind, ci, p, qty in rows:
        (prefix, word, sign), c, d = labels[kind], custs[ci], start + timedelta(day)
        if (day, kind, ci) not in docs:
            seq[day, prefix] = seq.get((day, prefix), 0) + 1
            docs[day, kind, ci] = f"{prefix}{d:%Y%m%d}{seq[day, prefix]:03d}"
        qty *= sign
        cost = None if kind == "sell_out" else round(qty * UNIT_COST[p], 2)
        line = [docs[day, kind, ci], word, c["name"], c["region"], c["rep"], PRODUCTS[p][0]]
        out.append([d, *line, qty, round(qty * _price(p, c), 2), cost])
    totals = [round(sum(r[i] or 0 for r in out), 2) for i in (7, 8, 9)]
    return [*out, ["合计", *[None] * 6, *totals]]  # exports end in one; the loader drops it


def _write_workbook(path: Path, sheets: list[tuple[str, str, list[list]]]) -> Path:
    """One ERP workbook: per sheet a merged title row, a blank row, the header, the rows."""
    wb = Workbook(write_only=True)  # streaming: 60k rows in seconds, not a minute
    wb.properties.creator = "salesdash sample"
    wb.properties.created = datetime(*STAMP)
    for name, title, body in sheets:
        ws, header = wb.create_sheet(name), HEADERS[name].split(",")
        ws.merged_cells.add(f"A1:{chr(ord('A') + len(header) - 1)}1")
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True, size=14)
        for row in ([cell], [], header, *body):
            ws.append(row)
    wb.save(path)
    # openpyxl stamps the zip members and `modified` with the wall clock; pinning both keeps
    # a regenerated workbook byte-identical, so git sees no change (and level 9 saves ~7%).
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    pinned = rb"\g<1>" + datetime(*STAMP).isoformat().encode() + b"Z"
    parts["docProps/core.xml"] = re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*", pinned, parts["docProps/core.xml"]
    )
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, STAMP), data, zipfile.ZIP_DEFLATED, 9)
    return path


def _write_csv(path: Path, rows: list[list], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([HEADERS[path.name].split(","), *rows])
    return path


def generate(out_dir: Path, *, end: date = END, n_customers: int = 300) -> list[Path]:
    """Write the sample exports for the `WEEKS` weeks ending on `end` into `out_dir`.

    Returns the paths written. A smaller `n_customers` keeps the four stories
    (tests use that for speed).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rnd, rng = random.Random(SEED), np.random.default_rng(SEED)
    start, n_days = end - timedelta(7 * WEEKS - 1), 7 * WEEKS
    custs = _customers(rnd, rng, n_customers)
    _pick_stories(rnd, custs, n_days)
    days = [start + timedelta(i) for i in range(n_days)]
    factor = np.array([_demand_factor(d, start) for d in days]).reshape(WEEKS, 7).mean(axis=1)
    weekday = np.array([ORDER_WEEKDAY[d.weekday()] for d in days[:7]])
    draws = []
    for c in custs:  # every random draw of the simulation, so both runs below see the same
        trend = factor * np.exp(c["growth"] * np.arange(WEEKS) / 52) * rng.lognormal(0, 0.2, WEEKS)
        demand = rng.poisson(np.outer(trend, c["lam"]))
        order_day = rng.choice(7, WEEKS, p=weekday / weekday.sum()).tolist()
        draws.append((demand, order_day, rng.random((WEEKS, len(c["lam"])))))
    quarter = date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
    when = {"lag_from": (quarter - start).days, "stuff_from": n_days - 77}
    targets = _targets(_simulate(custs, draws, factor, when, False), custs, start, end, rnd)
    order = ("sell_in", "return", "sell_out")
    rows = _simulate(custs, draws, factor, when, True)
    rows.sort(key=lambda r: (r[0], order.index(r[1]), r[2], r[3]))
    complaints = _complaints(rnd, rng, custs, rows, n_days)
    visits = _visits(rnd, custs, rows, complaints, start)
    scores, nps = _surveys(rnd, custs, start)

    def iso(rows: list[list]) -> list[list]:
        return [[f"{start + timedelta(r[0])}", *r[1:]] for r in rows]

    def ymd(i: int | None) -> str:  # the complaint system's style
        return "" if i is None else f"{start + timedelta(i):%Y/%m/%d}"

    customers = [
        [c["name"], c["segment"], c["tier"] + "类", c["region"], c["rep"], SEGMENTS[c["segment"]][0],
         c["since"] or start + timedelta(7 * c["start"]), c["status"]]
        for c in custs
    ]  # fmt: skip
    tickets = [
        [f"TS{start + timedelta(r[0]):%Y%m}{i:04d}", ymd(r[0]), ymd(r[1]), *r[2:]]
        for i, r in enumerate(complaints, 1)
    ]
    years = f"{start.year}-{end.year}"
    sheets = [
        ("销售明细", f"{years}年销售明细表", _sales_rows(rows, custs, start)),
        ("客户档案", f"客户档案（截至{end:%Y年%m月%d日}）", customers),
        ("业绩目标", f"{years}年业绩目标", targets),
    ]
    return [
        _write_workbook(out_dir / f"销售数据_{years}.xlsx", sheets),
        _write_csv(out_dir / "visits.csv", iso(visits), "utf-8"),
        _write_csv(out_dir / "complaints.csv", tickets, "gbk"),  # a Chinese system's CSV
        _write_csv(out_dir / "surveys.csv", iso(scores), "utf-8-sig"),  # Excel-friendly BOM
        _write_csv(out_dir / "nps.csv", iso(nps), "utf-8"),
    ]
