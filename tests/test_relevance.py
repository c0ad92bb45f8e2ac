"""Search relevance on the bundled corpus: the suite in tests/relevance must stay above MRR@5 = 0.9."""

from __future__ import annotations

from tests.relevance.evaluate import evaluate, mean, report

THRESHOLD = 0.9


def test_relevance_suite_meets_the_bar() -> None:
    outcomes = evaluate()
    assert len(outcomes) >= 40
    mrr = mean([o.reciprocal_rank for o in outcomes])
    assert mrr >= THRESHOLD, report(outcomes)


def test_every_kind_of_query_is_represented() -> None:
    kinds = {o.kind for o in evaluate()}
    assert kinds >= {"title", "alias", "typo", "prefix", "phrase", "concept", "org", "number"}
