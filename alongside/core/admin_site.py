"""The Django admin site, with its sign-in ``next`` checked like every other (``core.redirects``).

Django's admin sign-in follows any address on the request's host; here it follows only a path on
this site, or goes to the admin index.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse

from alongside.core.redirects import safe_next


class AlongsideAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if wanted is not None:
            target = safe_next(wanted, reverse("admin:index", current_app=self.name))
            post, query = request.POST.copy(), request.GET.copy()
            for data in (post, query):
                if REDIRECT_FIELD_NAME in data:
                    data[REDIRECT_FIELD_NAME] = target
            request.POST, request.GET = post, query
        return super().login(request, extra_context)


class AlongsideAdminConfig(AdminConfig):
    default_site = "alongside.core.admin_site.AlongsideAdminSite"
