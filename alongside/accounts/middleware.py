from __future__ import annotations

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts import idle

# Pages a staff member may reach before finishing the second factor: sign-in,
# setting up the authenticator, signing out, and assets.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class ActiveAccountMiddleware:
    """A disabled account loses its live sessions on the very next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_active:
            logout(request)
        return self.get_response(request)


class StaffSecondFactorMiddleware:
    """Staff must sign in with a password and a TOTP code before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff_member:
            response = self._enforce(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _enforce(self, request, user):
        methods = {r.get("method") for r in get_authentication_records(request, user)}
        if "password" not in methods:
            logout(request)
            messages.info(request, _("Staff accounts sign in with a password and an authenticator app."))
            return redirect("account_login")
        if request.path.startswith(_OPEN_PREFIXES):
            return None
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            messages.info(request, _("Set up an authenticator app to finish signing in."))
            return redirect(reverse("mfa_activate_totp"))
        if "mfa" not in methods:
            logout(request)
            return redirect("account_login")
        return None


class IdleTimeoutMiddleware:
    """Sign out a session left idle for longer than ``SESSION_IDLE_TIMEOUT`` seconds.

    Pages warn two minutes beforehand and offer to stay signed in (accounts/timeout.js).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if idle.timeout_seconds() and user.is_authenticated and idle.is_idle(request.session):
            logout(request)
            messages.info(
                request,
                _(
                    "You were signed out because you had not used the website for a while. "
                    "Sign in again to carry on."
                ),
            )
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
