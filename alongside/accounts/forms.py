from __future__ import annotations

from allauth.account.forms import ConfirmLoginCodeForm, LoginForm
from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation, Role, User
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


def _code_field(form: forms.Form, label, hint) -> None:
    """A labelled code box with a hint, not the library's placeholder that vanishes as you type."""
    field = form.fields["code"]
    field.label, field.help_text = label, hint
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(
        {"autocomplete": "one-time-code", "spellcheck": "false", "class": "input input--width-10"}
    )


class SignInCodeForm(ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("Sign-in code"), _("The code in the email we sent you, for example ABCD2345."))


class SecondStepForm(AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = _("The 6 digits your authenticator app shows now, or one of your backup codes.")
        _code_field(self, _("Code"), hint)


# What each role may do, shown beside the choice so an admin knows what they are giving.
ROLE_CHOICES = {
    Role.RESEARCHER: _("Researcher: writes opportunities and finds contributors through the search"),
    Role.INVOLVEMENT_STAFF: _("Involvement staff: runs the contributor pool, events, messages and claims"),
    Role.FINANCE: _("Finance: approves payment runs and sees bank details"),
    Role.ORG_ADMIN: _(
        "Organisation admin: manages the team and the payment policy, and reads the access log"
    ),
    Role.NATIONAL_ADMIN: _("National admin: manages every organisation and team"),
}


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, roles, **kwargs):
        kwargs.setdefault("label", _("Roles"))
        kwargs.setdefault(
            "error_messages",
            {"required": _("Choose at least one role."), "invalid_choice": _("Choose a role from the list.")},
        )
        super().__init__(choices=[(role, ROLE_CHOICES[role]) for role in roles], **kwargs)


class InvitationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your organisations.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We email the invitation here. It must be the address the person will sign in with."),
        error_messages={
            "required": _("Enter the person's email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    full_name = StrippedCharField(label=_("Name"), max_length=200, required=False)

    def __init__(self, *args, organisations, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["roles"] = RolesField(roles)
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.initial["organisation"] = self.initial.get("organisation") or organisations.first()


class RolesForm(forms.Form):
    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"] = RolesField(roles)


class AcceptInvitationForm(SetPasswordForm):
    """The invitee's name and a new password, checked by the password rules (AUTH_PASSWORD_VALIDATORS)."""

    full_name = StrippedCharField(label=_("Your name"), max_length=200)
    field_order = ["full_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["full_name"].error_messages["required"] = _("Enter your name.")


class OrganisationForm(forms.ModelForm):
    slug = forms.SlugField(
        label=_("Short name for web addresses"),
        max_length=80,
        required=False,
        help_text=_(
            "Lower-case letters, numbers and hyphens, for example northbridge. Leave blank to make one from "
            "the name. Changing it changes the address of the organisation's public payment policy."
        ),
    )

    class Meta:
        model = Organisation
        fields = ["name", "type", "region", "slug"]
        labels = {"name": _("Name"), "type": _("Type of organisation"), "region": _("Region")}
        error_messages = {
            "name": {
                "unique": _("An organisation with this name already exists."),
                "required": _("Enter the organisation's name."),
            },
        }

    def clean_slug(self) -> str:
        slug = (
            self.cleaned_data.get("slug")
            or slugify(self.cleaned_data.get("name") or self.data.get("name", ""))[:80]
        )
        if not slug:
            raise forms.ValidationError(_("Enter a short name using letters and numbers."))
        taken = Organisation.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another organisation uses this short name. Choose another."))
        return slug
