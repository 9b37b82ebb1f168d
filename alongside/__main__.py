"""The ``alongside`` command for operators.

``alongside serve`` starts the web server and the background worker together;
every other sub-command is a Django management command (``alongside migrate``,
``alongside load_demo``, ``alongside generate --scale small`` …).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from alongside.env import serve_environment


def _worker_command() -> list[str]:
    """The task worker for the configured backend: the database worker, or RQ's on Redis."""
    if os.environ.get("TASKS_BACKEND") == "django_tasks_rq.RQBackend":
        # RQ's worker, after putting back jobs a killed worker left half done (core/task_recovery.py).
        return ["task_worker"]
    return ["db_worker", "--interval", "1"]


def _serve(argv: list[str]) -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    python = sys.executable
    # The server and the worker both read it: links in messages must point where we serve.
    os.environ.update(serve_environment(dict(os.environ), host, port))
    # Refuse to start on a Redis that could evict sign-in lockouts (alongside/core/checks.py).
    checked = subprocess.Popen([python, "-m", "alongside", "check", "--tag", "caches"])  # noqa: S603
    if checked.wait():
        return checked.returncode
    worker = subprocess.Popen([python, "-m", "alongside", *_worker_command()])  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [
            python,
            "-m",
            "gunicorn",
            "alongside.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            workers,
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            *argv,
        ]
    )

    def stop(signum, frame):
        for child in (server, worker):
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while server.poll() is None and worker.poll() is None:
            try:
                server.wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
    finally:
        stop(None, None)
        for child in (server, worker):
            child.wait(timeout=30)
    return server.returncode or 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    if argv and argv[0] == "serve":
        return _serve(argv[1:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alongside", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
