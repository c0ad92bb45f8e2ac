"""Search ranking rules, each on briefings written to exercise it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, briefing_yaml


def ids(brief: Run, *query: str) -> list[int]:
    return [hit["id"] for hit in json.loads(brief("search", *query, "--json").stdout)]


def load(brief: Run, write: Callable[..., Path], isolated: Path, **taglines: str) -> None:
    for name, tagline in taglines.items():
        number = int(name[1:])
        text = briefing_yaml(number).replace("tagline: A fixture for tests", f"tagline: {tagline}")
        write(f"{number}-x.yaml", text)
    brief("load", str(isolated / "notes"))


def test_a_phrase_ranks_above_scattered_words_in_the_same_field(
    brief: Run, write: Callable[..., Path], isolated: Path
) -> None:
    load(
        brief,
        write,
        isolated,
        n901="quokka, zebra",  # both words, out of order, in a short field: bm25 prefers it
        n902="what one sees on the plain at dawn is every zebra quokka pairing there is",  # the phrase
    )
    assert ids(brief, "zebra", "quokka")[:2] == [902, 901]


def test_a_title_ranks_above_summary_mentions(brief: Run, write: Callable[..., Path], isolated: Path) -> None:
    write("901-x.yaml", briefing_yaml(901).replace("exists to", "exists, zebra quokka zebra quokka, to"))
    write("902-x.yaml", briefing_yaml(902, "Zebra Quokka Studies"))
    brief("load", str(isolated / "notes"))
    assert ids(brief, "zebra", "quokka") == [902, 901]


def test_one_letter_is_not_a_prefix_and_cpp_matches_only_cpp(
    brief: Run, write: Callable[..., Path], isolated: Path
) -> None:
    load(
        brief,
        write,
        isolated,
        n901="a compiler written in C++ for speed",
        n902="caches, compilers and C code",
    )
    assert ids(brief, "C++") == [901]
    assert ids(brief, "c++", "compiler") == [901]
    assert 902 in ids(brief, "c")  # the letter on its own still matches the word "C"
    assert ids(brief, "C#") == []
    result = brief("search", "C++", "-n", "20")
    assert result.stdout.splitlines()[0].startswith("901\t")


def test_show_resolves_what_search_finds_in_a_title_or_alias(brief: Run) -> None:
    assert brief("show", "gpt4").stdout.startswith("16. GPT-4 Technical Report\n")
    assert brief("show", "sb53").stdout.startswith("45. Transparency in Frontier Artificial Intelligence")
    ambiguous = brief("show", "preparedness", code=1).stderr
    assert ambiguous.startswith("Error: 'preparedness' matches more than one briefing: 24. Preparedness")


def test_did_you_mean_lists_only_plausible_candidates(brief: Run) -> None:
    assert brief("show", "xyzzy", code=1).stderr == (
        "Error: No briefing 'xyzzy'. No close match; try: brief search xyzzy\n"
    )
    assert brief("show", "gan", code=1).stderr.startswith("Error: No briefing 'gan'. No close match")
    assert brief("show", "chain of thougt", code=1).stderr == (
        "Error: No briefing 'chain of thougt'. Did you mean 9. Chain-of-Thought Prompting Elicits Reasoning "
        "in Large Language Models; 44. Chain of Thought Monitorability: A New and Fragile Opportunity for "
        "AI Safety?\n"
    )
