from django.urls import reverse

from alongside.core.models import TaskProgress
from tests.builders import create_user, sign_in


def test_starting_a_job_shows_its_progress_to_the_person_who_started_it(client, settings):
    user = create_user()
    sign_in(client, user)
    response = client.post(reverse("core:check_worker"), follow=True)
    progress = TaskProgress.objects.get(owner=user)
    assert progress.status == TaskProgress.Status.DONE
    assert progress.done == progress.total == 5
    assert b"Finished" in response.content


def test_an_unfinished_job_page_refreshes_itself_without_javascript(client):
    user = create_user()
    progress = TaskProgress.objects.create(owner=user, title="Import", total=10, done=3)
    sign_in(client, user)
    html = client.get(reverse("core:task_progress", args=[progress.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in html
    assert "3 of 10 done" in html


def test_nobody_else_can_watch_a_job(client):
    owner, other = create_user(), create_user()
    progress = TaskProgress.objects.create(owner=owner, title="Import")
    sign_in(client, other)
    assert client.get(reverse("core:task_progress", args=[progress.pk])).status_code == 404
