"""Benchmark whole-process `brief` at 10,000 and 100,000 briefings, beside fzf and sqlite3.

Needs hyperfine, fzf and the sqlite3 shell on PATH (Debian: apt-get install hyperfine fzf sqlite3)
and brief installed in the running Python's environment. Run from the repository root:

    python scripts/benchmark.py                   # both sizes, search and graph; under bench/out/
    python scripts/benchmark.py --sizes 10000     # one size
    python scripts/benchmark.py --only graph      # one part
    python scripts/benchmark.py --only startup --also /path/to/other/venv/bin/brief

For each size it generates a synthetic collection (scripts/generate_corpus.py) and indexes it
(`brief load`) unless bench/out/ already has them. Then, each row one hyperfine run:

- search: `brief search` for a rare word, a common word, a prefix, a typo and a three-word query,
  beside `fzf --filter` with the same words over a file of the same titles, and the sqlite3 shell
  running an FTS5 prefix query ordered by rank on the same index;
- graph: `brief trace` of the newest briefing to full depth upstream, of the oldest downstream,
  and `brief path` between them, beside the sqlite3 shell counting the same upstream set with a
  recursive CTE (the alternative to brief's walk over arrays in memory); `brief top` and
  `brief graph -f dot`, beside the sqlite3 shell printing every connection;

- startup: each read command on the bundled corpus, in a pipe and on a terminal (through
  `script`, beside `script` running the floor), and `--help`, each as a ratio to `python -c pass`
  from the same environment, measured in the same hyperfine run;
- completion: a shell's Tab press (a number, every number, a --category value, and numbers with
  their titles as zsh asks) on the index of each size, beside `python -c pass`;
- load: a cold load of the collection beside the parse floor (read, hash and compose every file
  with PyYAML's C loader: scripts/floors.py), and an unchanged re-load beside the stat floor (walk
  and stat every file), as ratios; the 10k->100k ratio of each shows whether the cost is linear.

`--also BRIEF` puts another installation's brief beside this one in the startup, load and graph
rows (for before/after comparisons of a change); in the graph rows each reads its own copy of
the index. It prints Markdown tables of medians, ratios and
peak resident memory (from /usr/bin/time -v when present), and the size of each index. Timings
vary with the machine and its load: compare the ratios, which are measured side by side.
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


def sqlite(db: Path, sql: str) -> str:
    return subprocess.run(
        ["sqlite3", str(db), sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def prepare(size: int) -> tuple[Path, Path]:
    """The index and the titles file for a collection of `size` briefings, made if missing."""
    corpus, db, titles = OUT / f"corpus-{size}", OUT / f"index-{size}.db", OUT / f"titles-{size}.txt"
    if not corpus.is_dir():
        script = ROOT / "scripts" / "generate_corpus.py"
        subprocess.run([sys.executable, str(script), "--count", str(size), "--out", str(corpus)], check=True)
    if not db.exists():
        subprocess.run([brief(), "load", str(corpus), "--db", str(db)], check=True, stdout=sys.stderr)
    if not titles.exists():
        titles.write_text(sqlite(db, "SELECT title FROM briefings") + "\n")
    return db, titles


def rare_word(db: Path) -> str:
    """A word that occurs in only a handful of briefings."""
    return sqlite(
        db,
        # The index keeps no vocabulary table in the file (index/schema.py: vocabulary).
        "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, briefings_fts, 'row'); "
        "SELECT term FROM temp.vocab WHERE doc BETWEEN 2 AND 5 AND length(term) > 8 "
        "ORDER BY term LIMIT 1",
    )


def hyperfine(commands: list[str], runs: int, prepare: str | None = None) -> list[float]:
    """Median seconds of each command, measured in one hyperfine run."""
    export = OUT / "hyperfine.json"
    extra = ["--prepare", prepare] if prepare else ["--warmup", "3"]
    subprocess.run(
        ["hyperfine", *extra, "--runs", str(runs), "--export-json", str(export), *commands],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return [result["median"] for result in json.loads(export.read_text())["results"]]


def memory(command: list[str]) -> str:
    """Peak resident memory of one run, from /usr/bin/time -v."""
    if not Path("/usr/bin/time").exists():
        return "n/a"
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    for line in result.stderr.splitlines():
        if "Maximum resident set size" in line:
            return f"{int(line.split(':')[1]) / 1024:.0f} MB"
    return "n/a"


def search_rows(size: int, db: Path, titles: Path, runs: int) -> list[str]:
    rows = []
    for kind, query in {"rare word": rare_word(db), **QUERIES}.items():
        search = [brief(), "search", "--db", str(db), *query.split()]
        match = " ".join(f'"{word}"*' for word in query.split())
        sql = f"SELECT rowid FROM briefings_fts WHERE briefings_fts MATCH '{match}' ORDER BY rank LIMIT 10;"
        commands = [
            shlex.join(search),
            f"sh -c {shlex.quote(f'fzf --filter {shlex.quote(query)} < {titles} > /dev/null')}",
            shlex.join(["sqlite3", str(db), sql]),
        ]
        ours, fzf, fts = hyperfine(commands, runs)
        rows.append(
            f"| {size:,} | {kind}: `{query}` | {ours * 1000:.0f} ms | {fzf * 1000:.0f} ms | "
            f"{fts * 1000:.0f} ms | {ours / fzf:.2f} | {ours / fts:.2f} | {memory(search)} |"
        )
        print(rows[-1], file=sys.stderr)
    return rows


def graph_rows(size: int, db: Path, runs: int, installs: list[str]) -> list[str]:
    first = sqlite(db, "SELECT min(id) FROM briefings WHERE id >= 1000")
    last = sqlite(db, "SELECT max(id) FROM briefings")
    connections = int(sqlite(db, "SELECT count(*) FROM connections"))
    cte = (
        f"WITH RECURSIVE up(id) AS (SELECT {last} UNION SELECT c.target_id FROM connections c "
        "JOIN up ON c.source_id = up.id WHERE c.relation = 'influenced_by') SELECT count(*) FROM up;"
    )
    # top and graph read the whole graph: beside them, the sqlite3 shell printing every connection
    table = "SELECT source_id, target_id, relation, note FROM connections;"
    cases = {
        f"trace {last}` (newest, upstream)": (["trace", last], cte),
        f"trace {first} --downstream` (oldest)": (["trace", first, "--downstream"], cte),
        f"path {last} {first}`": (["path", last, first], cte),
        "top`": (["top"], table),
        "graph -f dot`": (["graph", "-f", "dot"], table),
    }
    indexes = [db, *(own_index(db, install) for install in installs[1:])]
    rows = []
    for label, (args, floor) in cases.items():
        commands = [
            [install, *args, "--db", str(index)] for install, index in zip(installs, indexes, strict=True)
        ]
        *ours, base = hyperfine([*map(shlex.join, commands), shlex.join(["sqlite3", str(db), floor])], runs)
        times = " | ".join(f"{t * 1000:.0f} ms" for t in ours)
        peaks = " | ".join(memory(command) for command in commands)
        rows.append(
            f"| {size:,} / {connections:,} | `brief {label} | {times} | {base * 1000:.0f} ms | {peaks} |"
        )
        print(rows[-1], file=sys.stderr)
    return rows


def own_index(db: Path, install: str) -> Path:
    """A copy of `db` for another installation: each keeps its bundled corpus's path in the index,
    and would otherwise reload the bundled briefings whenever the other had run."""
    import sqlite3

    copy = db.with_name(f"{db.stem}-{install_label(install)}.db")
    if not copy.exists():
        with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        subprocess.run([install, "top", "--db", str(copy)], check=True, stdout=subprocess.DEVNULL)
    return copy


STARTUP = {
    "show 46": ["show", "46"],
    "list": ["list"],
    "trace 46": ["trace", "46"],
    "path 46 21": ["path", "46", "21"],
    "top": ["top"],
    "search spec": ["search", "spec"],
    "--help": ["--help"],
}


def bundled_index(command: str) -> Path:
    """An index of the bundled corpus for `command`, made once per installation."""
    db = OUT / f"bundled-{abs(hash(command)) % 10**8}.db"
    if not db.exists():
        subprocess.run([command, "list", "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
    return db


def on_terminal(command: str) -> str:
    """The command run with a pseudo-terminal as stdout, as a person at a terminal runs it.

    The pager is off: it would wait for a key, and its time is not brief's."""
    return f"BRIEF_PAGER= script -qec {shlex.quote(command)} /dev/null"


