"""Which dataset a sheet holds and which of its columns is which.

Headers arrive as "含税金额(元)", "Customer Name", "客户 名称" or "Custmer": each is
normalised, then scored against every canonical column's synonyms (exact,
contained, or fuzzy). Columns are assigned greedily, best score first, so one
header never feeds two columns. The dataset whose required columns are all
found with the highest total confidence wins.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from salesdash.schema import DATASETS, Dataset

MIN_CONFIDENCE = 0.6
# Per-unit figures are not line totals: "Unit Cost" or "单价" must never become a
# line's amount or cost (every margin would be off by the quantity).
_PER_UNIT = re.compile(
    r"(^| )(unit|units|per|each|price|rate)( |$)|单价|单位成本|单位价格|单位售价"
)
_LINE_TOTALS = {"amount", "cost", "margin", "order_amount", "collected_amount", "target"}
_UNITS = re.compile(r"[(（\[【<《].*?[)）\]】>》]")
_SEPARATORS = re.compile(r"[\s_\-./:：,，;；|]+")


@cache
def normalize(header: str | None) -> str:
    """Fold width, case, units in brackets and separators: '含税金额（元）' -> '含税金额'."""
    if not header:
        return ""
    text = unicodedata.normalize("NFKC", str(header)).lower()
    stripped = _UNITS.sub(" ", text)
    if stripped.strip():
        text = stripped
    text = text.replace("*", " ").replace("#", " no ")
    return _SEPARATORS.sub(" ", text).strip()


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def header_score(header: str, synonyms: tuple[str, ...]) -> float:
    """Confidence (0-1) that `header` names a column known by `synonyms`."""
    h = normalize(header)
    if not h:
        return 0.0
    compact = h.replace(" ", "")
    best = 0.0
    for syn in synonyms:
        s = normalize(syn)
        s_compact = s.replace(" ", "")
        if h == s or compact == s_compact:
            return 1.0
        if _is_cjk(s):
            if len(s_compact) >= 2 and s_compact in compact:
                best = max(best, 0.6 + 0.3 * len(s_compact) / len(compact))
        elif re.search(rf"(^| ){re.escape(s)}( |$)", h):
            best = max(best, 0.6 + 0.3 * len(s) / len(h))
        if len(s_compact) >= 4 and len(compact) >= 4:
            ratio = difflib.SequenceMatcher(None, compact, s_compact).ratio()
            if ratio >= 0.8:
                best = max(best, ratio * 0.85)
    return best


@dataclass
class ColumnMatch:
    column: str  # canonical name
    index: int  # position in the sheet
    header: str  # the header text as the file has it
    confidence: float


@dataclass
class Mapping:
    dataset: str
    matches: dict[str, ColumnMatch] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        missing = [c for c in DATASETS[self.dataset].required if c not in self.matches]
        if "period" in missing and {"start", "end"} <= self.matches.keys():
            missing.remove("period")  # a target may give its period as start and end dates
        return missing

    @property
    def score(self) -> float:
        """Sum of confidences, required columns counting double: more evidence wins."""
        ds = DATASETS[self.dataset]
        return sum(
            m.confidence * (2 if ds.column(c).required else 1) for c, m in self.matches.items()
        )


def map_columns(
    candidates: list[list[str]],
    dataset: Dataset,
    overrides: dict[str, str | int | None] | None = None,
) -> Mapping:
    """Assign sheet columns to the dataset's canonical columns.

    `candidates[i]` are the possible names of sheet column i (a two-row header
    offers the lower cell, the upper cell and both joined). `overrides` maps a
    canonical column to a header text or index chosen by the user (None = unmap).
    """
    mapping = Mapping(dataset.name)
    taken: set[int] = set()
    for col, choice in (overrides or {}).items():
        if choice is None or col not in {c.name for c in dataset.columns}:
            continue
        idx = _find_index(candidates, choice)
        if idx is not None:
            mapping.matches[col] = ColumnMatch(col, idx, _display(candidates[idx]), 1.0)
            taken.add(idx)
    pairs = []
    for column in dataset.columns:
        if overrides and column.name in overrides:
            continue
        for idx, names in enumerate(candidates):
            score = max(
                (
                    header_score(n, column.synonyms)
                    for n in names
                    if not (column.name in _LINE_TOTALS and _PER_UNIT.search(normalize(n)))
                ),
                default=0.0,
            )
            if score >= MIN_CONFIDENCE:
                # Required columns win ties: a lone "日期" is the sale date, not a start date.
                pairs.append((score, column.required, -idx, column.name, idx))
    for score, _req, _neg, name, idx in sorted(pairs, reverse=True):
        if name in mapping.matches or idx in taken:
            continue
        mapping.matches[name] = ColumnMatch(name, idx, _display(candidates[idx]), round(score, 2))
        taken.add(idx)
    return mapping


def _display(names: list[str]) -> str:
    return names[0] if names else ""


def _find_index(candidates: list[list[str]], choice: str | int) -> int | None:
    if isinstance(choice, int):
        return choice if 0 <= choice < len(candidates) else None
    target = normalize(choice)
    for idx, names in enumerate(candidates):
        if any(normalize(n) == target for n in names):
            return idx
    return None


def _name_bonus(dataset: Dataset, source_name: str) -> float:
    text = normalize(source_name)
    return 0.5 if any(normalize(h) in text for h in dataset.name_hints) else 0.0


def classify(
    candidates: list[list[str]], source_name: str = "", forced: str | None = None
) -> list[Mapping]:
    """Mappings for every dataset, best first; complete ones (no required column missing) lead."""
    names = [forced] if forced else list(DATASETS)
    mappings = [map_columns(candidates, DATASETS[n]) for n in names]
    # A sales sheet that lacks its amount column must be reported as such, not
    # loaded as complaints because 日期 + 客户 happen to complete those: an
    # incomplete mapping with more evidence than every complete one leads too.
    complete = max((_evidence(m) for m in mappings if not m.missing), default=float("-inf"))
    return sorted(
        mappings,
        key=lambda m: (
            not m.missing or _evidence(m) > complete,
            m.score + _name_bonus(DATASETS[m.dataset], source_name),
            _mean_confidence(m),  # on a tie, exact headers beat loosely matched ones
        ),
        reverse=True,
    )


def _evidence(mapping: Mapping) -> float:
    """Matched confidence, less one per required column not found."""
    return sum(m.confidence for m in mapping.matches.values()) - len(mapping.missing)


def _mean_confidence(mapping: Mapping) -> float:
    found = [m.confidence for m in mapping.matches.values()]
    return sum(found) / len(found) if found else 0.0


def map_value(raw: str, values: dict[str, tuple[str, ...]]) -> str | None:
    """Canonical category for a raw word ('退货' -> 'return'), or None if unknown."""
    word = normalize(raw)
    if not word:
        return None
    compact = word.replace(" ", "")
    for canonical, words in values.items():
        for w in words:
            nw = normalize(w)
            if (
                word == nw
                or compact == nw.replace(" ", "")
                or compact == canonical.replace("_", "")
            ):
                return canonical
    return None
