"""``python -m sandbox``: run the API and storage servers in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import data
from .testing import PortUnavailableError, SandboxServer, default_data_dir


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, start both servers and print how to reach them."""
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        description="Run the constellr sandbox (API and storage host) in the foreground until Ctrl-C.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="API port (default 8765)")
    parser.add_argument("--storage-port", type=int, help="storage host port (default: API port + 1)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default_data_dir(),
        help="cache for generated files (default %(default)s)",
    )
    parser.add_argument(
        "--token-lifetime",
        type=float,
        default=data.DEFAULT_TOKEN_LIFETIME,
        help="lifetime of legacy bearer tokens in seconds (default %(default)g)",
    )
    parser.add_argument(
        "--publish-every",
        type=float,
        metavar="SECONDS",
        help=f"every SECONDS, publish a demo delivery again as a new acquisition to {data.DEMO_FEED_PACKAGE}",
    )
    args = parser.parse_args(argv)
    if args.publish_every is not None and args.publish_every <= 0:
        parser.error("--publish-every needs a positive number of seconds")
    storage_port = args.storage_port if args.storage_port is not None else args.port + 1
    server = SandboxServer(args.data_dir, args.token_lifetime, args.host, args.port, storage_port)
    try:
        server.start()
    except PortUnavailableError as error:
        print(
            f"{error.strerror}, so the sandbox did not start. Stop the program using port {error.port}, "
            f"or choose other ports: make demo PORT=<port> (or make sandbox PORT=<port>); the storage "
            "host takes the next port up.",
            file=sys.stderr,
        )
        return 2
    try:
        print(f"constellr sandbox API:  {server.api_url}   (OpenAPI: {server.api_url}/docs)")
        print(f"storage host:           {server.storage_url}")
        print(f"demo API key:           {data.DEMO_API_KEY}   (workspace {data.DEMO_WORKSPACE!r})")
        print(f"other workspace key:    {data.OTHER_API_KEY}   (workspace {data.OTHER_WORKSPACE!r})")
        print(f"legacy POST /token:     username {data.LEGACY_USERNAME!r}, password {data.LEGACY_PASSWORD!r}")
        print(f"feed token:             {data.FEED_TOKEN}   (Authorization: Token <feed token>)")
        print(f"subscription feed:      {server.api_url}/subscription/v1/?package={data.DEMO_FEED_PACKAGE}")
        print(f"dataset feed:           {server.api_url}/api/dataset/v1/{data.DEMO_FEED_PACKAGE}/stream/")
        print(
            f"                        {server.api_url}/api/dataset/v1/{data.SYNTHETIC_FEED_PACKAGE}/stream/"
        )
        if args.publish_every:
            print(
                f"publishing:             one item to {data.DEMO_FEED_PACKAGE} every {args.publish_every:g} s"
            )
        print(f"data directory:         {args.data_dir}")
        print("Press Ctrl-C to stop.", flush=True)
        while True:
            time.sleep(args.publish_every or 3600)
            if args.publish_every:
                live = server.feeds.live_acquisition(server.api_url, server.storage_url)
                server.feeds.publish(data.DEMO_FEED_PACKAGE, [live])
    except KeyboardInterrupt:
        print("Stopping.")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
