"""The real URLs plus one view that always fails, to see what a server error looks like."""

from django.urls import path

from alongside.urls import handler400, handler500
from alongside.urls import urlpatterns as real_urlpatterns

__all__ = ["handler400", "handler500", "urlpatterns"]


def always_fails(request):
    raise RuntimeError("canary-4471 internal detail that must stay hidden")


urlpatterns = [path("test-fault/", always_fails), *real_urlpatterns]
