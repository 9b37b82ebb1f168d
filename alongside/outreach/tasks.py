"""Background work for outreach. Each task is safe to run twice: deliveries are claimed first."""

from __future__ import annotations

from django_tasks import task

from alongside.outreach import services


@task()
def deliver_batch(message_id: int, batch: int) -> int:
    return services.deliver_batch(message_id, batch)


@task()
def deliver_delivery(delivery_id: int) -> int:
    return services.deliver_delivery(delivery_id)


@task()
def send_due() -> int:
    return services.send_due()


@task()
def send_to_audience(message_id: int) -> int:
    from alongside.outreach import composer

    return composer.queue_for_audience(message_id)


@task()
def send_staff_email(address: str, subject: str, body: str) -> None:
    services.deliver_staff_email(address, subject, body)
