# ruff: noqa: E501 - a page holds each paragraph on one line, however long
"""Explorer pages written for the tests, in the project's own words, about invented documents.

Between them they cover every variation real pages show: site chrome above the back link,
categories outside the bundled six, two or three key concepts, a concept heading with no body,
several organisations joined by commas or "&", typographic arrows, dashes and quotes, missing
sections, the featured star, and "Influenced by" entries that need forgiving title matches.
"""

from __future__ import annotations

# Featured, behind some site chrome; number 46 is the bundled OpenAI Model Spec, so against the
# collection it must be renumbered. Three concepts, the second a heading alone. Its "Influenced
# by" names GPT-3 with the acronym added and a month late, the bundled 24, a page of this import
# (with an en dash where that page has an em dash), and a paper nobody has.
LANTERN = """\
Fixture Site
Home · Papers · About
Terms · Privacy

← Back to Explorer
Models·Northwind Labs & Harbor AI·Mar 2026

★46. Lantern: Sparse Probes for Model Honesty

Reading a model's hidden state to tell when its answer departs from what it represents

Research Paper
Summary

Lantern trains small linear probes on the activations of a chat model and uses them to flag answers that contradict the model's own internal representation of the facts.

The authors argue the probes are cheap enough — a few thousand parameters each — to run on every response in production.

Key Concepts

Sparse probes over the residual stream

Each probe reads a handful of directions in the residual stream, chosen by an L1 penalty, so that a reviewer can inspect what it keys on.
Honesty as agreement with internal state
Probe → monitor → intervene

The paper sketches a pipeline where a probe's alarm routes the answer to a slower checker before it reaches the user.

Connections

46. Lantern: Sparse Pro…Mar 20266. Language Models…Jun 2020Influenced byInfluences
Influenced by
6. Language Models are Few-Shot Learners (GPT-3)
Jun 2020
24. Preparedness Framework (Beta)
Dec 2023
871. Tidewater – A Benchmark for Honest Answers
Jan 2026
888. A Paper Nobody Has Indexed
Feb 2021
Influences
872. Harbor Notes on Deployment Audits
Apr 2026
"""

# Three organisations separated by commas, a category not in the bundled corpus, two concepts,
# no Connections section at all.
TIDEWATER = """\
← Back to Explorer
Safety & Alignment·Tidewater Institute, Northwind Labs, Quay University·Jan 2026

871. Tidewater — A Benchmark for Honest Answers

A question set that rewards a model for saying “I don’t know” when it should

Benchmark
Summary

Tidewater collects questions whose honest answer is uncertain and scores models on calibrated refusals rather than on accuracy alone.

Key Concepts

Calibrated abstention

A model earns credit for declining exactly the questions it would otherwise get wrong, measured against its own confidence.

Adversarial paraphrase

Every question appears in several phrasings, so that a model cannot pass by memorising one wording.
"""

# A plainer back link, no tagline or tags, no Key Concepts, and no "Influenced by" of its own,
# although LANTERN says it influences this page.
HARBOR = """\
<- Back to explorer
Strategy & Governance·Harbor AI·Apr 2026

872. Harbor Notes on Deployment Audits

Summary

Harbor describes how an outside auditor could check a deployed model's monitoring pipeline without seeing its weights.
"""

# A page for a document the bundled corpus already holds, as 24.
PREPAREDNESS = """\
← Back to Explorer
Strategy & Governance·OpenAI·Dec 2023

24. Preparedness Framework (Beta)

How one lab said it would track and gate catastrophic-risk capabilities

Policy
Summary

A fixture summary standing in for the real page: the framework sets risk levels and the safeguards each requires.
"""

NO_META = "Just some notes\nabout a paper\n"
NO_TITLE = "← Back to Explorer\nModels·Somebody·May 2024\n\nA line that is not numbered\n"
NO_SUMMARY = "← Back to Explorer\nModels·Somebody·May 2024\n\n12. A Title\n\nA tagline\n"

# The star on a line of its own, "Key Concepts" in another case, and the graph's labels on
# separate lines, with its legend ("Influenced by", "Influences") above the real lists. The
# graph's labels, cut short, are not connections.
BEACON = """\
← Back to Explorer
Evaluation & Red Teaming·Quay University·Feb 2026

★
873. Beacon: Red-Team Drills at Scale

Thousands of scripted attacks run against each release, scored by a second model

Research Paper · Benchmark
Summary

Beacon runs a fixed drill of scripted attacks against every model release and has a second model grade each transcript, so that regressions show up between versions.

KEY CONCEPTS

Scripted drills

The same attacks, in the same order, make two releases comparable.

Connections

873. Beacon: Red-Team Dr…
Feb 2026
871. Tidewater — A Ben…
Jan 2026
Influenced by
Influences
Influenced by
871. Tidewater — A Benchmark for Honest Answers
Jan 2026
Influences
872. Harbor Notes on Deployment Audits
Apr 2026
"""
