from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from alongside.accounts import lockout
from alongside.core.absolute import on_base_url
from alongside.core.redirects import is_safe_next


class AccountAdapter(DefaultAccountAdapter):
    # The library's messages that people meet while signing in, in our own words, so that they
    # are in our catalogue and in Welsh too (the library has no Welsh).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_code": _("That code is not right. Check the code in the email and type it again."),
        "too_many_login_attempts": _("Too many tries. Wait 15 minutes, then try again, or phone us."),
        "rate_limited": _("Too many tries in a short time. Wait a few minutes, then try again."),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Sign-in mail stays with allauth (the one exception to "every message through outreach").

        allauth builds its links (``password_reset_url``, ``activate_url``…) from the request; they
        are moved onto ``BASE_URL`` so no emailed link ever carries the request's Host header.
        """
        links = {
            key: on_base_url(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str) and value
        }
        super().send_mail(template_prefix, email, {**context, **links})

    def is_safe_url(self, url) -> bool:
        # Sign-in, sign-out and re-authentication follow ``next`` only to a path on this site.
        return is_safe_next(url)

    def is_open_for_signup(self, request) -> bool:
        # People join through /join/, which also creates their contributor profile and records
        # consent; an account without a profile would be a dead end.
        return False

    def pre_login(self, request, user, **kwargs):
        if lockout.is_locked(user.email):
            clear_login(request)
            return render(request, "accounts/locked.html", status=429)
        return super().pre_login(request, user, **kwargs)
