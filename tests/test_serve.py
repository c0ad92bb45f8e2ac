"""brief serve from the command line: the missing extra, bad addresses, and a real server over HTTP."""

from __future__ import annotations

import importlib.util
import json
import re
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import Run
from tests.web_support import fetch, start

needs_datasette = pytest.mark.skipif(
    importlib.util.find_spec("datasette") is None,
    reason="the web extra is not installed: pip install 'briefcli[web]'",
)


def test_without_the_extra_one_line_names_the_install_command(
    brief: Run, monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    monkeypatch.setitem(sys.modules, "datasette", None)  # as if it were not installed
    result = brief("serve", code=1)
    assert (
        result.stderr
        == "Error: brief serve needs Datasette, an optional extra: pip install 'briefcli[web]'\n"
    )
    assert result.stdout == ""
    assert not (isolated / "index.db").exists()  # it says so before doing any work


def test_serve_has_help_with_its_options(brief: Run) -> None:
    out = brief("serve", "--help").stdout
    for option in ("--port", "--host", "--open", "--db"):
        assert option in out
    assert "pip install 'briefcli[web]'" in out


@pytest.mark.parametrize(
    ("port", "message"),
    [
        ("-1", "'-1' is not a whole number, from 0 to 65535."),
        ("70000", "'70000' is not a whole number, from"),
    ],
)
def test_a_port_out_of_range_is_a_usage_error(brief: Run, port: str, message: str) -> None:
    assert message in brief("serve", "--port", port, code=2).stderr


def test_exposed_hosts_are_told_apart_from_this_machine() -> None:
    from briefcli.web.server import exposed

    assert [exposed(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost")] == [False] * 4
    assert [exposed(h) for h in ("0.0.0.0", "::", "192.168.1.20", "example.org")] == [True] * 4


@needs_datasette
def test_open_shows_the_explorer_in_a_browser_once_the_port_listens(
    brief: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    from briefcli.web import server

    events: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: events.append(f"open {url}"))
    monkeypatch.setattr(server, "run", lambda app, sock: events.append(f"run {server.url(sock)}"))
    result = brief("serve", "--port", "0", "--open")
    address = re.search(r"at (http://127\.0\.0\.1:\d+/)\n", result.stderr)
    assert address, result.stderr
    assert events == [f"open {address.group(1)}", f"run {address.group(1)}"]
    assert result.stderr.splitlines()[1:] == [
        "Read-only; restart after `brief load` to show its changes. Press Ctrl-C to stop."
    ]


@pytest.fixture
def taken() -> Iterator[int]:
    """A port on 127.0.0.1 that something else is already listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


@needs_datasette
def test_a_port_in_use_is_one_clear_error(brief: Run, taken: int) -> None:
    result = brief("serve", "--port", str(taken), code=1)
    assert result.stderr == (
        f"Error: Cannot listen on 127.0.0.1:{taken}: Address already in use. "
        "Choose another --host or --port.\n"
    )


@needs_datasette
def test_a_host_beyond_this_machine_is_warned_about(brief: Run, taken: int) -> None:
    # Port taken on 127.0.0.1, so binding every address fails too: the test opens nothing.
    result = brief("serve", "--host", "0.0.0.0", "--port", str(taken), code=1)
    assert result.stderr.splitlines() == [
        "Warning: --host 0.0.0.0 lets other machines read this index; brief serve has no login. "
        "Serve it behind your own proxy if it must be shared.",
        f"Error: Cannot listen on 0.0.0.0:{taken}: Address already in use. Choose another --host or --port.",
    ]


@pytest.fixture
def served(brief: Run) -> Iterator[str]:
    brief("list")  # the index exists before the server starts, as after any other use
    process, address = start()
    try:
        yield address
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        _, err = process.communicate(timeout=30)
        assert "Traceback" not in err, err


@needs_datasette
def test_brief_serve_answers_over_http_and_stops_on_ctrl_c(brief: Run, served: str) -> None:
    status, kind, page = fetch(served)
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert '<span class="brief-num">46.</span> OpenAI Model Spec</a>' in page
    status, kind, page = fetch(served + "briefing/46")
    assert status == 200 and "<h2>Key concepts</h2>" in page
    assert json.loads(fetch(served + "briefing/46.json")[2]) == json.loads(
        brief("show", "46", "--json").stdout
    )
    found = json.loads(fetch(served + "search.json?q=specificaton")[2])
    assert found == json.loads(brief("search", "specificaton", "--json", "--limit", "20").stdout)
    chain = json.loads(fetch(served + "path.json?from=46&to=24")[2])
    assert chain == json.loads(brief("path", "46", "24", "--json").stdout)
    rows = json.loads(fetch(served + "index/briefings.json?_shape=array&id=46")[2])
    assert [row["title"] for row in rows] == ["OpenAI Model Spec"]
    css = fetch(served + "brief-static/brief.css")
    assert css[0] == 200 and css[1].startswith("text/css")


@needs_datasette
def test_the_server_reads_an_index_built_just_before_it_started(brief: Run, isolated: Path) -> None:
    # No earlier command: serve builds the index, and its immutable reader, which ignores the
    # write-ahead log, must still see every briefing.
    assert not (isolated / "index.db").exists()
    process, address = start()
    try:
        rows: list[object] = []
        number = 1
        while page := json.loads(fetch(f"{address}.json?page={number}")[2]):
            rows += page  # a page at a time, until one past the end is empty
            number += 1
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert rows == json.loads(brief("list", "--json").stdout)
    assert out == ""
    assert "Traceback" not in err