def startup_rows(installs: list[str], runs: int) -> list[str]:
    rows = []
    for install in installs:
        python = str(Path(install).parent / "python")
        floor = shlex.join([python, "-c", "pass"])
        db = bundled_index(install)
        for label, args in STARTUP.items():
            command = shlex.join([install, *args, *([] if args == ["--help"] else ["--db", str(db)])])
            cases = [(command, floor, "pipe")]
            if args != ["--help"]:
                cases.append((on_terminal(command), on_terminal(floor), "terminal"))
            for ours, base, where in cases:
                mine, bare = hyperfine([ours, base], runs)
                rows.append(
                    f"| {install_label(install)} | `brief {label}` | {where} | {mine * 1000:.0f} ms "
                    f"| {bare * 1000:.0f} ms | {mine / bare:.1f}x |"
                )
                print(rows[-1], file=sys.stderr)
    return rows


COMPLETIONS = {  # what is typed before Tab -> how the shell asks
    "brief show 1": {"_BRIEF_COMPLETE": "complete_bash", "COMP_WORDS": "brief show 1", "COMP_CWORD": "2"},
    "brief show ": {"_BRIEF_COMPLETE": "complete_bash", "COMP_WORDS": "brief show ", "COMP_CWORD": "2"},
    "brief list --category ": {
        "_BRIEF_COMPLETE": "complete_bash",
        "COMP_WORDS": "brief list --category ",
        "COMP_CWORD": "3",
    },
    "brief show 1 (zsh, with titles)": {
        "_BRIEF_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": "brief show 1",
    },
}


