"""Starting and stopping real processes for the scale-out tests, and keeping the figures measured."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("SCALEOUT_WORK", "/tmp"))


def record(name: str, value, unit: str, note: str = "") -> None:
    """Keep one measured figure; scripts/scale-out-check prints them all at the end."""
    line = json.dumps({"figure": name, "value": value, "unit": unit, "note": note})
    print(line)
    with open(os.environ["SCALEOUT_FIGURES_FILE"], "a", encoding="utf-8") as figures:
        figures.write(line + "\n")


class Process:
    """A child process in its own process group, so that it and its children stop together."""

    def __init__(self, name: str, args: list[str], env: dict | None = None):
        self.name = name
        self.log = WORK / f"{name}.log"
        with open(self.log, "ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603 - our own interpreter and code
                args,
                env={**os.environ, **(env or {})},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                process_group=0,
            )

    @property
    def running(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the process and every process under it (RQ runs each job in a forked "work
        horse" in a process group of its own): no handler, no clean-up, as the OOM killer or a lost
        machine does."""
        for pid in [self.popen.pid, *_descendants(self.popen.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.running:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The parent is the 2nd field after the command name, which may itself hold spaces.
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def alongside(name: str, *args: str, env: dict | None = None) -> Process:
    return Process(name, [sys.executable, "-m", "alongside", *args], env=env)


def task_worker(name: str = "worker") -> Process:
    """The task worker exactly as `alongside serve` starts it with TASKS_BACKEND set to RQ."""
    return alongside(name, "task_worker")


@contextlib.contextmanager
def task_workers():
    """``start(name)`` starts a task worker; every one started is stopped when the block ends."""
    started: list[Process] = []

    def start(name: str) -> Process:
        started.append(task_worker(name))
        return started[-1]

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


def wait_for(check, *, timeout: float, what: str, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what}")
        time.sleep(every)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return response.status == 200
    except OSError:
        return False
