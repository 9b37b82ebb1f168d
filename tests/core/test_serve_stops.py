"""Ctrl+C (or a service manager's SIGTERM) stops ``alongside serve``: the web server and the worker
both exit within seconds, leaving nothing running."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

STOPS_WITHIN = 10  # seconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(data_dir) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "TASKS_BACKEND"}}
    return env | {"ALONGSIDE_DATA_DIR": str(data_dir), "ALONGSIDE_ENV": "embedded", "HOST": "127.0.0.1"}


def _children(pid: int) -> list[str]:
    listing = subprocess.run(["ps", "-o", "args=", "--ppid", str(pid)], capture_output=True, text=True)  # noqa: S603, S607
    return listing.stdout.splitlines()


def _wait_until_serving(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "alongside serve stopped on its own"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            time.sleep(0.5)
            continue
        if len(_children(server.pid)) == 2:
            return
    pytest.fail("alongside serve did not start its server and worker")


def _group_is_empty(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A database with just the task queue's tables: all the worker needs to start."""
    folder = tmp_path_factory.mktemp("serve")
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "alongside", "migrate", "django_tasks_database", "--noinput"],
        env=_environment(folder),
        check=True,
        capture_output=True,
    )
    return folder


# Ctrl+C in a terminal signals the whole foreground group; a service manager signals the process.
@pytest.mark.parametrize(("sent", "to_group"), [(signal.SIGINT, True), (signal.SIGTERM, False)])
def test_serve_stops_the_server_and_the_worker_promptly(data_dir, sent, to_group):
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "alongside", "serve"],
        env=_environment(data_dir) | {"PORT": str(port), "WEB_CONCURRENCY": "1"},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_serving(server, port)
        children = _children(server.pid)
        assert any("gunicorn" in c for c in children) and any("worker" in c for c in children)
        (os.killpg if to_group else os.kill)(server.pid, sent)
        server.wait(timeout=STOPS_WITHIN)
        deadline = time.monotonic() + 2
        while not _group_is_empty(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _group_is_empty(server.pid), "a server or worker process was left running"
    finally:
        if not _group_is_empty(server.pid):
            os.killpg(server.pid, signal.SIGKILL)
