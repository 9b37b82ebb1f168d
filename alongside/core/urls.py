from django.urls import path
from django.views.generic import TemplateView

from alongside.core import views
from alongside.core.page_cache import anonymous_page

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", anonymous_page(TemplateView.as_view(template_name="core/help.html")), name="help"),
    path(
        "accessibility/",
        anonymous_page(TemplateView.as_view(template_name="core/accessibility.html")),
        name="accessibility",
    ),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/check-worker/", views.check_worker, name="check_worker"),
    path("tasks/<uuid:pk>/", views.task_progress, name="task_progress"),
]
