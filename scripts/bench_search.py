"""Benchmark whole-process `brief search` at 10,000 and 100,000 briefings, beside fzf and sqlite3.

Needs hyperfine, fzf and the sqlite3 shell on PATH (Debian: apt-get install hyperfine fzf sqlite3)
and brief installed in the running Python's environment. Run from the repository root:

    python scripts/bench_search.py                 # both sizes; writes under bench/out/
    python scripts/bench_search.py --sizes 10000   # just one

For each size it generates a synthetic collection (scripts/generate_corpus.py) and indexes it
(`brief load`) unless bench/out/ already has them, then times, in the same hyperfine run:

- `brief search` for a rare word, a common word, a prefix, a typo and a three-word query;
- `fzf --filter` with the same words over a file of the same titles;
- the sqlite3 shell running an FTS5 prefix query ordered by rank on the same index.

It prints a Markdown table of medians and ratios, the peak resident memory of each brief search
(from /usr/bin/time -v when present) and the size of each index. Timings vary with the machine and
its load: compare the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
QUERIES = {  # kind -> query; the rare word is picked from the index itself
    "common word": "model",
    "prefix": "interp",
    "typo": "alignmnet",
    "three words": "reward model training",
}


def brief() -> str:
    beside = Path(sys.executable).parent / "brief"
    found = str(beside) if beside.exists() else shutil.which("brief")
    if not found:
        raise SystemExit("brief is not installed: pip install . first")
    return found


def prepare(size: int) -> tuple[Path, Path]:
    """The index and the titles file for a collection of `size` briefings, made if missing."""
    corpus, db, titles = OUT / f"corpus-{size}", OUT / f"index-{size}.db", OUT / f"titles-{size}.txt"
    if not corpus.is_dir():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "generate_corpus.py"),
                "--count",
                str(size),
                "--out",
                str(corpus),
            ],
            check=True,
        )
    if not db.exists():
        subprocess.run([brief(), "load", str(corpus), "--db", str(db)], check=True)
    if not titles.exists():
        with titles.open("w") as handle:
            subprocess.run(["sqlite3", str(db), "SELECT title FROM briefings"], stdout=handle, check=True)
    return db, titles


def rare_word(db: Path) -> str:
    """A made-up word that occurs in only a handful of briefings."""
    sql = (
        "SELECT term FROM briefings_fts_vocab WHERE doc BETWEEN 2 AND 5 AND length(term) > 8 "
        "ORDER BY term LIMIT 1"
    )
    found = subprocess.run(["sqlite3", str(db), sql], capture_output=True, text=True, check=True)
    return found.stdout.strip()


def hyperfine(commands: list[str], runs: int) -> list[float]:
    """Median seconds of each command, measured in one hyperfine run."""
    export = OUT / "hyperfine.json"
    subprocess.run(
        ["hyperfine", "--warmup", "3", "--runs", str(runs), "--export-json", str(export), *commands],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return [result["median"] for result in json.loads(export.read_text())["results"]]


def peak_memory_kb(command: list[str]) -> int | None:
    if not Path("/usr/bin/time").exists():
        return None
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    for line in result.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1])
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    for tool in ("hyperfine", "fzf", "sqlite3"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed (Debian: apt-get install hyperfine fzf sqlite3)")
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [
        "| briefings | query | brief search | fzf --filter (titles) | sqlite3 FTS5 | brief / fzf "
        "| brief / sqlite3 | peak RSS |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    sizes = []
    for size in args.sizes:
        db, titles = prepare(size)
        sizes.append(f"{size:,} briefings: index {db.stat().st_size / 1e6:.0f} MB")
        queries = {"rare word": rare_word(db), **QUERIES}
        for kind, query in queries.items():
            search = [brief(), "search", "--db", str(db), *query.split()]
            match = " ".join(f'"{word}"*' for word in query.split())
            sql = (
                f"SELECT rowid FROM briefings_fts WHERE briefings_fts MATCH '{match}' ORDER BY rank LIMIT 10;"
            )
            commands = [
                shlex.join(search),
                f"sh -c {shlex.quote(f'fzf --filter {shlex.quote(query)} < {titles} > /dev/null')}",
                shlex.join(["sqlite3", str(db), sql]),
            ]
            ours, fzf, sqlite = hyperfine(commands, args.runs)
            memory = peak_memory_kb(search)
            lines.append(
                f"| {size:,} | {kind}: `{query}` | {ours * 1000:.0f} ms | {fzf * 1000:.0f} ms | "
                f"{sqlite * 1000:.0f} ms | {ours / fzf:.2f} | {ours / sqlite:.2f} | "
                f"{f'{memory / 1024:.0f} MB' if memory else 'n/a'} |"
            )
            print(lines[-1], file=sys.stderr)
    print("\n".join(lines))
    print()
    print("; ".join(sizes) + ".")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
