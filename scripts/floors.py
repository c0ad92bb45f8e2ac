"""The floors that brief's load is measured against, each a plain loop with no index at all.

    python scripts/floors.py parse DIR   # read, hash and compose every YAML file (PyYAML's C loader)
    python scripts/floors.py stat DIR    # walk the tree and stat every YAML file

`parse` is the least work any load of a cold collection must do: every byte read once, hashed,
and turned into YAML nodes. `stat` is the least an unchanged re-load must do: notice that nothing
changed. scripts/benchmark.py times both beside `brief load` in the same hyperfine run.
"""

from __future__ import annotations

import hashlib
import os
import sys

import yaml


def walk(top: str) -> list[str]:
    found = []
    for folder, _, names in os.walk(top):
        found += [os.path.join(folder, n) for n in names if n.lower().endswith((".yaml", ".yml"))]
    return found


def parse(top: str) -> int:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    count = 0
    for path in walk(top):
        with open(path, "rb") as handle:
            data = handle.read()
        hashlib.sha256(data).hexdigest()
        yaml.compose(data, Loader=loader)
        count += 1
    return count


def stat(top: str) -> int:
    return sum(1 for path in walk(top) if os.stat(path).st_size >= 0)


if __name__ == "__main__":
    kind, top = sys.argv[1], sys.argv[2]
    print({"parse": parse, "stat": stat}[kind](top), file=sys.stderr)
