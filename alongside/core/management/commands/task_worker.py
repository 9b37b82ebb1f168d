from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from alongside.core import task_recovery


class Command(BaseCommand):
    help = (
        "The RQ task worker (TASKS_BACKEND=django_tasks_rq.RQBackend): puts back jobs whose worker "
        "died mid-job, then works the default queue, running deferred jobs when they fall due."
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Stop when the queue is empty.")

    def handle(self, *args, **options):
        requeued = task_recovery.requeue_abandoned()
        if requeued:
            self.stdout.write(f"Put back {len(requeued)} task(s) whose worker stopped mid-job.")
        call_command(
            "rqworker",
            "default",
            job_class="django_tasks_rq.Job",
            with_scheduler=True,
            burst=options["burst"],
        )
