from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.conf import settings
from django.shortcuts import render

from alongside.accounts import lockout
from alongside.core.redirects import is_safe_next


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Links in emails use the configured address, never the request's Host header.
        context = {**context, "base_url": settings.BASE_URL}
        super().send_mail(template_prefix, email, context)

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
