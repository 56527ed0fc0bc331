"""Waiting for Streamlit to finish drawing, so a screenshot shows what a person sees."""

from __future__ import annotations

# True once no script is running and every lazy element (skeletons, visible data grids) has painted.
_SETTLED = """() => {
  const q = (s) => [...document.querySelectorAll(s)];
  if (!document.querySelector('[data-testid="stApp"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (q('[data-testid="stSkeleton"]').length) return false;
  if (q('[data-stale="true"]').length) return false;
  // Grids in a collapsed expander or an inactive tab never paint: only visible ones count.
  return q('[data-testid="stDataFrame"]').filter((e) => e.checkVisibility()).every(
    (e) => e.querySelector('[data-testid="data-grid-canvas"]'));
}"""


def wait_settled(page, text: str, timeout_ms: int = 120_000) -> None:
    """Wait for `text` (proof the script ran for this view), then for everything to paint."""
    page.get_by_text(text).first.wait_for(timeout=timeout_ms)
    page.wait_for_function(_SETTLED, timeout=timeout_ms)
    page.wait_for_timeout(300)  # one more frame for canvases to paint
