"""Build the Datasette app over an index, and serve it.

The index is opened in Datasette's immutable mode: read-only, with no locking, which is right for
a file that changes only when `brief load` runs. Datasette and uvicorn come with the optional
extra `briefcli[web]` and are imported only here and in the plugin, so that everything else works
without them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from briefcli.core.errors import BriefError
from briefcli.web import metadata

if TYPE_CHECKING:
    from _typeshed import StrPath
    from datasette.app import Datasette

HERE = Path(__file__).parent
INSTALL = "pip install 'briefcli[web]'"


def require() -> None:
    """Fail with the command that installs Datasette when it is missing."""
    try:
        import datasette  # noqa: F401
        import uvicorn  # noqa: F401
    except ModuleNotFoundError:
        raise BriefError(f"brief serve needs Datasette, an optional extra: {INSTALL}") from None


def build(path: StrPath) -> Datasette:
    """A Datasette instance serving the index at `path` read-only, with the explorer's pages."""
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    from briefcli.web import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="briefcli")
    app = Datasette(
        immutables=[str(path)],
        metadata=metadata.METADATA,
        template_dir=str(HERE / "templates"),
        static_mounts=[(plugin.STATIC, str(HERE / "static"))],
        settings={"sql_time_limit_ms": 3000},
    )
    # The file's own name would name the database (index.db -> /index); a fixed name keeps the
    # URLs of a shared index the same whatever its file is called.
    for name in [name for name in app.databases if not name.startswith("_")]:
        app.remove_database(name)
    app.add_database(Database(app, path=str(path), is_mutable=False), name=metadata.DATABASE)
    return app


def exposed(host: str) -> bool:
    """Whether listening on `host` lets other machines connect."""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a host name: it may well resolve to a public address


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, or a clear error when the address cannot be used."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except (OSError, UnicodeError) as error:
        sock.close()
        reason = getattr(error, "strerror", None) or str(error)
        raise BriefError(
            f"Cannot listen on {host}:{port}: {reason}. Choose another --host or --port."
        ) from None
    return sock


def url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def run(app: Datasette, sock: socket.socket) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM end it cleanly)."""
    import uvicorn

    asyncio.run(app.invoke_startup())
    config = uvicorn.Config(app.app(), log_level="warning", lifespan="on", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
