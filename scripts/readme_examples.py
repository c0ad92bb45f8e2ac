"""Run every `$ brief ...` example in README.md and write its real output below it.

    python scripts/readme_examples.py          # rewrite README.md in place
    python scripts/readme_examples.py --check  # exit 1 if README.md is out of date

Examples run from the repository root against a fresh index in a temporary home directory, at 80
columns, as a pipe would see them.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def brief_command() -> list[str]:
    beside = Path(sys.executable).parent / "brief"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "briefcli"]


def run_block(block: str, env: dict[str, str]) -> str:
    """Re-run each `$ ` line of a console block; keep the commands, replace their output."""
    out = []
    for line in block.splitlines():
        if not line.startswith("$ "):
            continue
        words = shlex.split(line[2:])
        if words[0] != "brief":
            raise SystemExit(f"README example does not start with brief: {line}")
        result = subprocess.run(
            brief_command() + words[1:],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=README.parent,
        )
        out.append(line)
        text = (result.stdout + result.stderr).replace(env["HOME"], "~")
        out.extend(text.rstrip("\n").splitlines() if text.strip() else [])
    return "\n".join(out) + "\n"


def render(readme: str) -> str:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "COLUMNS": "80", "HOME": home, "XDG_DATA_HOME": f"{home}/.local/share"}
        for name in ("BRIEF_DB", "FORCE_COLOR", "TTY_COMPATIBLE"):
            env.pop(name, None)
        return BLOCK.sub(lambda m: "```console\n" + run_block(m.group(1), env) + "```", readme)


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md examples are out of date: run python scripts/readme_examples.py")
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
