"""Download throughput and memory for a large file (target: memory independent of the file size).

Serves files of 16 MiB and 256 MiB from a local HTTP server (stdlib, loopback) and downloads them with
the client's ``download``; prints MB/s and the peak of Python allocations during each download
(tracemalloc), which should stay near the 1 MiB chunk size whatever the file size. Then breaks the
256 MiB transfer halfway by cancelling and resumes it, and prints how many bytes the resume fetched.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _plugin_import import import_plugin

MIB = 1024 * 1024


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as a storage host does (Content-Length, a strong ETag, single byte ranges honouring
    If-Range), quietly, counting bytes sent."""

    sent = 0

    def log_message(self, *_args: object) -> None:
        return

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        stat = path.stat()
        size, etag = stat.st_size, f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        start = 0
        same = self.headers.get("If-Range", etag) == etag
        if self.headers.get("Range", "").startswith("bytes=") and same:
            start = int(self.headers["Range"][6:].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        else:
            self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(size - start))
        self.send_header("Content-Type", "image/tiff")
        self.end_headers()
        with path.open("rb") as handle:
            handle.seek(start)
            while chunk := handle.read(MIB):
                try:
                    self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client cancelled
                RangeHandler.sent += len(chunk)


def make_file(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    block = os.urandom(MIB)
    with path.open("wb") as handle:
        for _ in range(size // MIB):
            handle.write(block)
    return path


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(MIB):
            sha.update(chunk)
    return sha.hexdigest()


def main() -> None:
    api = import_plugin("constellr.plugin.api")
    served = Path(tempfile.mkdtemp(prefix="bench-served-"))
    target = Path(tempfile.mkdtemp(prefix="bench-downloaded-"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(RangeHandler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for size in (16 * MIB, 256 * MIB):
        source = make_file(served, f"LST_{size // MIB}MiB.tiff", size)
        tracemalloc.start()
        started = time.perf_counter()
        path = api.download(f"{base}/{source.name}", target)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        same = digest(path) == digest(source)
        print(
            f"{size // MIB:>4} MiB: {size / MIB / elapsed:7.1f} MiB/s, peak Python allocations "
            f"{peak / MIB:5.2f} MiB, identical: {same}"
        )
        path.unlink()

    source = served / f"LST_{256}MiB.tiff"
    received = []

    def cancel_at_half() -> bool:
        return bool(received) and received[-1] >= 128 * MIB

    try:
        api.download(
            f"{base}/{source.name}",
            target,
            progress=lambda done, _total: received.append(done),
            is_cancelled=cancel_at_half,
        )
    except api.DownloadCancelled:
        part = next(target.glob("*.part"))
        print(f"cancelled at {part.stat().st_size / MIB:.0f} MiB, .part kept")
    RangeHandler.sent = 0
    path = api.download(f"{base}/{source.name}", target)
    same = digest(path) == digest(source)
    print(f"resume fetched {RangeHandler.sent / MIB:.0f} MiB of 256 MiB, identical: {same}")
    server.shutdown()


if __name__ == "__main__":
    main()
