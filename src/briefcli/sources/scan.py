"""Read, hash and parse the files of a load: in worker processes when there are many of them.

Parsing is most of a cold load's time and each file is parsed on its own, so a large load hands
it to one worker process a core while the loading process stores what comes back, in order.
"""

# Annotations evaluated, as in core/models.py: NamedTuple compiles those written as strings.
import hashlib
import os
import pickle
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import suppress
from typing import BinaryIO, NamedTuple

from briefcli.core.models import Briefing, Problem
from briefcli.sources import files, loader

# Below this many files, starting the workers (tens of ms) costs more than they save.
PARALLEL_FROM = 2000
CHUNK = 32  # files a worker scans and sends at a time: fewer, larger messages
# Room in a worker's pipe for a few chunks: a worker waits for the loader when it is full, so
# what waits in memory stays bounded, but is not held up by each pause of the loader's.
PIPE_BYTES = 1 << 20


class Scanned(NamedTuple):
    path: str
    digest: str  # SHA-256 of the bytes read
    changed: bool  # the digest differs from the one known: the file was parsed
    briefing: Briefing | None  # None when unchanged or unusable
    problems: list[Problem]


def scan(path: str, known_digest: str | None) -> Scanned:
    """Read and hash one file, and parse it when its digest is not `known_digest`."""
    data = files.read(path)
    digest = hashlib.sha256(data).hexdigest()
    if digest == known_digest:
        return Scanned(path, digest, False, None, [])
    briefing, problems = loader.parse(path, data, lines=False)
    return Scanned(path, digest, True, briefing, problems)


def scan_all(paths: Sequence[str], known: dict[str, str]) -> Iterator[Scanned]:
    """Scan each path, in order; `known` holds the digests already stored, by path."""
    workers = _cores() if len(paths) >= PARALLEL_FROM and _may_fork() else 1
    done = 0
    if workers > 1:
        pipes: list[BinaryIO] = []
        children: list[int] = []
        try:
            for share in range(workers):
                child, pipe = _fork_worker(paths, known, share, workers, pipes)
                children.append(child)
                pipes.append(pipe)
            for start in range(0, len(paths), CHUNK):
                # Chunks go round the workers, so each comes from the next pipe in turn. Anything
                # but a whole chunk means that a worker ended early (a file it could not read,
                # killed): the rest is read here, which raises any error as a serial load does.
                try:
                    results: list[Scanned] = pickle.load(pipes[start // CHUNK % workers])
                except Exception:
                    break
                for result in results:
                    yield result
                    done += 1
        finally:  # nothing outlives the load, whether it is done, failed or dropped midway
            for child in children:
                with suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
            for pipe in pipes:
                pipe.close()
    for path in paths[done:]:
        yield scan(path, known.get(path))


def _fork_worker(
    paths: Sequence[str], known: dict[str, str], share: int, workers: int, others: list[BinaryIO]
) -> tuple[int, BinaryIO]:
    """A worker process scanning every `workers`-th chunk from chunk `share` into a pipe."""
    import fcntl  # here: a system without fork has no fcntl either

    reader, writer = os.pipe()
    with suppress(AttributeError, OSError):  # room for a few chunks, where a pipe can grow
        fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    child = os.fork()
    if child:
        os.close(writer)
        return child, os.fdopen(reader, "rb")
    try:  # the worker: it never returns, and holds no end of another worker's pipe
        os.close(reader)
        for pipe in others:
            pipe.close()
        with os.fdopen(writer, "wb") as out:
            for start in range(share * CHUNK, len(paths), workers * CHUNK):
                chunk = [scan(path, known.get(path)) for path in paths[start : start + CHUNK]]
                pickle.dump(chunk, out, pickle.HIGHEST_PROTOCOL)
                out.flush()
    finally:  # whatever ends it (an error, Ctrl-C, a loader gone), it ends quietly: the loader
        os._exit(0)  # reads what the worker did not send, and reports what went wrong


def _may_fork() -> bool:
    # A thread of this process (a server's, say) may hold a lock that a forked copy of it would
    # wait for forever: a process with threads reads the files itself.
    threading = sys.modules.get("threading")
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on every system
        return os.cpu_count() or 1