def completion_rows(size: int, db: Path, runs: int) -> list[str]:
    """A Tab press on an index of `size` briefings, beside `python -c pass`, in one hyperfine run."""
    python = str(Path(brief()).parent / "python")
    rows = []
    for typed, env in COMPLETIONS.items():
        settings = [f"{name}={shlex.quote(value)}" for name, value in {**env, "BRIEF_DB": str(db)}.items()]
        ours, bare = hyperfine(
            [f"env {' '.join(settings)} {brief()}", shlex.join([python, "-c", "pass"])], runs
        )
        rows.append(
            f"| {size:,} | `{typed}` | {ours * 1000:.0f} ms | {bare * 1000:.0f} ms | {ours / bare:.1f}x |"
        )
        print(rows[-1], file=sys.stderr)
    return rows


def install_label(install: str) -> str:
    return Path(install).parents[1].name


def load_rows(size: int, installs: list[str], runs: int) -> list[str]:
    corpus = OUT / f"corpus-{size}"
    if not corpus.is_dir():
        prepare(size)
    floors = ROOT / "scripts" / "floors.py"
    rows = []
    for install in installs:
        python = str(Path(install).parent / "python")
        fresh, warm = OUT / f"load-fresh-{size}.db", OUT / f"load-warm-{size}-{install_label(install)}.db"
        if not warm.exists():
            subprocess.run(
                [install, "load", str(corpus), "--db", str(warm)], check=True, stdout=subprocess.DEVNULL
            )
        cold = shlex.join([install, "load", str(corpus), "--db", str(fresh)])
        parse = shlex.join([python, str(floors), "parse", str(corpus)])
        again = shlex.join([install, "load", str(corpus), "--db", str(warm)])
        stat = shlex.join([python, str(floors), "stat", str(corpus)])
        clear = f"rm -f {shlex.quote(str(fresh))} {shlex.quote(str(fresh))}-wal {shlex.quote(str(fresh))}-shm"
        ours_cold, floor_cold = hyperfine([cold, parse], max(3, runs // 5), prepare=clear)
        ours_again, floor_again = hyperfine([again, stat], runs)
        label = install_label(install)
        rows.append(
            f"| {label} | {size:,} cold | {ours_cold:.2f} s | parse {floor_cold:.2f} s "
            f"| {ours_cold / floor_cold:.1f}x |"
        )
        rows.append(
            f"| {label} | {size:,} unchanged | {ours_again:.2f} s | stat {floor_again:.2f} s "
            f"| {ours_again / floor_again:.1f}x |"
        )
        print("\n".join(rows[-2:]), file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", choices=["search", "graph", "startup", "load", "completion"])
    parser.add_argument("--also", action="append", default=[], help="another brief to measure beside")
    args = parser.parse_args()
    installs = [brief(), *args.also]
    for tool in ("hyperfine", "fzf", "sqlite3"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed (Debian: apt-get install hyperfine fzf sqlite3)")
    OUT.mkdir(parents=True, exist_ok=True)
    search = [
        "| briefings | query | brief search | fzf --filter (titles) | sqlite3 FTS5 | brief / fzf "
        "| brief / sqlite3 | peak RSS |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    labels = [install_label(install) for install in installs]
    graph = [
        "| briefings / connections | command | "
        + " | ".join(f"brief ({label})" for label in labels)
        + " | sqlite3: recursive CTE (count only) for trace and path, every connection for top and graph | "
        + " | ".join(f"peak RSS ({label})" for label in labels)
        + " |",
        "| ---: | --- | " + "---: | " * (2 * len(installs) + 1),
    ]
    startup = [
        "| install | command | where | brief | python -c pass | ratio |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    load = ["| install | load | brief | floor | ratio |", "| --- | --- | ---: | ---: | ---: |"]
    completion = [
        "| briefings | typed, then Tab | brief | python -c pass | ratio |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    if args.only in (None, "startup"):
        startup += startup_rows(installs, args.runs)
    sizes = []
    for size in args.sizes:
        if args.only in (None, "load"):
            load += load_rows(size, installs, args.runs)
        if args.only in ("startup", "load"):
            continue
        db, titles = prepare(size)
        sizes.append(f"{size:,} briefings: index {db.stat().st_size / 1e6:.0f} MB")
        if args.only in (None, "completion"):
            completion += completion_rows(size, db, args.runs)
        if args.only in (None, "search"):
            search += search_rows(size, db, titles, args.runs)
        if args.only in (None, "graph"):
            graph += graph_rows(size, db, args.runs, installs)
    for table in (startup, load, completion, search, graph):
        if len(table) > 2:
            print("\n".join(table) + "\n")
    if sizes:
        print("; ".join(sizes) + ".")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
