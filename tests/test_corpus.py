"""The bundled corpus: verified facts, house style, and a sound influence graph."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from briefcli.cli import paths
from briefcli.core.graph import cycles
from briefcli.core.models import INFLUENCED_BY, Briefing, Month
from briefcli.sources import loader

ROOT = Path(__file__).resolve().parents[1]
FACTS = {
    int(row["no"]): row
    for row in csv.DictReader((ROOT / "tests" / "data" / "corpus_facts.tsv").open(), delimiter="\t")
}
VOCABULARY = set(
    re.findall(r"`([^`]+)`", (ROOT / "docs" / "corpus.md").read_text().split("Tags: ", 1)[1].split("\n\n")[0])
)


def load_corpus() -> dict[int, Briefing]:
    briefings = {}
    for path in loader.discover([paths.bundled_corpus()]):
        briefing, problems = loader.parse(str(path), path.read_bytes())
        assert problems == [], problems
        assert briefing is not None
        briefings[briefing.id] = briefing
    return briefings


CORPUS = load_corpus()


def test_forty_six_briefings_numbered_one_to_forty_six() -> None:
    assert sorted(CORPUS) == list(range(1, 47))
    for number, briefing in CORPUS.items():
        assert Path(briefing.source or "").name.startswith(f"{number:03d}-")


@pytest.mark.parametrize("number", sorted(FACTS))
def test_facts_match_the_verified_table(number: int) -> None:
    facts, briefing = FACTS[number], CORPUS[number]
    assert briefing.title == facts["title"]
    assert str(briefing.date) == facts["month"]
    assert "; ".join(briefing.org) == facts["org"]
    assert briefing.category == facts["category"]
    assert (briefing.arxiv or "") == facts["arxiv"]
    assert facts["url"] in [link.url for link in briefing.links]


def test_numbers_are_chronological() -> None:
    months = [CORPUS[n].date for n in sorted(CORPUS)]
    assert months == sorted(months)


def test_reference_briefings_24_and_46() -> None:
    spec, preparedness = CORPUS[46], CORPUS[24]
    assert [(c.target, c.relation) for c in spec.connections] == [(24, INFLUENCED_BY)]
    assert spec.tags == ("Policy",)
    assert (spec.date, preparedness.date) == (Month(2025, 12), Month(2023, 12))


@pytest.mark.parametrize("number", sorted(FACTS))
def test_house_style(number: int) -> None:
    b = CORPUS[number]
    assert 0 < len(b.tagline) <= 120 and "\n" not in b.tagline
    assert 60 <= len(b.summary.split()) <= 160
    assert len(b.key_concepts) == 3
    for concept in b.key_concepts:
        assert len(concept.title) <= 80
        assert 30 <= len(concept.body.split()) <= 90
    assert 1 <= len(b.tags) <= 5 and set(b.tags) <= VOCABULARY, set(b.tags) - VOCABULARY
    assert all(connection.note for connection in b.connections)


def test_connections_point_back_in_time_and_resolve() -> None:
    for b in CORPUS.values():
        for connection in b.connections:
            target = CORPUS[connection.target]
            assert target.id < b.id and target.date <= b.date, (b.id, target.id)


def test_the_influence_graph_is_acyclic_connected_and_dense_enough() -> None:
    def upstream(number: int) -> list[int]:
        return [c.target for c in CORPUS[number].connections if c.relation == INFLUENCED_BY]

    assert cycles(sorted(CORPUS), upstream) == []
    touched = {n for n in CORPUS if CORPUS[n].connections}
    touched |= {c.target for b in CORPUS.values() for c in b.connections}
    assert touched == set(CORPUS), set(CORPUS) - touched
    for number in sorted(CORPUS)[2:]:
        assert upstream(number), f"{number} has no influenced_by connection"
    edges = sum(len(upstream(n)) for n in CORPUS)
    assert edges / len(CORPUS) >= 1.5
