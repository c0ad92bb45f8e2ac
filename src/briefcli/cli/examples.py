"""Help epilogs: two or three real examples for each command, and the panels of the top-level help.

Imported by app.py only, so only a Typer run (help, completion, usage errors) pays for it;
tests/test_help.py runs every example.
"""

from __future__ import annotations

READING = "Reading"
GRAPH = "The influence graph"
COLLECTION = "The collection"
INTERCHANGE = "Interchange"

EXAMPLES = {
    "list": [
        "brief list --category governance --since 2024",
        "brief list --org anthropic --sort date",
        "brief list --tag interpretability --json",
    ],
    "show": [
        "brief show 46",
        'brief show "model spec"',
        "brief show gpt4 --json",
    ],
    "search": [
        "brief search reward hacking",
        "brief search constitutonal --limit 3",
        "brief search scaling --org openai --since 2022",
    ],
    "trace": [
        "brief trace 46",
        "brief trace 2 --downstream --depth 2",
        "brief trace 24 --both --format mermaid",
    ],
    "path": [
        "brief path 46 2",
        "brief path 46 21 --json",
        "brief path 45 16 --any-direction",
    ],
    "top": [
        "brief top",
        "brief top --limit 3",
        "brief top --json",
    ],
    "graph": [
        "brief graph --format dot",
        "brief graph 46 --depth 1 --format mermaid",
        "brief graph --format svg --out graph.svg",
    ],
    "load": [
        "brief load ~/notes/briefings",
        "brief load --rebuild",
        "brief load ~/notes/briefings --json",
    ],
    "roots": [
        "brief roots",
        "brief roots --json",
    ],
    "unload": [
        "brief unload ~/notes/briefings",
        "brief --db ~/team.db unload ~/notes/briefings",
    ],
    "new": [
        'brief new --title "Sleeper Agents"',
        "brief new --from 46 --no-edit",
        "brief new --dir ~/notes/briefings --title Draft --no-edit",
    ],
    "edit": [
        "brief edit 901",
        "brief --db ~/team.db edit 901",
    ],
    "open": [
        "brief open 46",
        "brief open gpt-3 --print",
    ],
    "validate": [
        "brief validate",
        "brief validate --strict",
        "brief validate ~/notes/briefings --json",
    ],
    "doctor": [
        "brief doctor",
        "brief doctor --json",
    ],
}


def epilog(command: str) -> str:
    """The examples of `command` as a help epilog: one paragraph each, as Typer lays them out."""
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in EXAMPLES[command])
