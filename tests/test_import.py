"""brief import: explorer pages to briefing YAML, alone or resolved against the collection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tests import explorer_pages as pages
from tests.conftest import Run

from briefcli.cli.app import app

LANTERN_YAML = """\
id: 46
title: 'Lantern: Sparse Probes for Model Honesty'
tagline: >-
  Reading a model's hidden state to tell when its answer departs from what it represents
org: [Northwind Labs, Harbor AI]
date: 2026-03
category: Models
tags: [Research Paper]
summary: |-
  Lantern trains small linear probes on the activations of a chat model and uses them to flag \
answers that contradict the model's own internal representation of the facts.

  The authors argue the probes are cheap enough — a few thousand parameters each — to run on \
every response in production.
key_concepts:
- title: Sparse probes over the residual stream
  body: >-
    Each probe reads a handful of directions in the residual stream, chosen by an L1 penalty, so that
    a reviewer can inspect what it keys on.
- title: Honesty as agreement with internal state
- title: Probe → monitor → intervene
  body: >-
    The paper sketches a pipeline where a probe's alarm routes the answer to a slower checker before
    it reaches the user.
connections:
- id: 6
  relation: influenced_by
- id: 24
  relation: influenced_by
- id: 871
  relation: influenced_by
- id: 888
  relation: influenced_by
