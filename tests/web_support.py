"""Helpers for the web tests: an in-process site over the test's index, and an HTML reader."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser
from typing import Any

from tests.conftest import Run

from briefcli.cli import commands
from briefcli.index import write


class Site:
    """The Datasette app that `brief serve` runs, over the test's index, driven in process."""

    def __init__(self) -> None:
        from briefcli.web import server

        store = commands.open_store(None)
        write.settle(store)
        path = store.path
        store.close()
        self.app = server.build(path)
        asyncio.run(self.app.invoke_startup())

    def get(self, path: str, status: int = 200) -> Any:
        response = asyncio.run(self.app.client.get(path))
        assert response.status_code == status, (path, response.status_code, response.text[:2000])
        return response

    def json(self, path: str, status: int = 200) -> Any:
        response = self.get(path, status)
        assert response.headers["content-type"].startswith("application/json"), response.headers
        return response.json()

    def html(self, path: str, status: int = 200) -> str:
        response = self.get(path, status)
        assert response.headers["content-type"].startswith("text/html"), response.headers
        return str(response.text)


def cli_json(brief: Run, command: str, *args: str) -> Any:
    return json.loads(brief(command, "--json", *args).stdout)


class Trees(HTMLParser):
    """The trace lists of a briefing page as nested [id, [children...]] lists, one per list."""

    def __init__(self) -> None:
        super().__init__()
        self.trees: list[list[Any]] = []
        self.stack: list[list[Any]] = []  # the open <ul> lists, each a list of [id, children]
        self.depth = 0  # <ul> nesting inside the current trace list

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "ul" and ("brief-trace" in classes or self.depth):
            self.depth += 1
            children: list[Any] = []
            if self.depth == 1:
                self.trees.append(children)
            else:
                self.stack[-1][-1][1] = children
            self.stack.append(children)
        elif tag == "li" and self.depth:
            self.stack[-1].append([None, []])
        elif tag == "a" and self.depth and self.stack[-1] and self.stack[-1][-1][0] is None:
            found = re.fullmatch(r"/briefing/(\d+)", dict(attrs).get("href") or "")
            if found:
                self.stack[-1][-1][0] = int(found.group(1))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self.depth:
            self.depth -= 1
            self.stack.pop()


def trace_lists(page: str) -> list[list[Any]]:
    parser = Trees()
    parser.feed(page)
    return parser.trees


def trace_from_json(node: dict[str, Any]) -> list[Any]:
    """`brief trace --json`'s children as the same nested lists."""
    return [[child["id"], trace_from_json(child)] for child in node["children"]]


def start(*args: str) -> tuple[subprocess.Popen[str], str]:
    """`brief serve` in its own process on a free port; returns it and its address once it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefcli", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    lines = []
    for line in process.stderr:  # the address is announced once the socket listens
        lines.append(line)
        found = re.search(r" at (http://127\.0\.0\.1:\d+/)$", line.rstrip("\n"))
        if found:
            return process, found.group(1)
    process.wait(timeout=30)
    raise AssertionError("brief serve did not start:\n" + "".join(lines))


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers["content-type"], response.read().decode()
