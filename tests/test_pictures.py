"""brief graph as a picture: Graphviz renders the layout, and the layout reads as a timeline."""

from __future__ import annotations

import re
import shutil
import struct
from pathlib import Path

import pytest
from tests.conftest import Run

needs_dot = pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@needs_dot
def test_the_whole_graph_fits_a_page(brief: Run, tmp_path: Path) -> None:
    out = tmp_path / "graph.png"
    result = brief("graph", "--format", "png", "--out", str(out))
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out}.\n"
    width, height = png_size(out)
    assert width <= 3 * height, (width, height)
    assert width > 1000 and height > 500  # 46 briefings, not an empty page


@needs_dot
def test_an_svg_of_one_neighbourhood_highlights_it(brief: Run, tmp_path: Path) -> None:
    out = tmp_path / "46.svg"
    brief("graph", "46", "--depth", "1", "--format", "svg", "--out", str(out))
    svg = out.read_text()
    assert svg.startswith("<?xml")
    assert "OpenAI Model Spec" in svg and "Preparedness Framework" in svg
    assert 'stroke="#c92a2a"' in svg  # the REF node's outline
    assert ">Category</text>" in svg and ">Strategy &amp; Governance</text>" in svg


def test_a_missing_graphviz_names_the_package(
    brief: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = brief("graph", "--format", "svg", "--out", str(tmp_path / "g.svg"), code=1)
    assert result.stderr.startswith("Error: Drawing a picture needs Graphviz's dot, which is not installed:")
    assert "install the graphviz package" in result.stderr
    assert not (tmp_path / "g.svg").exists()


def test_a_picture_needs_a_file(brief: Run) -> None:
    result = brief("graph", "--format", "png", code=2)
    assert result.stderr == (
        "Error: --format png draws a picture: give the file to write with --out.\n"
        "Try 'brief graph -h' for help.\n"
    )


def test_dot_is_laid_out_as_a_timeline(brief: Run) -> None:
    text = brief("graph", "46", "--depth", "2", "--format", "dot").stdout
    labels = re.findall(r'n\d+ \[label="([^"]*)"', text)
    assert labels and all(len(line) <= 32 for label in labels for line in label.split("\\n"))
    assert 'n24 [label="24. Preparedness Framework\\n(Beta)\\nDec 2023"' in text
    assert "{ rank=same; y2023; " in text and "y2023 -> y2024 -> y2025 [style=invis];" in text
    assert re.search(r'n46 \[[^\]]*penwidth=3, color="#c92a2a"', text)
    assert re.search(r'n46 \[[^\]]*fillcolor="#dde3ea"', text)  # Strategy & Governance
    whole = brief("graph", "--format", "dot").stdout
    related = [line for line in whole.splitlines() if line.startswith("    n") and "style=dashed" in line]
    assert related and all("constraint=false" in line for line in related)
    assert 'legend0 [label="' in text


def test_trace_dot_follows_the_same_layout(brief: Run) -> None:
    text = brief("trace", "46", "--format", "dot").stdout
    assert re.search(r"n46 \[[^\]]*penwidth=3", text)
    assert "{ rank=same; y2023; " in text


def test_mermaid_wraps_its_labels(brief: Run) -> None:
    text = brief("graph", "46", "--depth", "1").stdout
    assert 'n24["24. Preparedness Framework<br>(Beta)<br>Dec 2023"]' in text
