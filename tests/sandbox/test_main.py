"""``python -m sandbox`` serves in the foreground, prints the credentials and stops on Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import requests

from sandbox import data

REPO_ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_command_line_server(tmp_path):
    port, storage_port = _free_port(), _free_port()
    command = [
        sys.executable,
        "-m",
        "sandbox",
        "--port",
        str(port),
        "--storage-port",
        str(storage_port),
        "--data-dir",
        str(tmp_path),
        "--token-lifetime",
        "60",
    ]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)  # noqa: S603 (fixed argv)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        output = "".join(lines)
        for text in (
            data.DEMO_API_KEY,
            data.OTHER_API_KEY,
            data.LEGACY_USERNAME,
            data.LEGACY_PASSWORD,
            f"http://127.0.0.1:{port}",
            f"http://127.0.0.1:{storage_port}",
        ):
            assert text in output
        products = requests.get(
            f"http://127.0.0.1:{port}/products", headers={"X-Api-Key": data.DEMO_API_KEY}, timeout=10
        )
        assert products.status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
    finally:
        process.kill()
        process.wait()
