from __future__ import annotations

import time

from django_tasks import task

from alongside.core import services


@task()
def demonstration_count(progress_id: str, steps: int = 5, pause: float = 0.2) -> int:
    """A small task used by the demo and the tests to show progress reporting end to end."""
    services.mark_running(progress_id, total=steps)
    for _ in range(steps):
        time.sleep(pause)
        services.advance(progress_id)
    services.finish(progress_id, message=f"Counted to {steps}.")
    return steps