featured: true
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The fixture pages as files, one per page, named after the constants."""
    where = tmp_path / "pages"
    where.mkdir()
    for name in ("LANTERN", "TIDEWATER", "HARBOR", "PREPAREDNESS", "NO_META", "NO_TITLE", "NO_SUMMARY"):
        (where / f"{name.lower()}.txt").write_text(getattr(pages, name), encoding="utf-8")
    return where


def test_a_page_becomes_briefing_yaml_on_stdout(brief: Run, folder: Path) -> None:
    result = brief("import", str(folder / "lantern.txt"))
    assert result.stdout == LANTERN_YAML
    assert result.stderr == (
        f"{folder / 'lantern.txt'}: warning: the key concept 'Honesty as agreement with internal state' "
        "has no body\nConverted 1 page.\n"
    )


def test_several_pages_are_yaml_documents_that_keep_their_numbers(brief: Run, folder: Path) -> None:
    names = ["lantern.txt", "tidewater.txt", "harbor.txt", "preparedness.txt"]
    result = brief("import", *(str(folder / n) for n in names))
    documents = list(yaml.safe_load_all(result.stdout))
    assert [d["id"] for d in documents] == [46, 871, 872, 24]
    tidewater, harbor = documents[1], documents[2]
    assert tidewater == {
        "id": 871,
        "title": "Tidewater — A Benchmark for Honest Answers",
        "tagline": "A question set that rewards a model for saying “I don’t know” when it should",
        "org": ["Tidewater Institute", "Northwind Labs", "Quay University"],
        "date": "2026-01",
        "category": "Safety & Alignment",
        "tags": ["Benchmark"],
        "summary": "Tidewater collects questions whose honest answer is uncertain and scores models on "
        "calibrated refusals rather than on accuracy alone.",
        "key_concepts": [
            {
                "title": "Calibrated abstention",
                "body": "A model earns credit for declining exactly the questions it would otherwise get "
                "wrong, measured against its own confidence.",
            },
            {
                "title": "Adversarial paraphrase",
                "body": "Every question appears in several phrasings, so that a model cannot pass by "
                "memorising one wording.",
            },
        ],
    }
    assert set(harbor) == {"id", "title", "org", "date", "category", "summary"}
    # Only "Influenced by" makes connections; a contradicting "Influences" is only a warning.
    assert "connections" not in harbor
    assert (
        f"{folder / 'lantern.txt'}: warning: this page says it influences 872, but the page of 872 does "
        "not list 46 under Influenced by\n"
    ) in result.stderr
    assert result.stderr.endswith("Converted 4 pages.\n")


def test_stdin_and_json(brief: Run) -> None:
    result = brief.runner.invoke(app, ["import", "-", "--json"], input=pages.HARBOR)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(b["id"], b["title"], b["org"], b["featured"]) for b in data] == [
        (872, "Harbor Notes on Deployment Audits", ["Harbor AI"], False)
    ]


def test_unreadable_pages_fail_alone_and_are_counted(brief: Run, folder: Path) -> None:
    args = [str(folder / n) for n in ("no_meta.txt", "tidewater.txt", "no_title.txt", "no_summary.txt")]
    result = brief("import", *args, str(folder / "absent.txt"), code=1)
    assert [d["id"] for d in yaml.safe_load_all(result.stdout)] == [871]
    assert result.stderr.splitlines() == [
        f"Error: {args[0]}: not an explorer page: no 'Category·Organisation·Mon YYYY' line.",
        f"Error: {args[2]}: not an explorer page: no 'N. Title' line after line 2.",
        f"Error: {args[3]}: not an explorer page: no 'Summary' section, or an empty one.",
        f"Error: {folder / 'absent.txt'}: cannot be read: No such file or directory.",
        "Converted 1 page; 4 files failed.",
    ]


def test_binary_input_is_not_a_page(brief: Run, tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    result = brief("import", str(path), code=1)
    assert result.stderr.startswith(f"Error: {path}: not an explorer page: it is not UTF-8 text.\n")


def test_out_resolves_against_the_collection(brief: Run, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported"
    last = max(b["id"] for b in json.loads(brief("list", "--json").stdout))
    names = ["lantern.txt", "tidewater.txt", "harbor.txt", "preparedness.txt", "no_meta.txt"]
    result = brief("import", *(str(folder / n) for n in names), "--out", str(out), "--json", code=1)
    report = json.loads(result.stdout)
    lantern_path = out / f"{last + 1:03d}-lantern-sparse-probes-for-model-honesty.yaml"
    assert [(r["file"], r["id"], r["status"], r["path"]) for r in report] == [
        (str(folder / "lantern.txt"), last + 1, "renumbered", str(lantern_path)),
        (
            str(folder / "tidewater.txt"),
            871,
            "written",
            str(out / "871-tidewater-a-benchmark-for-honest-answers.yaml"),
        ),
        (str(folder / "harbor.txt"), 872, "written", str(out / "872-harbor-notes-on-deployment-audits.yaml")),
        (str(folder / "preparedness.txt"), 24, "exists", None),
    ]
    assert report[0]["warnings"] == [
        "the key concept 'Honesty as agreement with internal state' has no body",
        "this page says it influences 872, but the page of 872 does not list 46 under Influenced by",
        f"number 46 belongs to another briefing: written as {last + 1}",
        "'888. A Paper Nobody Has Indexed' under Influenced by is not in the collection nor in this "
        "import: kept as 888",
    ]
    assert report[3]["warnings"] == ["already in the collection as 24"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            lantern_path.name,
            "871-tidewater-a-benchmark-for-honest-answers.yaml",
            "872-harbor-notes-on-deployment-audits.yaml",
        ]
    )
    # GPT-3 with its acronym and a month late is 6; 24 is 24; the en-dash title is this import's 871.
    lantern = yaml.safe_load(lantern_path.read_text(encoding="utf-8"))
    assert [c["id"] for c in lantern["connections"]] == [6, 24, 871, 888]
    assert result.stderr.endswith(
        "Imported 4 pages: 2 written, 1 renumbered, 1 already in the collection; 1 file failed.\n"
    )
    # What was written loads into the collection and shows the star.
    loaded = brief("load", str(out))
    assert "connection to 888, which is not in the collection" in loaded.stderr
    assert brief("show", str(last + 1)).stdout.splitlines()[1] == (
        "Models · Northwind Labs, Harbor AI · Mar 2026 · ★ featured"
    )
    again = brief("import", str(folder / "lantern.txt"), "--out", str(tmp_path / "again"))
    assert again.stdout == (
        f"{folder / 'lantern.txt'}: already in the collection as {last + 1}. "
        "Lantern: Sparse Probes for Model Honesty\n"
    )


def test_out_text_report(brief: Run, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported"
    result = brief("import", str(folder / "harbor.txt"), str(folder / "preparedness.txt"), "--out", str(out))
    assert result.stdout == (
        f"{folder / 'harbor.txt'}: written {out / '872-harbor-notes-on-deployment-audits.yaml'} "
        "(872. Harbor Notes on Deployment Audits)\n"
        f"{folder / 'preparedness.txt'}: already in the collection as 24. Preparedness Framework (Beta)\n"
    )
    assert result.stderr == "Imported 2 pages: 1 written, 0 renumbered, 1 already in the collection.\n"


def test_force_writes_a_known_page_under_a_new_number(brief: Run, folder: Path, tmp_path: Path) -> None:
    last = max(b["id"] for b in json.loads(brief("list", "--json").stdout))
    out = tmp_path / "imported"
    args = ["import", str(folder / "preparedness.txt"), "--out", str(out), "--json", "--force"]
    [entry] = json.loads(brief(*args).stdout)
    assert (entry["id"], entry["status"]) == (last + 1, "renumbered")
    assert entry["warnings"][0] == "already in the collection as 24; written again as --force asks"
    # The file exists now: without --force it is not replaced, and that page fails.
    (out / "keep.txt").write_text("mine")
    second = brief("import", str(folder / "tidewater.txt"), "--out", str(out), "--json")
    assert json.loads(second.stdout)[0]["status"] == "written"
    target = out / "871-tidewater-a-benchmark-for-honest-answers.yaml"
    target.write_text("edited by hand\n")
    third = brief("import", str(folder / "tidewater.txt"), "--out", str(out), code=1)
    assert f"Error: {folder / 'tidewater.txt'}: {target} already exists. Add --force to replace it." in (
        third.stderr
    )
    assert target.read_text() == "edited by hand\n"
    assert (out / "keep.txt").read_text() == "mine"


def test_a_renumbered_page_is_what_others_resolve_to(brief: Run, tmp_path: Path) -> None:
    # Two pages of one import both claim 46, the bundled Model Spec's number: both move, and the
    # one that cites the other points at its new number.
    first = pages.HARBOR.replace("872. Harbor", "46. Harbor")
    second = pages.TIDEWATER.replace("871. Tidewater", "46. Tidewater").replace(
        "Key Concepts", "Influenced by\n46. Harbor Notes on Deployment Audits\nMar 2026\nKey Concepts"
    )
    second = second.split("Key Concepts")[0]
    (tmp_path / "a.txt").write_text(first, encoding="utf-8")
    (tmp_path / "b.txt").write_text(second, encoding="utf-8")
    last = max(b["id"] for b in json.loads(brief("list", "--json").stdout))
    out = tmp_path / "out"
    report = json.loads(
        brief("import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(out), "--json").stdout
    )
    assert [(r["id"], r["status"]) for r in report] == [(last + 1, "renumbered"), (last + 2, "renumbered")]
    cited = yaml.safe_load(Path(report[1]["path"]).read_text(encoding="utf-8"))
    assert cited["connections"] == [{"id": last + 1, "relation": "influenced_by"}]


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        (
            "10. InstructGPT: Training language models to follow instructions with human feedback\nMar 2022",
            10,
        ),
        ("6. language models are few-shot learners (GPT-3)\nJun 2020", 6),
        ("14. Constitutional AI – Harmlessness from AI Feedback\nDec 2022", 14),
        ("19. Let’s Verify Step by Step\nMay 2023", 19),
        ("42. Preparedness Framework (Version 2)\nApr 2025", 42),
        ("6. Language Models are Few-Shot Learners\nMay 2022", None),  # two years out
        ("30. A Different Act Entirely\nJul 2024", None),
    ],
)
def test_influenced_by_titles_are_matched_loosely_but_not_blindly(
    brief: Run, tmp_path: Path, listed: str, expected: int | None
) -> None:
    page = pages.HARBOR.replace("72. Harbor", "700. Harbor") + f"\nInfluenced by\n{listed}\n"
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    [entry] = json.loads(
        brief("import", str(tmp_path / "page.txt"), "--out", str(tmp_path / "o"), "--json").stdout
    )
    written = yaml.safe_load(Path(entry["path"]).read_text(encoding="utf-8"))
    number = int(listed.split(".")[0])
    assert written["connections"] == [{"id": expected or number, "relation": "influenced_by"}]
    assert any("kept as" in w for w in entry["warnings"]) == (expected is None)


def test_a_star_alone_and_graph_labels_on_their_own_lines(brief: Run, tmp_path: Path) -> None:
    (tmp_path / "beacon.txt").write_text(pages.BEACON, encoding="utf-8")
    [data] = json.loads(brief("import", str(tmp_path / "beacon.txt"), "--json").stdout)
    assert (data["id"], data["title"], data["featured"]) == (873, "Beacon: Red-Team Drills at Scale", True)
    assert (data["category"], data["org"], data["tags"]) == (
        "Evaluation & Red Teaming",
        ["Quay University"],
        ["Research Paper", "Benchmark"],
    )
    assert [c["title"] for c in data["key_concepts"]] == ["Scripted drills"]
    assert data["connections"] == [{"id": 871, "relation": "influenced_by", "note": None}]
