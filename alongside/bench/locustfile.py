"""Locust scenario for ``alongside loadtest``: one page (or a set of pages), asked for as fast as it answers.

The command runs this file once per scenario, so each one's requests per second are measured alone
on the same server, and the minimal view gives the ceiling. Environment:

- ``ALONGSIDE_LOAD_PATH``: the address asked for; or ``ALONGSIDE_LOAD_PATHS``: a file with one
  address a line, one chosen at random for each request (visitors spread over many pages);
- ``ALONGSIDE_LOAD_COOKIE``: a ``Cookie`` header sent with every request (a signed-in person).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from locust import FastHttpUser, constant, task

PATH = os.environ.get("ALONGSIDE_LOAD_PATH", "/bench/minimal")
NAME = os.environ.get("ALONGSIDE_LOAD_NAME", PATH)
_PATHS_FILE = os.environ.get("ALONGSIDE_LOAD_PATHS", "")
PATHS = Path(_PATHS_FILE).read_text(encoding="utf-8").split() if _PATHS_FILE else [PATH]
COOKIE = os.environ.get("ALONGSIDE_LOAD_COOKIE", "")
HEADERS = {"Cookie": COOKIE} if COOKIE else {}


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def visit(self) -> None:
        path = random.choice(PATHS)  # noqa: S311 - spreading load, not security
        with self.client.get(path, name=NAME, headers=HEADERS, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
