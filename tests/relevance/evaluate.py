"""Relevance of `brief search` on the bundled corpus: MRR@5 and recall@5 over queries.yaml.

python -m tests.relevance.evaluate      # from the repository root: prints every query's ranks
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefcli.cli import paths
from briefcli.index.opening import open_index
from briefcli.index.search import search

QUERIES = Path(__file__).with_name("queries.yaml")
CUTOFF = 5


@dataclass
class Outcome:
    query: str
    kind: str
    expect: list[int]
    got: list[int]

    @property
    def reciprocal_rank(self) -> float:
        for rank, number in enumerate(self.got[:CUTOFF], 1):
            if number in self.expect:
                return 1 / rank
        return 0.0

    @property
    def recall(self) -> float:
        wanted = min(len(self.expect), CUTOFF)
        return len(set(self.got[:CUTOFF]) & set(self.expect)) / wanted


def evaluate() -> list[Outcome]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_index(Path(folder) / "index.db", paths.bundled_corpus())
        outcomes = [
            Outcome(
                item["query"],
                item["kind"],
                item["expect"],
                [hit.ref.id for hit in search(store, item["query"], limit=CUTOFF).hits],
            )
            for item in yaml.safe_load(QUERIES.read_text())
        ]
        store.close()
    return outcomes


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def report(outcomes: list[Outcome]) -> str:
    lines = [f"{'query':36} {'kind':8} {'expect':14} top {CUTOFF}"]
    for o in outcomes:
        mark = " " if o.reciprocal_rank == 1 else "*"
        lines.append(f"{mark}{o.query[:35]:35} {o.kind:8} {str(o.expect):14} {o.got}")
    first = sum(o.reciprocal_rank == 1 for o in outcomes)
    lines.append(
        f"{len(outcomes)} queries: MRR@{CUTOFF} {mean([o.reciprocal_rank for o in outcomes]):.3f}, "
        f"recall@{CUTOFF} {mean([o.recall for o in outcomes]):.3f}, "
        f"intended briefing first {first}/{len(outcomes)}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(evaluate()))
