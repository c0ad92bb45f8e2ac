"""A real headless browser draws /briefing/46: the screenshot must show a page, not a blank."""

from __future__ import annotations

import importlib.util
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from tests.conftest import Run
from tests.png import colours, pixels
from tests.web_support import start

BROWSER = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("datasette") is None, reason="no web extra installed"),
    pytest.mark.skipif(BROWSER is None, reason="no Chromium here (CI installs the Debian package chromium)"),
]

# What Chromium needs to run headless as root in a container, quietly and without the network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def screenshot(url: str, out: Path, profile: Path, size: str = "1000,1400") -> bytes:
    assert BROWSER is not None
    profile.mkdir()
    done = subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", f"--window-size={size}", f"--screenshot={out}", url],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.is_file(), f"no screenshot (exit {done.returncode}):\n{done.stderr[-3000:]}"
    return out.read_bytes()


def test_a_screenshot_of_briefing_46_shows_the_page(brief: Run, tmp_path: Path) -> None:
    brief("list")
    process, address = start()
    try:
        shot = screenshot(address + "briefing/46", tmp_path / "46.png", tmp_path / "profile")
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    width, height, rows = pixels(shot)
    assert (width, height) == (1000, 1400)
    counts = colours(shot)
    background, most = counts.most_common(1)[0]
    assert len(counts) > 100, "too few colours for text on a page"
    assert most / (width * height) < 0.95, "almost every pixel is the background"
    # Datasette's dark header bar is drawn across the top, above the page's background.
    channels = len(rows[0]) // width
    top = rows[10][width // 2 * channels : width // 2 * channels + 3]
    assert top != background and sum(top) < sum(background)
