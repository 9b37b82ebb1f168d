"""Background work for the national database: import checks and writes."""

from __future__ import annotations

from django_tasks import task

from alongside.core import services as progress
from alongside.people import imports
from alongside.people.models import ImportBatch


@task()
def check_import(batch_id: int) -> int:
    batch = ImportBatch.objects.select_related("organisation").get(pk=batch_id)
    try:
        imports.check_batch(batch)
    except Exception as exc:
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.FAILED)
        if batch.progress_id:
            progress.fail(batch.progress_id, "The check stopped with an error; nothing was imported.")
        raise exc
    return len(batch.bad_row_numbers)


@task()
def run_import(batch_id: int, mode: str) -> int:
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        written = imports.run_batch(batch, mode)
    except ValueError as exc:
        if batch.progress_id:
            progress.fail(batch.progress_id, str(exc))
        return 0
    if batch.progress_id:
        progress.finish(
            batch.progress_id,
            message=f"Imported {written} contributors.",
            result_url=f"/staff/people/import/{batch_id}/",
        )
    return written
