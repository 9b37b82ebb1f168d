"""Putting back RQ jobs whose worker died mid-job (killed, out of memory, machine lost).

RQ leaves such a job in the queue's "started" registry. On its own it notices only after the job's
heartbeat expires (a minute and a half) and at its next clean-up (every ten minutes), and then
marks the job failed, because django-tasks-rq gives jobs no retries. Every Alongside task is safe
to run twice (each effect has its own unique key or status check; docs/deploy.md), so a task
worker starting up puts such jobs back on the queue at once instead.

A job counts as abandoned when the worker that took it is gone: its record has expired, or it ran
on this machine and its process no longer exists. Jobs of live workers elsewhere are left alone.
"""

from __future__ import annotations

import logging
import os
import socket

logger = logging.getLogger(__name__)
# Long enough for one look through the started jobs; short enough that a crash here blocks no one long.
LOCK_SECONDS = 30


def _process_exists(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_gone(job, connection) -> bool:
    from rq.worker import Worker

    if not job.worker_name:
        return True
    worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + job.worker_name, connection=connection)
    if worker is None:
        return True
    return worker.hostname == socket.gethostname() and not _process_exists(worker.pid)


def requeue_abandoned(queue_names=("default",)) -> list[str]:
    """Put every abandoned job of these queues back on its queue; returns their ids."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.exceptions import NoSuchJobError

    requeued = []
    for name in queue_names:
        queue = django_rq.get_queue(name, job_class=Job)
        # Workers starting together (several app servers) must not put the same job back twice.
        lock = f"alongside:requeue-abandoned:{name}"
        if not queue.connection.set(lock, 1, nx=True, ex=LOCK_SECONDS):
            continue
        try:
            requeued += _requeue_from(queue, Job, NoSuchJobError)
        finally:
            queue.connection.delete(lock)
    return requeued


def _requeue_from(queue, job_class, missing) -> list[str]:
    registry = queue.started_job_registry
    requeued = []
    for job_id, _execution in registry.get_job_and_execution_ids(cleanup=False):
        try:
            job = job_class.fetch(job_id, connection=queue.connection)
        except missing:
            continue
        if not _worker_gone(job, queue.connection):
            continue
        registry.remove_executions(job)
        queue.enqueue_job(job)
        requeued.append(job_id)
        logger.warning("requeued task %s (%s): its worker stopped mid-job", job_id, job.func_name)
    return requeued
