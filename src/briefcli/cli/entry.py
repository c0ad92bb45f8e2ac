"""The `brief` console script. A plain search skips Typer; everything else goes through it.

Importing Typer costs about 100 ms on a small machine, more than a search of 100,000 briefings
takes. `brief search WORDS...` with only simple options (--json, --limit/-n, --db and the filters)
is parsed here and run by the same commands.search that the Typer command calls, so its output is
identical (tests/test_entry.py compares the two). Anything else, --help and every malformed
argument included, goes to Typer, which owns usage messages.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

VALUE_OPTIONS = {
    "--limit": "limit",
    "-n": "limit",
    "--db": "db",
    "--category": "category",
    "-c": "category",
    "--org": "org",
    "-o": "org",
    "--tag": "tag",
    "-t": "tag",
    "--since": "since",
    "--until": "until",
}


def quick_search(args: list[str]) -> dict[str, Any] | None:
    """The parsed arguments of a simple `search` invocation, or None to let Typer handle it."""
    if not args or args[0] != "search":
        return None
    words: list[str] = []
    options: dict[str, Any] = {"limit": "10", "json": False}
    pending = iter(args[1:])
    literal = False
    for token in pending:
        if literal or not token.startswith("-") or token == "-":
            words.append(token)
        elif token == "--":
            literal = True
        elif token == "--json":
            options["json"] = True
        else:
            name, equals, value = token.partition("=")
            key = VALUE_OPTIONS.get(name)
            if key is None or (equals and not name.startswith("--")):
                return None  # unknown, or a form like -n=5 that Typer reads differently
            if not equals:
                following = next(pending, None)
                if following is None:
                    return None
                value = following
            options[key] = value
    limit = options["limit"]
    db = options.get("db")
    if not words or not limit.isascii() or not limit.isdigit() or (db and Path(db).is_dir()):
        return None
    options["limit"] = int(limit)
    options["words"] = words
    return options


def main() -> None:
    """Die quietly on a closed pipe or Ctrl-C, as command-line tools do; then run the command."""
    for name in ("SIGPIPE", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    parsed = quick_search(sys.argv[1:])
    if parsed is None:
        from briefcli.cli.app import app

        app()
        return
    from briefcli.cli import commands, failures

    try:
        chosen = commands.filters(
            parsed.get("category"),
            parsed.get("org"),
            parsed.get("tag"),
            parsed.get("since"),
            parsed.get("until"),
        )
        db = parsed.get("db")
        commands.search(parsed["words"], chosen, parsed["limit"], parsed["json"], Path(db) if db else None)
        code = 0
    except Exception as problem:
        failed = failures.failure(problem)
        if failed is None:
            raise
        code = failed
    # Everything is written and the index was only read (any write is committed already): skip
    # the interpreter's teardown of every module, about 10 ms here.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
