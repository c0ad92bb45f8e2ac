"""Write src/briefcli/cli/completion_table.json: the commands and options that completion offers.

    python scripts/completion_table.py          # write it from the Typer app
    python scripts/completion_table.py --check  # exit 1 if it is out of date

Completion answers a Tab press without importing Typer (cli/completion.py), so it reads the app's
shape from this generated table; a command missing from it is completed through Typer instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefcli.cli import complete
from briefcli.cli.app import app

TABLE = Path(__file__).resolve().parents[1] / "src" / "briefcli" / "cli" / "completion_table.json"


def main() -> int:
    fresh = complete.table_json(app)
    if "--check" in sys.argv:
        if not TABLE.is_file() or TABLE.read_text(encoding="utf-8") != fresh:
            print("completion_table.json is out of date: run python scripts/completion_table.py")
            return 1
        return 0
    TABLE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
