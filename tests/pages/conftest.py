"""Fixtures of the page tests (defined in sample_workspace.py, which says why)."""

from tests.pages.sample_workspace import no_data, sample_workspace, through_app_py

__all__ = ["no_data", "sample_workspace", "through_app_py"]
