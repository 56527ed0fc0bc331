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
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

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


@lru_cache(maxsize=1 << 16)
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
    """Confidence (0-1) that `header` names a column known by `synonyms`.

    A header is scored against every schema vocabulary at once through an
    index (`_header_scores`): a 5,000-column sheet would otherwise cost
    millions of fuzzy comparisons. Other synonym lists take the direct route.
    """
    vocab = _schema_index().vocab_ids.get(synonyms)
    if vocab is None:
        return _direct_score(header, synonyms)
    h = normalize(header)
    return _header_scores(h).get(vocab, 0.0) if h else 0.0


def _direct_score(header: str, synonyms: tuple[str, ...]) -> float:
    """The definition of a header's score; `_header_scores` gives the same numbers faster."""
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
class _Index:
    """Every schema synonym, keyed for lookup; values are sets of vocabulary ids."""

    vocab_ids: dict[tuple[str, ...], int] = field(default_factory=dict)
    exact: dict[str, set[int]] = field(default_factory=dict)  # compact synonym
    cjk: dict[str, set[int]] = field(default_factory=dict)  # compact, contained anywhere
    cjk_lengths: set[int] = field(default_factory=set)
    words: dict[str, set[int]] = field(default_factory=dict)  # a run of whole words
    max_words: int = 0
    fuzzy: list[tuple[str, set[int]]] = field(default_factory=list)
    postings: dict[str, list[tuple[int, int]]] = field(
        default_factory=dict
    )  # char -> (fuzzy, count)


@cache
def _schema_index() -> _Index:
    index = _Index()
    vocabs = {c.synonyms for ds in DATASETS.values() for c in ds.columns}
    for vid, synonyms in enumerate(sorted(vocabs)):
        index.vocab_ids[synonyms] = vid
        for syn in synonyms:
            s = normalize(syn)
            s_compact = s.replace(" ", "")
            if not s:
                continue
            index.exact.setdefault(s_compact, set()).add(vid)
            if _is_cjk(s):
                if len(s_compact) >= 2:
                    index.cjk.setdefault(s_compact, set()).add(vid)
                    index.cjk_lengths.add(len(s_compact))
            else:
                index.words.setdefault(s, set()).add(vid)
                index.max_words = max(index.max_words, s.count(" ") + 1)
            if len(s_compact) >= 4:
                index.fuzzy.append((s_compact, {vid}))
    merged: dict[str, set[int]] = {}
    for s_compact, ids in index.fuzzy:
        merged.setdefault(s_compact, set()).update(ids)
    index.fuzzy = list(merged.items())
    for fid, (s_compact, _ids) in enumerate(index.fuzzy):
        for ch, n in Counter(s_compact).items():
            index.postings.setdefault(ch, []).append((fid, n))
    return index


