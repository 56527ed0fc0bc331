"""The layers point one way: the core package never imports the UI libraries.

Every core module is imported in one fresh interpreter (the test process
itself has Streamlit loaded by other tests); a module that pulls in
streamlit or plotly, even indirectly, shows up in its `sys.modules`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_core_module_imports_streamlit_or_plotly():
    core = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "salesdash").rglob("*.py")
        if p.name != "__main__.py"
    )
    assert "salesdash.report" in core and "salesdash.workspace" in core
    probe = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "    bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly'))\n"
        "    if bad:\n"
        "        print(name, 'imports', ', '.join(bad[:3]))\n"
        "        break\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
