"""``python -m sandbox`` serves in the foreground, prints the credentials and stops on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
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


def _listening_socket() -> socket.socket:
    """A port held by some other program, listening but never answering."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.setblocking(False)
    return sock


def test_make_demo_with_its_port_taken_stops_with_a_plain_message_and_talks_to_no_one() -> None:
    with _listening_socket() as other_program:
        port = other_program.getsockname()[1]
        environment = {
            key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")
        }
        environment.update(PYTHON=sys.executable, PORT=str(port))
        finished = subprocess.run(  # noqa: S603 (fixed argv)
            [str(REPO_ROOT / "scripts" / "demo.sh")],
            check=False,
            cwd=REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert finished.returncode != 0
        assert f"The sandbox API port {port} on 127.0.0.1 is not free" in finished.stderr
        assert "make demo PORT=<port>" in finished.stderr
        assert "Traceback" not in finished.stderr
        with pytest.raises(BlockingIOError):
            other_program.accept()  # nobody connected to the server the demo did not start
