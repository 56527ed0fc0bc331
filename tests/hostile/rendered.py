"""What an AppTest run puts on screen, sorted by how the browser renders it.

- `markdown_texts`: every text Streamlit renders as Markdown (bodies of
  markdown, captions, alerts and toasts; labels, help tooltips and deltas
  of widgets, cards, tabs and expanders; the cells of `st.table`). A name
  from the data must arrive there escaped by `md()`.
- `figure_texts`: every string a Plotly figure draws (categories, texts,
  hovers, legend names, templated customdata, category orders, tick texts,
  annotations). A name must arrive there with its tags as entities.
- `table_cells`: every text cell of every dataframe (drawn on a canvas, so
  shown as typed).
- `downloads`: the bytes of every download button, captured from the media
  storage AppTest gives each run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyarrow as pa
import pytest
from google.protobuf.descriptor import FieldDescriptor
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest, app_test

from pages.common import md
from tests.pages.sample_workspace import APP

PAGES = (
    "pages/weekly.py",
    "pages/targets.py",
    "pages/sell_through.py",
    "pages/customers.py",
    "pages/visits.py",
    "pages/complaints.py",
    "pages/data.py",
)
# Proto fields whose text Streamlit renders as Markdown.
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "delta", "placeholder", "description"}
# Elements whose content is data or a figure, checked by their own functions.
NOT_MARKDOWN = {"plotly_chart", "dataframe"}
TRACE_TEXT = ("x", "y", "labels", "text", "hovertext", "name")


# Pages whose URL path is not their file's name: AppTest finds them only after a first run.
RENAMED = {"pages/sell_through.py"}


def open_page(page: str, **query_params: str) -> AppTest:
    """A browser opening `/<page>?<query_params>`: app.py runs, with that page as the target."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    if page in RENAMED:
        at.run()
    at.switch_page(page).run()
    return at


def _strings(message) -> Iterator[str]:
    for field, value in message.ListFields():
        items = list(value) if field.is_repeated else [value]
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            for item in items:
                yield from _strings(item)
        elif field.type == FieldDescriptor.TYPE_STRING and field.name in MARKDOWN_FIELDS:
            yield from items


def markdown_texts(at: AppTest) -> list[str]:
    texts = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(node, "type", "") not in NOT_MARKDOWN:
            texts += [s for s in _strings(proto) if s]
    for table in at.table:  # st.table renders its (formatted) cells as Markdown
        texts += _display_values(table.proto)
    return texts


def _display_values(proto) -> list[str]:
    if not proto.arrow_data.HasField("styler"):
        return [v for v in table_values(proto) if isinstance(v, str)]
    shown = pa.ipc.open_stream(proto.arrow_data.styler.display_values).read_all().to_pandas()
    return [v for column in shown.columns for v in shown[column] if isinstance(v, str)]


def table_values(proto) -> list[object]:
    frame = pa.ipc.open_stream(proto.arrow_data.data).read_all().to_pandas()
    return [v for column in frame.columns for v in frame[column]]


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def figure_texts(fig: dict) -> list[str]:
    texts: list[str] = []
    for trace in fig["data"]:
        templates = f"{trace.get('hovertemplate', '')} {trace.get('texttemplate', '')}"
        attrs = TRACE_TEXT + (("customdata",) if "customdata" in templates else ())
        for attr in attrs:
            texts += _flat(trace.get(attr))
    layout = fig["layout"]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            texts += _flat(axis.get("categoryarray")) + _flat(axis.get("ticktext"))
    texts += [a.get("text", "") for a in layout.get("annotations", [])]
    return texts


def _flat(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _flat(v)]
    return []  # numbers, and numeric arrays Plotly writes base64-encoded


def table_cells(at: AppTest) -> set[str]:
    cells: set[str] = set()
    for frame in at.dataframe:
        data = frame.value
        for column in data.columns:
            cells |= {v for v in data[column] if isinstance(v, str)}
    return cells


def escaped_in_markdown(name: str) -> bool:
    """Whether `name` would render differently from its text as Markdown (so must be escaped)."""
    return md(name) != name


class KeptStorage(MemoryMediaFileStorage):
    """The media storage of an AppTest run, kept after it so a test can read the downloads."""

    made: list[KeptStorage] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        KeptStorage.made.append(self)


class KeptManager(MediaFileManager):
    """The media manager of an AppTest run, kept so a test can click a deferred download."""

    made: list[KeptManager] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        KeptManager.made.append(self)


@pytest.fixture
def keep_downloads(monkeypatch):
    KeptStorage.made, KeptManager.made = [], []
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", KeptStorage)
    monkeypatch.setattr(app_test, "MediaFileManager", KeptManager)


def downloads(at: AppTest) -> dict[str, bytes]:
    """Each download button's file name and bytes, of the last run (needs `keep_downloads`).

    A file made on click (deferred) is made here, as the server would on a click.
    """
    storage, manager = KeptStorage.made[-1], KeptManager.made[-1]
    found = {}
    for button in at.get("download_button"):
        url = button.proto.url
        if button.proto.deferred_file_id:
            url = manager.execute_deferred(button.proto.deferred_file_id)
        file = storage.get_file(url.rsplit("/", 1)[-1])
        found[file.filename] = file.content
    return found
