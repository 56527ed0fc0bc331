"""Figures shared by every page run (salesdash/results.py): computed once per data version."""

from __future__ import annotations

import threading
import time

import pytest

from salesdash import results


@pytest.fixture(autouse=True)
def empty():
    results.clear()
    yield
    results.clear()


def counting(value: object, delay: float = 0.0):
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        time.sleep(delay)
        return value

    return compute, calls


def test_a_figure_is_computed_once_and_then_shared():
    compute, calls = counting(["rows"])

    first = results.cached("ws.duckdb", "v1", ("metric", "kpi_cards"), compute)
    second = results.cached("ws.duckdb", "v1", ("metric", "kpi_cards"), compute)

    assert first is second
    assert len(calls) == 1


def test_other_parameters_another_workspace_or_other_data_are_other_figures():
    compute, calls = counting("x")

    results.cached("ws.duckdb", "v1", ("metric", "kpi_cards", (("window_days", 7),)), compute)
    results.cached("ws.duckdb", "v1", ("metric", "kpi_cards", (("window_days", 14),)), compute)
    results.cached("other.duckdb", "v1", ("metric", "kpi_cards", (("window_days", 7),)), compute)
    results.cached("ws.duckdb", "v2", ("metric", "kpi_cards", (("window_days", 7),)), compute)

    assert len(calls) == 4


def test_sessions_asking_at_once_wait_for_one_computation():
    compute, calls = counting("rows", delay=0.3)
    got: list[object] = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        got.append(results.cached("ws.duckdb", "v1", ("metric", "sales_weekly"), compute))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert len(calls) == 1
    assert got == ["rows"] * 8


def test_a_failed_computation_is_not_kept():
    def broken() -> object:
        raise RuntimeError("workspace busy")

    with pytest.raises(RuntimeError):
        results.cached("ws.duckdb", "v1", ("metric", "kpi_cards"), broken)
    compute, calls = counting("rows")

    assert results.cached("ws.duckdb", "v1", ("metric", "kpi_cards"), compute) == "rows"
    assert len(calls) == 1


def test_new_data_keeps_the_figures_of_the_version_before_and_drops_older_ones():
    compute, calls = counting("x")
    for version in ("v1", "v2"):
        results.cached("ws.duckdb", version, ("metric", "kpi_cards"), compute)
    results.cached("ws.duckdb", "v1", ("metric", "kpi_cards"), compute)  # a run that began before
    assert len(calls) == 2

    results.cached("ws.duckdb", "v3", ("metric", "kpi_cards"), compute)  # pushes v1 out
    results.cached("ws.duckdb", "v2", ("metric", "kpi_cards"), compute)
    assert len(calls) == 3
    results.cached("ws.duckdb", "v1", ("metric", "kpi_cards"), compute)
    assert len(calls) == 4


def test_the_least_recently_used_figure_goes_first_when_full(monkeypatch):
    monkeypatch.setattr(results, "MAX_ENTRIES", 2)
    compute, calls = counting("x")
    for key in ("a", "b", "a", "c"):  # "a" used again after "b": "b" is the oldest use
        results.cached("ws.duckdb", "v1", key, compute)
    assert len(calls) == 3

    results.cached("ws.duckdb", "v1", "a", compute)
    assert len(calls) == 3
    results.cached("ws.duckdb", "v1", "b", compute)
    assert len(calls) == 4
