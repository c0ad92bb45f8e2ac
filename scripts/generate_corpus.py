"""Write a synthetic collection of briefings as YAML, for benchmarks at scale.

    python scripts/generate_corpus.py --count 100000 --out bench/out/corpus-100k

Text follows Zipf's law over a vocabulary of about 50,000 words: the words of the bundled corpus,
most frequent first (so "the" and "model" stay common), then made-up words for the long tail of
names and terms that a real collection of that size would have. A query therefore meets the mix
it would meet in real use: stop words in every briefing, topic words in some, rare names in few.
Briefings are numbered from 1000 upward so they can sit beside the bundled
corpus. Each is influenced by up to 2 x --edges earlier ones: most links go to recent briefings (a
locally linked graph, with long chains) and some anywhere earlier (shortcuts); with --edges 3
the average is three links per briefing, 300,000 for 100,000 briefings.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CATEGORIES = (
    "Foundations & Scaling",
    "Alignment & Safety",
    "Interpretability",
    "Reasoning & Agents",
    "Evaluation & Red Teaming",
    "Strategy & Governance",
)
ORGS = (
    "OpenAI",
    "Anthropic",
    "Google DeepMind",
    "Meta AI",
    "Stanford University",
    "DeepSeek",
    "Apollo Research",
    "METR",
    "UK AI Security Institute",
    "Mila",
    "EleutherAI",
    "Redwood Research",
)
TAGS = (
    "Scaling",
    "RLHF",
    "Interpretability",
    "Evaluations",
    "Reasoning",
    "Agents",
    "Policy",
    "Regulation",
    "Jailbreaks",
    "Open Weights",
    "Oversight",
    "Risk",
)
FIRST = 1000


class Words:
    """Draws words with Zipf-distributed frequencies: the k-th most common has weight 1/k."""

    def __init__(self, rng: random.Random, size: int = 50_000):
        counts: dict[str, int] = {}
        for path in sorted((ROOT / "data" / "briefings").glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            text = " ".join([data["summary"], *(c["body"] for c in data.get("key_concepts", []))])
            for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text.lower()):
                counts[word] = counts.get(word, 0) + 1
        ranked = sorted(counts, key=lambda w: -counts[w])
        syllables = (
            "ka",
            "lo",
            "mi",
            "ren",
            "tor",
            "vex",
            "qua",
            "zen",
            "pri",
            "dal",
            "sem",
            "nor",
            "bi",
            "tha",
            "gur",
            "lin",
            "op",
            "sto",
            "ve",
            "mar",
        )
        seen = set(ranked)
        while len(ranked) < size:
            word = "".join(rng.choices(syllables, k=rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                ranked.append(word)
        self.ranked = ranked
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(ranked) + 1)))
        self.rng = rng

    def pick(self, k: int) -> list[str]:
        return self.rng.choices(self.ranked, cum_weights=self.cumulative, k=k)

    def rare(self) -> str:
        return self.rng.choice(self.ranked[len(self.ranked) // 2 :])


def sentence(rng: random.Random, words: Words, low: int, high: int) -> str:
    return " ".join(words.pick(rng.randint(low, high))).capitalize() + "."


def briefing(number: int, rng: random.Random, words: Words, edges: float) -> str:
    title_words = words.pick(rng.randint(3, 8)) + [words.rare()]
    rng.shuffle(title_words)
    year = 2000 + (number * 26) // (FIRST + 200_000)
    links = []
    wanted = rng.randint(0, round(2 * edges)) if number > FIRST else 0
    for _ in range(wanted):
        if rng.random() < 0.8:  # mostly recent work
            target = max(FIRST, number - 1 - int(rng.expovariate(1 / 20)))
        else:
            target = rng.randrange(FIRST, number)
        if target < number and target not in links:
            links.append(target)
    data = {
        "id": number,
        "title": " ".join(title_words).title(),
        "tagline": sentence(rng, words, 6, 14)[:119],
        "org": rng.sample(ORGS, k=rng.choice((1, 1, 1, 2))),
        "date": f"{year}-{rng.randint(1, 12):02d}",
        "category": rng.choice(CATEGORIES),
        "tags": rng.sample(TAGS, k=rng.randint(1, 3)),
        "aliases": [words.rare().upper()[:6]] if rng.random() < 0.2 else [],
        "summary": " ".join(sentence(rng, words, 10, 24) for _ in range(rng.randint(4, 6))),
        "key_concepts": [
            {
                "title": sentence(rng, words, 3, 7)[:-1],
                "body": " ".join(sentence(rng, words, 8, 16) for _ in range(3)),
            }
            for _ in range(3)
        ],
        "connections": [
            {"id": target, "relation": "influenced_by", "note": sentence(rng, words, 4, 9)}
            for target in links
        ],
    }
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, width=95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="how many briefings to write")
    parser.add_argument("--out", type=Path, required=True, help="directory to write them into")
    parser.add_argument("--seed", type=int, default=46, help="random seed (the output is reproducible)")
    parser.add_argument("--edges", type=float, default=3.0, help="average influenced_by links per briefing")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    words = Words(rng)
    for number in range(FIRST, FIRST + args.count):
        folder = args.out / f"{number // 1000:03d}"  # a thousand files per folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number}-synthetic.yaml").write_text(
            briefing(number, rng, words, args.edges), encoding="utf-8"
        )
    print(f"wrote {args.count} briefings to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