@lru_cache(maxsize=1 << 16)
def _header_scores(h: str) -> dict[int, float]:
    """Vocabulary id -> `_direct_score` of the normalised header `h`, for every vocabulary."""
    index = _schema_index()
    compact = h.replace(" ", "")
    scores: dict[int, float] = {}

    def bump(ids: set[int], value: float) -> None:
        for vid in ids:
            if value > scores.get(vid, 0.0):
                scores[vid] = value

    bump(index.exact.get(compact, set()), 1.0)
    n = len(compact)
    for length in index.cjk_lengths:
        for start in range(n - length + 1):
            ids = index.cjk.get(compact[start : start + length])
            if ids:
                bump(ids, 0.6 + 0.3 * length / n)
    words = h.split(" ")
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + index.max_words) + 1):
            span = " ".join(words[i:j])
            ids = index.words.get(span)
            if ids:
                bump(ids, 0.6 + 0.3 * len(span) / len(h))
    if n >= 4:
        # Matching characters can be no more than the characters both share,
        # so most synonyms are ruled out without running difflib.
        shared: dict[int, int] = {}
        for ch, k in Counter(compact).items():
            for fid, count in index.postings.get(ch, ()):
                shared[fid] = shared.get(fid, 0) + min(k, count)
        for fid, m in shared.items():
            s_compact, ids = index.fuzzy[fid]
            if len(s_compact) < 4 or 2.0 * m / (n + len(s_compact)) < 0.8:
                continue
            ratio = difflib.SequenceMatcher(None, compact, s_compact).ratio()
            if ratio >= 0.8:
                bump(ids, ratio * 0.85)
    return scores


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
    # Canonical column -> every sheet column headed exactly like the one matched:
    # two columns both called 金额 cannot be told apart, and guessing would be a
    # wrong number. Empty when the user picked the column by position.
    ambiguous: dict[str, list[int]] = field(default_factory=dict)

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
    for column, idx, score in _scored(candidates, dataset):
        if overrides and column.name in overrides:
            continue
        if score >= MIN_CONFIDENCE:
            # Required columns win ties: a lone "日期" is the sale date, not a start date.
            pairs.append((score, column.required, -idx, column.name, idx))
    for score, _req, _neg, name, idx in sorted(pairs, reverse=True):
        if name in mapping.matches or idx in taken:
            continue
        mapping.matches[name] = ColumnMatch(name, idx, _display(candidates[idx]), round(score, 2))
        taken.add(idx)
    mapping.ambiguous = _same_headers(candidates, mapping, overrides or {})
    return mapping


def _same_headers(
    candidates: list[list[str]], mapping: Mapping, overrides: dict[str, str | int | None]
) -> dict[str, list[int]]:
    """Matched columns whose header, once normalised, heads other columns too."""

    def key(names: list[str]) -> tuple[str, ...]:
        return tuple(normalize(n) for n in names)

    wanted = {key(candidates[m.index]) for m in mapping.matches.values()}
    firsts = {k[0] if k else "" for k in wanted}
    columns: dict[tuple[str, ...], list[int]] = {}
    for i, names in enumerate(candidates):
        # Most columns differ in their first name already: one cached lookup each.
        if (normalize(names[0]) if names else "") in firsts and (k := key(names)) in wanted:
            columns.setdefault(k, []).append(i)
    return {
        name: same
        for name, m in mapping.matches.items()
        if len(same := columns[key(candidates[m.index])]) > 1
        and not isinstance(overrides.get(name), int)
    }


def column_letter(idx: int) -> str:
    """Excel's name for the 0-based column `idx`: 0 -> A, 26 -> AA."""
    letters = ""
    idx += 1
    while idx:
        idx, rem = divmod(idx - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _scored(candidates: list[list[str]], dataset: Dataset):
    """(column, sheet index, score) for every pair that scores above zero.

    Through the index, a header that names nothing costs one lookup, not one
    comparison per column: what keeps a sheet of thousands of columns quick.
    """
    index = _schema_index()
    by_vocab: dict[int, list] = {}
    direct = []
    for column in dataset.columns:
        vid = index.vocab_ids.get(column.synonyms)
        if vid is None:
            direct.append(column)
        else:
            by_vocab.setdefault(vid, []).append(column)
    for idx, names in enumerate(candidates):
        best: dict[str, float] = {}
        for n in names:
            h = normalize(n)
            if not h:
                continue
            per_unit = _PER_UNIT.search(h) is not None
            for vid, score in _header_scores(h).items():
                for column in by_vocab.get(vid, ()):
                    if per_unit and column.name in _LINE_TOTALS:
                        continue
                    if score > best.get(column.name, 0.0):
                        best[column.name] = score
            for column in direct:
                if per_unit and column.name in _LINE_TOTALS:
                    continue
                score = _direct_score(n, column.synonyms)
                if score > best.get(column.name, 0.0):
                    best[column.name] = score
        for name, score in best.items():
            yield dataset.column(name), idx, score


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
