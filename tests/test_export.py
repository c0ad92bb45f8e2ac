"""brief export: each format read back by a real parser, and the two round trips on the corpus."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pybtex.database
import pytest
import yaml
from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string
from tests.conftest import Run, briefing_yaml

Write = Callable[..., Path]


def listed(brief: Run, *args: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(brief("list", "--json", *args).stdout)
    return data


def shown(brief: Run, number: int, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(brief("show", str(number), "--json", *args).stdout)
    return data


def without_source(data: Any) -> Any:
    if isinstance(data, list):
        return [without_source(item) for item in data]
    return {k: v for k, v in data.items() if k != "source"}


# -- json, jsonl, csv --------------------------------------------------------------------------


def test_json_is_the_list_of_show_objects(brief: Run) -> None:
    exported = json.loads(brief("export", "--format", "json", "--category", "strategy").stdout)
    numbers = [b["id"] for b in listed(brief, "--category", "strategy")]
    assert [b["id"] for b in exported] == numbers
    assert exported == [shown(brief, n) for n in numbers]


def test_jsonl_is_one_object_a_line(brief: Run) -> None:
    lines = brief("export", "--format", "jsonl", "--since", "2025-09").stdout.splitlines()
    assert [json.loads(line) for line in lines] == [
        shown(brief, b["id"]) for b in listed(brief, "--since", "2025-09")
    ]


def test_csv_opens_in_a_spreadsheet(brief: Run, isolated: Path) -> None:
    out = isolated / "briefings.csv"
    result = brief("export", "--format", "csv", "--out", str(out))
    assert result.stdout == ""
    assert result.stderr == f"Wrote {len(listed(brief))} briefings to {out}.\n"
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that tells a spreadsheet the file is UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(listed(brief))
    row = next(r for r in rows if r["id"] == "46")
    assert {k: row[k] for k in ("title", "org", "date", "category", "tags", "aliases", "influenced_by")} == {
        "title": "OpenAI Model Spec",
        "org": "OpenAI",
        "date": "2025-12",
        "category": "Strategy & Governance",
        "tags": "Policy",
        "aliases": "Model Spec; OpenAI Spec",
        "influenced_by": "24",
    }
    first = next(r for r in rows if r["id"] == "1")
    assert first["org"] == "Google Brain; OpenAI; Stanford; UC Berkeley"
    assert "Mané" in first["summary"]
    assert row["key_concepts"].count("; ") == 2
    assert "46" in next(r for r in rows if r["id"] == "24")["influences"].split("; ")


def test_csv_on_stdout_has_no_bom_and_a_header(brief: Run) -> None:
    out = brief("export", "--format", "csv", "--tag", "policy").stdout
    assert out.startswith("id,title,tagline,org,date,category,tags,arxiv,links,aliases,summary,")


# -- markdown ----------------------------------------------------------------------------------


def test_markdown_links_only_to_anchors_it_has(brief: Run) -> None:
    whole = brief("export", "--format", "markdown").stdout
    anchors = set(re.findall(r'<a id="(briefing-\d+)"></a>', whole))
    assert len(anchors) == len(listed(brief))
    links = re.findall(r"\]\(#([^)]+)\)", whole)
    assert links and set(links) <= anchors
    assert "## 46. OpenAI Model Spec\n\n*Strategy & Governance · OpenAI · Dec 2025*" in whole
    assert "- [24. Preparedness Framework (Beta)](#briefing-24) (Dec 2023) — " in whole
    part = brief("export", "--format", "markdown", "--since", "2025-12", "--until", "2025-12").stdout
    assert "- 24. Preparedness Framework (Beta) (Dec 2023, not in this document) — " in part
    assert re.findall(r"\]\(#([^)]+)\)", part) == ["briefing-46"]  # the contents line only


def test_markdown_escapes_user_text(brief: Run, write: Write) -> None:
    brief("load", str(write("901-a.yaml", briefing_yaml(901, title="'[bold]x *not* <b>'"))))
    out = brief("export", "--format", "markdown", "--org", "Fixture").stdout
    assert "## 901. \\[bold\\]x \\*not\\* \\<b\\>\n" in out


# -- bibtex ------------------------------------------------------------------------------------


def test_bibtex_parses_with_bibtexparser_and_pybtex(brief: Run) -> None:
    text = brief("export", "--format", "bibtex").stdout
    briefings = listed(brief)
    library = parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [f"brief{b['id']:03d}" for b in briefings]
    by_key = {e.key: e for e in library.entries}
    for b in briefings:  # titles survive the encoding and the braces that protect capitals
        assert by_key[f"brief{b['id']:03d}"]["title"] == b["title"]
    spec = by_key["brief046"]
    assert spec.entry_type == "techreport"
    assert (spec["institution"], spec["year"], spec["month"], spec["url"]) == (
        "OpenAI",
        "2025",
        "dec",
        "https://model-spec.openai.com/",
    )
    paper = next(b for b in briefings if b["id"] == 6)
    gpt3 = by_key["brief006"]
    assert gpt3.entry_type == "misc"
    assert (gpt3["eprint"], gpt3["archivePrefix"], gpt3["url"]) == (
        paper["arxiv"],
        "arXiv",
        f"https://arxiv.org/abs/{paper['arxiv']}",
    )
    parsed = pybtex.database.parse_string(text, "bibtex")
    assert list(parsed.entries) == [e.key for e in library.entries]
    assert parsed.entries["brief046"].fields["month"] == "December"  # the month macro was understood
    assert [str(p) for p in parsed.entries["brief001"].persons["author"]] == [
        "{Google Brain}",
        "{OpenAI}",
        "{Stanford}",
        "{UC Berkeley}",
    ]


def test_bibtex_protects_capitals_and_special_characters(brief: Run, write: Write) -> None:
    title = "Émigré {braces} & 100% of $cost_x #1 ~tilde [GPT-3] C++ 🚀"
    extra = "arxiv: hep-th/9901001\n"
    brief("load", str(write("901-a.yaml", briefing_yaml(901, title=f'"{title}"', extra=extra))))
    text = brief("export", "--format", "bibtex", "--org", "Fixture").stdout
    assert "{[GPT-3]}" in text and "{C++}" in text and "\\&" in text and "\\%" in text
    assert "primaryClass = {hep-th}" in text
    [entry] = parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()]).entries
    assert entry["title"] == title
    assert entry["author"] == "Fixture Lab"
    pybtex_entry = pybtex.database.parse_string(text, "bibtex").entries["brief901"]
    assert pybtex_entry.fields["eprint"] == "hep-th/9901001"


def test_bibtex_keys_are_stable_across_exports(brief: Run, write: Write) -> None:
    before = re.findall(r"^@\w+\{(\w+),", brief("export", "-f", "bibtex").stdout, re.M)
    brief("load", str(write("900-a.yaml", briefing_yaml(900))))
    after = re.findall(r"^@\w+\{(\w+),", brief("export", "-f", "bibtex").stdout, re.M)
    assert after == [*before, "brief900"]
    assert len(set(after)) == len(after)


# -- yaml and its round trip -------------------------------------------------------------------


def test_yaml_round_trip_through_an_index_of_only_those_files(brief: Run, isolated: Path) -> None:
    out = isolated / "own"
    result = brief("export", "--format", "yaml", "--out", str(out))
    count = len(listed(brief))
    assert result.stderr == f"Wrote {count} files to {out}.\n"
    assert (out / "046-openai-model-spec.yaml").is_file()
    for path in out.glob("*.yaml"):  # any YAML parser reads them
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)
    other = str(isolated / "own.db")
    brief("load", "--rebuild", "--no-bundled", str(out), "--db", other)
    assert without_source(listed(brief, "--db", other)) == without_source(listed(brief))
    for b in listed(brief):
        assert without_source(shown(brief, b["id"], "--db", other)) == without_source(shown(brief, b["id"]))
    assert listed(brief, "--db", other)[0]["source"].startswith(str(out))


def test_yaml_keeps_every_field_of_a_briefing(brief: Run, write: Write, isolated: Path) -> None:
    extra = (
        "arxiv: '2401.00001'\nlinks:\n  - {label: Paper, url: 'https://example.org/a?b=1#c'}\n"
        "aliases: ['NO', '0755']\nfeatured: true\n"
        "connections:\n  - id: 901\n    relation: related\n  - id: 901\n    note: 'yes: a note'\n"
    )
    write("901-a.yaml", briefing_yaml(901, title="'No: a title with: colons'"))
    brief("load", str(write("902-b.yaml", briefing_yaml(902, date="2024-01-31", extra=extra)).parent))
    out = isolated / "out"
    brief("export", "-f", "yaml", "--org", "Fixture", "--out", str(out))
    other = str(isolated / "b.db")
    brief("load", "--rebuild", "--no-bundled", str(out), "--db", other)
    for number in (901, 902):
        assert without_source(shown(brief, number, "--db", other)) == without_source(shown(brief, number))
    assert shown(brief, 902, "--db", other)["aliases"] == ["NO", "0755"]
    assert shown(brief, 902, "--db", other)["featured"] is True


# -- obsidian ----------------------------------------------------------------------------------


def test_obsidian_vault_links_resolve_and_front_matter_parses(brief: Run, isolated: Path) -> None:
    vault = isolated / "vault"
    brief("export", "--format", "obsidian", "--out", str(vault))
    notes = {p.stem: p.read_text(encoding="utf-8") for p in vault.glob("*.md")}
    assert len(notes) == len(listed(brief)) + 1 and "Index" in notes
    links = [
        target for text in notes.values() for target in re.findall(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]", text)
    ]
    assert links and set(links) <= set(notes)
    spec = notes["046 OpenAI Model Spec"]
    front = yaml.safe_load(spec.split("---\n")[1])
    assert front == {
        "id": 46,
        "title": "OpenAI Model Spec",
        "date": "2025-12",
        "category": "Strategy & Governance",
        "org": ["OpenAI"],
        "tags": ["Policy"],
        "aliases": ["Model Spec", "OpenAI Spec"],
        "arxiv": None,
        "url": "https://model-spec.openai.com/",
    }
    assert (
        "## Influenced by\n\n- [[024 Preparedness Framework (Beta)|24. Preparedness Framework (Beta)]] — "
        in spec
    )
    assert "[[046 OpenAI Model Spec|46. OpenAI Model Spec]]" in notes["024 Preparedness Framework (Beta)"]
    for text in notes.values():
        if text.startswith("---\n"):
            tags = yaml.safe_load(text.split("---\n")[1])["tags"]
            assert all(" " not in t and not t.isdigit() for t in tags)


def test_obsidian_names_and_tags_are_made_safe(brief: Run, write: Write, isolated: Path) -> None:
    extra = "featured: true\n"
    text = briefing_yaml(901, title='"What? A/B: tests | [notes] #1"', extra=extra).replace(
        "tags: [Evaluations]", "tags: [Red Teaming, '2025', C&C]"
    )
    brief("load", str(write("901-a.yaml", text)))
    vault = isolated / "vault"
    brief("export", "-f", "obsidian", "--org", "Fixture", "--out", str(vault))
    assert sorted(p.name for p in vault.iterdir()) == [
        ".brief-export.json",
        "901 What A B tests notes 1.md",
        "Index.md",
    ]
    note = (vault / "901 What A B tests notes 1.md").read_text(encoding="utf-8")
    front = yaml.safe_load(note.split("---\n")[1])
    assert front["tags"] == ["Red-Teaming", "tag-2025", "C-C"]
    assert front["featured"] is True
    index = (vault / "Index.md").read_text(encoding="utf-8")
    assert "- [[901 What A B tests notes 1|901. What? A/B: tests   notes  #1]] (Jan 2024)" not in index
    assert "[[901 What A B tests notes 1|901. What? A/B: tests notes #1]]" in index


# -- explorer and its round trip ---------------------------------------------------------------


def test_explorer_pages_import_back_to_the_same_fields(brief: Run, isolated: Path) -> None:
    pages = isolated / "pages"
    brief("export", "--format", "explorer", "--out", str(pages))
    files = sorted(pages.glob("*.txt"))
    assert len(files) == len(listed(brief))
    imported = {b["id"]: b for b in json.loads(brief("import", *map(str, files), "--json").stdout)}
    for b in listed(brief):
        original, back = shown(brief, b["id"]), imported[b["id"]]
        for field in ("title", "date", "category", "org", "tagline", "tags", "summary", "featured"):
            if field == "org" and any("," in org for org in original["org"]):
                # The page joins organisations with commas, so a name holding one (52, 70, 92, 114,
                # 122) comes back split; the text of the meta line must still be the same.
                assert ", ".join(back["org"]) == ", ".join(original["org"]), b["id"]
            else:
                assert back[field] == original[field], (b["id"], field)
        assert [(c["title"], c["body"]) for c in back["key_concepts"]] == [
            (c["title"], c["body"]) for c in original["key_concepts"]
        ], b["id"]
        assert [c["id"] for c in back["connections"]] == [c["id"] for c in original["influenced_by"]]


def test_an_explorer_page_reads_like_the_explorer(brief: Run, isolated: Path) -> None:
    pages = isolated / "pages"
    brief("export", "-f", "explorer", "--since", "2025-12", "--out", str(pages))
    text = (pages / "046-openai-model-spec.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:4] == [
        "← Back to Explorer",
        "Strategy & Governance·OpenAI·Dec 2025",
        "",
        "46. OpenAI Model Spec",
    ]
    assert text.endswith("Influenced by\n24. Preparedness Framework (Beta)\nDec 2023\n")


def test_the_star_survives_the_explorer_round_trip(brief: Run, write: Write, isolated: Path) -> None:
    brief("load", str(write("901-a.yaml", briefing_yaml(901, connections=[46], extra="featured: true\n"))))
    pages = isolated / "pages"
    brief("export", "-f", "explorer", "--org", "Fixture", "--out", str(pages))
    text = (pages / "901-a.txt").read_text(encoding="utf-8")
    assert "\n★901. Fixture briefing 901\n" in text
    [back] = json.loads(brief("import", str(pages / "901-a.txt"), "--json").stdout)
    assert back["featured"] is True and back["connections"][0]["id"] == 46


# -- errors and safety -------------------------------------------------------------------------


def test_an_unknown_format_is_a_usage_error_naming_the_formats(brief: Run) -> None:
    result = brief("export", "--format", "docx", code=2)
    for name in ("json", "jsonl", "csv", "markdown", "bibtex", "yaml", "obsidian", "explorer"):
        assert name in result.stderr


@pytest.mark.parametrize("form", ["yaml", "obsidian", "explorer"])
def test_directory_formats_need_out(brief: Run, form: str) -> None:
    result = brief("export", "--format", form, code=2)
    assert (
        result.stderr
        == f"Error: --format {form} writes one file per briefing: give the directory with --out.\n"
        "Try 'brief export -h' for help.\n"
    )


def test_a_non_empty_directory_is_refused_and_force_deletes_only_our_files(
    brief: Run, isolated: Path
) -> None:
    out = isolated / "out"
    out.mkdir()
    (out / "mine.txt").write_text("my own notes")
    result = brief("export", "-f", "yaml", "--out", str(out), code=1)
    assert result.stderr == (
        f"Error: {out} is not empty. Add --force to write into it: files of the same name are replaced, "
        "and brief deletes no file it did not write.\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    brief("export", "-f", "yaml", "--out", str(out), "--force")
    count = len(listed(brief))
    assert len(list(out.glob("*.yaml"))) == count
    # Export fewer: files of the last export that are gone are removed unless edited since.
    edited = out / "045-sb-53-frontier-ai-transparency.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# my note\n", encoding="utf-8")
    result = brief(
        "export", "-f", "yaml", "--since", "2025-12", "--until", "2025-12", "--out", str(out), "--force"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        ".brief-export.json",
        edited.name,
        "046-openai-model-spec.yaml",
        "mine.txt",
    ]
    assert result.stderr == (
        f"Wrote 1 file to {out}; removed {count - 2} files of the previous export.\n"
        f"Kept {edited.name}: written by an earlier export, but edited since.\n"
    )


def test_an_existing_file_is_replaced_only_with_force(brief: Run, isolated: Path) -> None:
    out = isolated / "refs.bib"
    out.write_text("@misc{mine, title={Mine}}\n")
    result = brief("export", "-f", "bibtex", "--out", str(out), code=1)
    assert result.stderr == f"Error: {out} already exists. Add --force to replace it.\n"
    assert out.read_text() == "@misc{mine, title={Mine}}\n"
    brief("export", "-f", "bibtex", "--out", str(out), "--force")
    assert out.read_text().startswith("@misc{brief001,")
    result = brief("export", "-f", "csv", "--out", str(isolated), code=1)
    assert result.stderr == f"Error: {isolated} is a directory: give a file name to --out.\n"


def test_an_empty_selection_exports_nothing_but_valid_files(brief: Run) -> None:
    assert json.loads(brief("export", "-f", "json", "--org", "nobody at all").stdout) == []
    assert brief("export", "-f", "jsonl", "--org", "nobody at all").stdout == ""
    assert brief("export", "-f", "bibtex", "--org", "nobody at all").stdout.strip() == ""


def drawn_on_a_terminal(command: list[str]) -> tuple[int, bytes]:
    """Run a command with stderr on a pseudo-terminal; its exit code and what it drew there."""
    main, secondary = pty.openpty()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=secondary, env=os.environ)
    os.close(secondary)
    seen = b""
    while True:  # read as it draws, so that a full terminal buffer never blocks the child
        if select.select([main], [], [], 0.1)[0]:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed its end
                chunk = b""
            if not chunk and child.poll() is not None:
                break
            seen += chunk
        elif child.poll() is not None:
            break
    os.close(main)
    return child.wait(timeout=120), seen


def test_a_large_export_shows_progress_on_a_terminal(brief: Run, write: Write, isolated: Path) -> None:
    for number in range(1000, 1600):
        write(f"{number}-b.yaml", briefing_yaml(number))
    brief("load", "--rebuild", "--no-bundled", str(isolated / "notes"))
    for form, label in (("yaml", b"Writing files"), ("bibtex", b"Exporting briefings")):
        out = isolated / f"export-{form}"
        code, seen = drawn_on_a_terminal(
            [sys.executable, "-m", "briefcli", "export", "-f", form, "--out", str(out)]
        )
        assert code == 0
        assert label in seen
    assert len(list((isolated / "export-yaml").glob("*.yaml"))) == 600
    # In a pipe, the same export says only what it wrote.
    result = brief("export", "-f", "yaml", "--out", str(isolated / "piped"))
    assert result.stderr == f"Wrote 600 files to {isolated / 'piped'}.\n"
