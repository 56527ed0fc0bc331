"""salesdash core: files -> parse, map, validate -> DuckDB -> metrics.

The core never imports streamlit or plotly; the pages depend on it, not the
other way round.
"""
