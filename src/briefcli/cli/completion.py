"""Shell completion without Typer: what to offer at a Tab press, and in each shell's format.

Completion runs on every Tab press, inside the user's shell, and importing Typer alone costs
about 100 ms here. So entry.py answers completion requests here, from completion_table.json (the
commands and options, generated from the Typer app by scripts/completion_table.py and checked
by a test), and hands only what it does not know to Typer, whose answers are the same
(tests/test_completion.py compares them).

Values come from the index through a read-only sqlite3 connection (index/read.py): completion
never builds or refreshes it, and before the first index exists it offers the bundled files'
numbers and slugs. Whatever goes wrong, it completes nothing rather than print into the shell.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.

import os
import re
import shlex
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

from briefcli.cli import paths

COMPLETE_VAR = "_BRIEF_COMPLETE"
_BUNDLED_NAME = re.compile(r"(\d+)-(.+)\.ya?ml")
_BASH_SPECIAL = re.compile(r"([^\w@%+=:,./-])")


class Item(NamedTuple):
    value: str
    help: str | None = None


# -- values from the index ------------------------------------------------------------------


def refs(incomplete: str, db: str | None, titles: bool = True) -> list[Item]:
    """Numbers (with their titles) for a number typed so far, slugs for anything else."""
    from briefcli.index import read

    conn = _open(db)
    if conn is None:
        return _bundled_refs(incomplete)
    with closing(conn):
        chosen = read.ref_choices(conn, incomplete, titles)
        return [Item(ref, _one_line(title) if titles else None) for ref, title in chosen]


def values(what: str, incomplete: str, db: str | None) -> list[Item]:
    """Categories, organisations or tags in the index that start with what was typed."""
    from briefcli.index import read

    conn = _open(db)
    if conn is None:
        return []
    with closing(conn):
        return [Item(_one_line(v)) for v in read.value_choices(conn, what, incomplete)]


def _open(db: str | None) -> Any:
    from briefcli.index import read

    return read.open_quietly(paths.database_path(db))


def _bundled_refs(incomplete: str) -> list[Item]:
    found = []
    for name in sorted(os.listdir(paths.bundled_corpus())):
        match = _BUNDLED_NAME.fullmatch(name)
        if match:
            number, slug = str(int(match.group(1))), match.group(2)
            found.append(Item(number if incomplete.isdigit() or not incomplete else slug, slug))
    return [item for item in found if item.value.startswith(incomplete)]


def _one_line(text: str) -> str:
    from briefcli.output.text import one_line

    return one_line(text)


# -- what to offer --------------------------------------------------------------------------


def offer(
    args: Sequence[str], incomplete: str, table: dict[str, Any], titles: bool = True
) -> list[Item] | None:
    """The completions after `args` for the word being typed; None when the table cannot tell.

    `titles=False` leaves out the descriptions of numbers, which bash never shows.
    """
    command: str | None = None
    db: str | None = None
    positional = 0
    expecting: str | None = None  # an option whose value comes next
    given: set[str] = set()
    literal = False
    for arg in args:
        options = table["commands"][command]["options"] if command else table["options"]
        if expecting is not None:
            if expecting == "--db":
                db = arg
            expecting = None
        elif literal or not arg.startswith("-") or arg == "-":
            if command is None:
                if arg not in table["commands"]:
                    return None
                command = arg
            else:
                positional += 1
        elif arg == "--":
            literal = True
        else:
            name, equals, value = arg.partition("=")
            spec = options.get(name)
            if spec is None:
                return None  # an option the table does not know: let Typer decide
            given.add(name)
            if spec["kind"] is not None:
                if equals:
                    db = value if name == "--db" else db
                else:
                    expecting = name
    options = table["commands"][command]["options"] if command else table["options"]
    if expecting is not None:
        return _values(options[expecting]["kind"], incomplete, db, titles)
    if incomplete.startswith("-") and not literal:
        if "=" in incomplete:
            return None
        names = [(name, spec) for name, spec in options.items() if name not in given or spec["multiple"]]
        found = [Item(name, spec["help"]) for name, spec in names if name.startswith(incomplete)]
        return (_commands(table, incomplete) if command is None else []) + found
    if command is None:
        return _commands(table, incomplete)
    arguments = table["commands"][command]["arguments"]
    if not arguments:
        return []
    kind, variadic = arguments[min(positional, len(arguments) - 1)]
    if positional >= len(arguments) and not variadic:
        return []
    return _values(kind, incomplete, db, titles)


def _commands(table: dict[str, Any], incomplete: str) -> list[Item]:
    return [Item(name, c["help"]) for name, c in table["commands"].items() if name.startswith(incomplete)]


def _values(kind: Any, incomplete: str, db: str | None, titles: bool) -> list[Item]:
    if isinstance(kind, list):
        return [Item(choice) for choice in kind if choice.startswith(incomplete)]
    if kind == "ref":
        return [item for item in refs(incomplete, db, titles) if item.value.startswith(incomplete)]
    if kind in ("category", "org", "tag"):
        return [item for item in values(kind, incomplete, db) if item.value.startswith(incomplete)]
    return []  # files, numbers and free text: the shell's own completion (files) applies


# -- the shells -----------------------------------------------------------------------------


def answer(instruction: str) -> bool:
    """Print the completions asked for by `_BRIEF_COMPLETE=complete_SHELL`; False to ask Typer."""
    import json

    action, _, shell = instruction.partition("_")
    if action != "complete" or shell not in ("bash", "zsh", "fish"):
        return False
    if shell == "bash":
        words = split(os.environ.get("COMP_WORDS", ""))
        cword = int(os.environ.get("COMP_CWORD", "0"))
        args, incomplete = words[1:cword], words[cword] if cword < len(words) else ""
    else:
        line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        args = split(line)[1:]
        incomplete = args.pop() if args and not line.endswith(" ") else ""
    table = json.loads((Path(__file__).parent / "completion_table.json").read_text(encoding="utf-8"))
    found = offer(args, incomplete, table, titles=shell != "bash")
    if found is None:
        return False
    if shell == "fish" and os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        raise SystemExit(0 if found else 1)  # 1: no arguments to offer, so fish offers files
    sys.stdout.write(show(shell, found) + "\n")
    return True


def show(shell: str, found: Sequence[Item]) -> str:
    """Completions in the shell's format, as Typer's completion scripts read them."""
    if shell == "bash":
        return "\n".join(bash_value(item.value) for item in found)
    if shell == "fish":
        return "\n".join(f"{i.value}\t{_one_line(i.help)}" if i.help else i.value for i in found)
    if not found:
        return "_files"
    lines = "\n".join(
        f'"{zsh_escape(i.value)}":"{zsh_escape(_one_line(i.help))}"' if i.help else f'"{zsh_escape(i.value)}"'
        for i in found
    )
    return f"_arguments '*: :(({lines}))'"


def bash_value(value: str) -> str:
    """A value escaped for bash, so that 'Strategy & Governance' is inserted as one word."""
    # Most values (numbers, slugs) need no escaping, and a search is cheaper than a substitution.
    return _BASH_SPECIAL.sub(r"\\\1", value) if _BASH_SPECIAL.search(value) else value


def zsh_escape(text: str) -> str:
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def split(line: str) -> list[str]:
    """Split a command line as a shell would, keeping an unfinished last word as it is."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words
