from django.contrib import admin
from django.urls import include, path

from alongside.accounts.views import sign_in_page
from alongside.api.api import api
from alongside.core.views import set_language

handler400 = "alongside.core.views.bad_request"
handler500 = "alongside.core.views.server_error"

urlpatterns = [
    path("", include("alongside.core.urls")),
    path("", include("alongside.accounts.urls")),
    path("", include("alongside.people.urls")),
    path("", include("alongside.opportunities.urls")),
    path("", include("alongside.outreach.urls")),
    path("", include("alongside.payments.urls")),
    path("", include("alongside.engagement.urls")),
    path("", include("alongside.insights.urls")),
    path("", include("alongside.bench.urls")),
    # The sign-in page is allauth's, served through the anonymous page cache (accounts/views.py).
    path("accounts/login/", sign_in_page, name="account_login"),
    path("accounts/", include("allauth.urls")),
    # Django's language switch, with its ``next`` checked like every other (core.redirects).
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
