"""Locust scenario for ``alongside loadtest``: one page, hit as fast as the server answers.

The command runs this file once per page, so each page's requests per second are
measured alone on the same server, and the minimal view gives the ceiling.
"""

from __future__ import annotations

import os

from locust import FastHttpUser, constant, task

PATH = os.environ.get("ALONGSIDE_LOAD_PATH", "/bench/minimal")
NAME = os.environ.get("ALONGSIDE_LOAD_NAME", PATH)


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def visit(self) -> None:
        with self.client.get(PATH, name=NAME, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
