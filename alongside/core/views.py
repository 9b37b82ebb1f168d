from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from alongside.core import services
from alongside.core.context_processors import service
from alongside.core.models import TaskProgress
from alongside.core.page_cache import anonymous_page
from alongside.core.redirects import safe_next
from alongside.core.tasks import demonstration_count


@anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every site whatever the page links; send them to the file."""
    return redirect(static("core/favicon.ico"), permanent=True)


@anonymous_page
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice, naming the controller this deployment set (settings, PRIVACY_*)."""
    controller = {
        "name": settings.PRIVACY_CONTROLLER_NAME,
        "address": settings.PRIVACY_CONTROLLER_ADDRESS,
        "email": settings.PRIVACY_EMAIL,
        "dpo_email": settings.PRIVACY_DPO_EMAIL,
        "ico_registration": settings.PRIVACY_ICO_REGISTRATION,
    }
    return render(request, "core/privacy.html", {"controller": controller})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the app can reach its database, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def task_progress(request: HttpRequest, pk) -> HttpResponse:
    # Only the person who started the work may watch it; others get a 404, not a hint.
    progress = get_object_or_404(TaskProgress, pk=pk, owner=request.user)
    return render(request, "core/task_progress.html", {"progress": progress})


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    tasks = TaskProgress.objects.filter(owner=request.user)[:50]
    return render(request, "core/my_tasks.html", {"tasks": tasks})


@login_required
@require_POST
def check_worker(request: HttpRequest) -> HttpResponse:
    """Start a short job so a person can see the background worker is running."""
    progress = services.start_progress(request.user, "Test job", total=5)
    demonstration_count.enqueue(str(progress.pk))
    return redirect("core:task_progress", pk=progress.pk)


def _error_context(request: HttpRequest) -> dict:
    # Only fixed values: the failure may be in the database or the session, and the
    # error page must appear all the same.
    return {**service(request), "request_id": getattr(request, "request_id", "")}


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.render_to_string("500.html", _error_context(request)))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseBadRequest(loader.render_to_string("400.html", _error_context(request)))


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, with its ``next`` through the one redirect check.

    Django's own view follows any address on the request's host and, failing that, the Referer
    header; here it only ever sees a path on this site (or the home page).
    """
    target = safe_next(request.POST.get("next") or request.GET.get("next"), "/")
    post, query = request.POST.copy(), request.GET.copy()
    post["next"] = query["next"] = target
    request.POST, request.GET = post, query
    return django_set_language(request)
