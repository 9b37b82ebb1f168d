"""Progress of background work, written by tasks and read by the person who started them."""

from __future__ import annotations

from django.db.models import F

from alongside.core.models import TaskProgress


def start_progress(owner, title: str, total: int = 0) -> TaskProgress:
    return TaskProgress.objects.create(owner=owner, title=title, total=total)


def mark_running(progress_id, total: int | None = None) -> None:
    fields = {"status": TaskProgress.Status.RUNNING}
    if total is not None:
        fields["total"] = total
    TaskProgress.objects.filter(pk=progress_id).update(**fields)


def advance(progress_id, step: int = 1) -> None:
    TaskProgress.objects.filter(pk=progress_id).update(done=F("done") + step)


def finish(progress_id, message: str = "", result_url: str = "") -> None:
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskProgress.Status.DONE, message=message, result_url=result_url
    )


def fail(progress_id, message: str) -> None:
    TaskProgress.objects.filter(pk=progress_id).update(status=TaskProgress.Status.FAILED, message=message)
