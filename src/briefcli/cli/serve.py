"""`brief serve`: check for the extra, make the index current, then hand it to the web layer."""

from __future__ import annotations

import webbrowser
from pathlib import Path

from briefcli.cli import commands
from briefcli.core.models import plural
from briefcli.output import console


def serve(host: str, port: int, open_browser: bool, db: Path | None) -> None:
    from briefcli.index import write
    from briefcli.web import server

    server.require()  # before any work: without Datasette, the one line that says how to get it
    store = commands.open_store(db)
    write.settle(store)
    count, path = store.count(), store.path
    store.close()
    if server.exposed(host):
        console.note(
            f"Warning: --host {host} lets other machines read this index; brief serve has no login. "
            "Serve it behind your own proxy if it must be shared."
        )
    app = server.build(path)
    sock = server.listen(host, port)
    address = server.url(sock)
    console.note(f"Serving {plural(count, 'briefing')} from {path} at {address}")
    console.note("Read-only; restart after `brief load` to show its changes. Press Ctrl-C to stop.")
    if open_browser:
        webbrowser.open(address)
    server.run(app, sock)
