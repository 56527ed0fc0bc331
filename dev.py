"""The project's two commands, needing nothing but Python 3.11:

    python dev.py run    # install the app's packages and start it on the workspace
    python dev.py test   # install everything the tests need, then lint and run them all

Both create `.venv/` on first use and reinstall only when requirements change.
`test` also installs Debian's chromium and fonts-noto-cjk for the browser
tests when they are missing (apt-get, as root or through sudo).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
BROWSER_PACKAGES = ("chromium", "chromium-driver", "fonts-noto-cjk")
CJK_FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")


def sh(*cmd: str | Path, **kw) -> None:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def ensure_venv(requirements: str) -> None:
    """Create .venv and install `requirements` unless the same file was installed already."""
    if not PY.exists():
        venv.create(VENV, with_pip=True)
    req = ROOT / requirements
    digest = hashlib.sha256(
        b"".join((ROOT / f).read_bytes() for f in ("requirements.txt", requirements))
    ).hexdigest()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    sh(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", req)
    sh(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e", ".")
    stamp.write_text(digest)


def has_cjk_font() -> bool:
    return any(Path(d).is_dir() and any(Path(d).glob("NotoSansCJK*")) for d in CJK_FONT_DIRS)


def ensure_browser() -> None:
    """Debian's Chromium and CJK fonts: a browser test without fonts shows Chinese as boxes."""
    if Path("/usr/bin/chromium").exists() and has_cjk_font():
        return
    if not shutil.which("apt-get"):
        sys.exit(
            "The browser tests need Chromium and the Noto CJK fonts; install them with your "
            "package manager, or set SALESDASH_SKIP_BROWSER=1 to run the other tests."
        )
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sh(*sudo, "apt-get", "update", "-qq", env=env)
    sh(
        *sudo,
        "apt-get",
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        *BROWSER_PACKAGES,
        env=env,
    )


def run() -> None:
    """Start the app for the person at this machine: on localhost only, unless told otherwise
    (`python dev.py run --server.address 0.0.0.0`; set up sign-in first, see docs/deploy.md)."""
    ensure_venv("requirements.txt")
    extra = sys.argv[2:]
    local = (
        []
        if any(a.startswith("--server.address") for a in extra)
        else ["--server.address", "localhost"]
    )
    sh(PY, "-m", "streamlit", "run", "app.py", *local, *extra)


def test() -> None:
    ensure_venv("requirements-dev.txt")
    if not os.environ.get("SALESDASH_SKIP_BROWSER"):
        ensure_browser()
    sh(PY, "-m", "ruff", "check", ".")
    sh(PY, "-m", "ruff", "format", "--check", ".")
    sh(PY, "-m", "pytest", *sys.argv[2:])


def main() -> None:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    try:
        commands[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
