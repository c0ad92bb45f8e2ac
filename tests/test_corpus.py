"""The bundled corpus: verified facts, house style, numbering, and a sound influence graph.

Briefings 1-46 are checked against tests/data/corpus_facts.tsv and the additions (47 onward)
against tests/data/corpus_next_facts.tsv. Both tables have the columns no, month, org, category,
arxiv, url and title; `org` is the briefing's organisations joined with "; ".
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from briefcli.cli import paths
from briefcli.core.graph import cycles
from briefcli.core.models import INFLUENCED_BY, Briefing, Month
from briefcli.sources import loader

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
FIRST_SERIES = 46  # briefings 1-46, numbered in date order before the additions began


def read_facts(name: str) -> dict[int, dict[str, str]]:
    with (DATA / name).open(newline="") as table:
        return {int(row["no"]): row for row in csv.DictReader(table, delimiter="\t")}


FACTS = read_facts("corpus_facts.tsv")
NEXT_FACTS = read_facts("corpus_next_facts.tsv")
ALL_FACTS = {**FACTS, **NEXT_FACTS}
VOCABULARY = set(
    re.findall(r"`([^`]+)`", (ROOT / "docs" / "corpus.md").read_text().split("Tags: ", 1)[1].split("\n\n")[0])
)
CATEGORIES = (
    "Foundations & Scaling",
    "Alignment & Safety",
    "Interpretability",
    "Reasoning & Agents",
    "Evaluation & Red Teaming",
    "Strategy & Governance",
)


def load_corpus() -> dict[int, Briefing]:
    briefings = {}
    for path in loader.discover([paths.bundled_corpus()]):
        briefing, problems = loader.parse(str(path), path.read_bytes())
        assert problems == [], problems
        assert briefing is not None
        assert briefing.id not in briefings, f"{briefing.id} is used twice"
        briefings[briefing.id] = briefing
    return briefings


CORPUS = load_corpus()


def upstream(number: int) -> list[int]:
    return [c.target for c in CORPUS[number].connections if c.relation == INFLUENCED_BY]


# Facts and numbering


def test_the_two_tables_divide_the_numbers_between_them() -> None:
    assert sorted(FACTS) == list(range(1, FIRST_SERIES + 1))
    assert sorted(NEXT_FACTS) == list(range(FIRST_SERIES + 1, FIRST_SERIES + 1 + len(NEXT_FACTS)))


def test_one_briefing_for_every_row_of_the_facts_tables() -> None:
    assert len(CORPUS) == len(ALL_FACTS) == 135
    assert sorted(CORPUS) == sorted(ALL_FACTS)


def test_file_names_start_with_the_number() -> None:
    for number, briefing in CORPUS.items():
        name = Path(briefing.source or "").name
        assert re.fullmatch(rf"{number:03d}-[a-z0-9]+(-[a-z0-9]+)*\.yaml", name), name


@pytest.mark.parametrize("number", sorted(ALL_FACTS))
def test_facts_match_the_verified_table(number: int) -> None:
    facts, briefing = ALL_FACTS[number], CORPUS[number]
    assert briefing.title == facts["title"]
    assert str(briefing.date) == facts["month"]
    assert "; ".join(briefing.org) == facts["org"]
    assert briefing.category == facts["category"]
    assert (briefing.arxiv or "") == facts["arxiv"]
    assert briefing.links and briefing.links[0].url == facts["url"]


def test_the_first_series_is_in_date_order() -> None:
    months = [CORPUS[n].date for n in sorted(CORPUS) if n <= FIRST_SERIES]
    assert months == sorted(months)


def test_the_additions_are_in_date_order_among_themselves() -> None:
    months = [CORPUS[n].date for n in sorted(CORPUS) if n > FIRST_SERIES]
    assert months == sorted(months)


def test_reference_briefings_24_and_46() -> None:
    spec, preparedness = CORPUS[46], CORPUS[24]
    assert upstream(46) == [24]
    assert spec.tags == ("Policy",)
    assert (spec.date, preparedness.date) == (Month(2025, 12), Month(2023, 12))


# House style (docs/corpus.md)


@pytest.mark.parametrize("number", sorted(ALL_FACTS))
def test_house_style(number: int) -> None:
    b = CORPUS[number]
    assert 0 < len(b.tagline) <= 120 and "\n" not in b.tagline, len(b.tagline)
    assert 60 <= len(b.summary.split()) <= 160, len(b.summary.split())
    assert len(b.key_concepts) == 3
    for concept in b.key_concepts:
        assert 0 < len(concept.title) <= 80, concept.title
        assert 30 <= len(concept.body.split()) <= 90, (concept.title, len(concept.body.split()))
    assert 1 <= len(b.tags) <= 5 and set(b.tags) <= VOCABULARY, set(b.tags) - VOCABULARY
    assert all(connection.note and "\n" not in connection.note for connection in b.connections)
    assert len(upstream(number)) == len(set(upstream(number)))


@pytest.mark.parametrize("number", sorted(ALL_FACTS))
def test_arxiv_papers_link_to_arxiv_first(number: int) -> None:
    b = CORPUS[number]
    if b.arxiv:
        assert b.links[0].url == f"https://arxiv.org/abs/{b.arxiv}"
        assert b.links[0].label == "arXiv"


def test_every_category_has_at_least_twelve_briefings() -> None:
    counts = Counter(b.category for b in CORPUS.values())
    assert set(counts) == set(CATEGORIES), set(counts) ^ set(CATEGORIES)
    assert min(counts.values()) >= 12, counts


# The influence graph


def test_every_connection_resolves_and_points_back_in_time() -> None:
    for b in CORPUS.values():
        for connection in b.connections:
            assert connection.target in CORPUS, (b.id, connection.target)
            assert connection.target != b.id
            target = CORPUS[connection.target]
            assert target.date <= b.date, (b.id, str(b.date), target.id, str(target.date))


def test_the_influence_graph_is_acyclic() -> None:
    assert cycles(sorted(CORPUS), upstream) == []


def test_nothing_is_left_unconnected() -> None:
    touched = {n for n in CORPUS if CORPUS[n].connections}
    touched |= {c.target for b in CORPUS.values() for c in b.connections}
    assert touched == set(CORPUS), sorted(set(CORPUS) - touched)


def test_the_influence_graph_is_dense_enough() -> None:
    edges = sum(len(upstream(n)) for n in CORPUS)
    assert edges / len(CORPUS) >= 1.8, f"{edges} influenced_by links for {len(CORPUS)} briefings"


def test_few_briefings_have_no_upstream_link() -> None:
    roots = [n for n in sorted(CORPUS) if not upstream(n)]
    assert len(roots) <= 8, roots
