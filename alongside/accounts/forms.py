from __future__ import annotations

from allauth.account.forms import LoginForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.core.forms import StrippedCharField


class AccountDetailsForm(forms.ModelForm):
    full_name = StrippedCharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("How you would like us to address you."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for this website and our emails"), choices=settings.LANGUAGES
    )

    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]


class SignInForm(LoginForm):
    """One sign-in form: staff give a password; everyone else leaves it blank and gets a code."""

    def _setup_password_field(self) -> None:
        field = self.fields["password"]
        field.required = False
        field.label = _("Password (staff only)")
        field.help_text = _("Members of the public: leave this blank and we will email you a sign-in code.")
        self.fields["login"].label = _("Email address")
