"""The insights part of the demo: the counts worked out on the demo's people, as the nightly job would."""

from __future__ import annotations

from alongside.insights import services


def load_demo() -> None:
    services.refresh_counts()
