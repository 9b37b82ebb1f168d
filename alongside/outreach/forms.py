from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.outreach.content import PERSON_PLACEHOLDERS, Content, unknown_placeholders
from alongside.outreach.kinds import Kind
from alongside.outreach.models import Buddy, CallAttempt, Loan, MessageTemplate, SavedAudience
from alongside.people import cleaning
from alongside.people.choices import Channel
from alongside.people.forms import detail_field


class CallOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened on the call?"), choices=CallAttempt.Outcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PreferencesForm(forms.Form):
    ACTIONS = [
        ("stop_kind", _("Stop messages like this one")),
        ("stop_all", _("Stop all messages except security and payment notices")),
        ("channels", _("Change how you hear from us")),
    ]
    action = forms.ChoiceField(
        label=_("What would you like to do?"), choices=ACTIONS, widget=forms.RadioSelect
    )
    channels = forms.MultipleChoiceField(
        label=_("How should we contact you?"),
        help_text=_("Choose all that you are happy with. We use the first one that works for you."),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, essential: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if essential:
            self.fields["action"].choices = [c for c in self.ACTIONS if c[0] != "stop_kind"]

    def clean(self):
        data = super().clean()
        if data.get("action") == "channels" and not data.get("channels"):
            self.add_error("channels", _("Choose at least one way for us to contact you"))
        return data


class SingleLineField(forms.CharField):
    """A line of text: new lines would let a name break into an email's headers."""

    def clean(self, value):
        value = super().clean(value)
        if value and ("\n" in value or "\r" in value):
            raise forms.ValidationError(_("Write this on one line"))
        return value


COMPOSER_KINDS = [
    (k.value, k.label)
    for k in (Kind.INVITATION, Kind.UPDATE, Kind.NEWSLETTER, Kind.REMINDER, Kind.WHAT_HAPPENED_NEXT)
]
_PLACEHOLDER_HINT = _(
    "You can use ((first_name)), ((name)), ((reference)), ((organisation)) and ((contact_phone))."
)


class ComposeForm(forms.Form):
    audience = forms.ModelChoiceField(label=_("Who to send it to"), queryset=SavedAudience.objects.none())
    kind = forms.ChoiceField(label=_("Kind of message"), choices=COMPOSER_KINDS)
    subject = SingleLineField(label=_("Subject or title"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        help_text=_PLACEHOLDER_HINT,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
    )
    easy_read_body = forms.CharField(
        label=_("Easy Read version"),
        help_text=_("Sent instead of the message to people who asked for Easy Read."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    phone_script = forms.CharField(
        label=_("Script for phone calls"),
        help_text=_("What staff say to people who asked to be phoned. Leave empty to read the message."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    send_at = forms.DateTimeField(
        label=_("When to send it"),
        help_text=_("Leave empty to send now. For example 2026-12-01 09:30"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, audiences=None, **kwargs):
        super().__init__(*args, **kwargs)
        if audiences is not None:
            self.fields["audience"].queryset = audiences

    def clean_send_at(self):
        send_at = self.cleaned_data.get("send_at")
        if send_at and send_at <= timezone.now():
            raise forms.ValidationError(_("The time to send must be in the future"))
        return send_at

    def clean(self):
        data = super().clean()
        for name in ("subject", "body", "easy_read_body", "phone_script"):
            unknown = unknown_placeholders([data.get(name, "")], PERSON_PLACEHOLDERS)
            if unknown:
                names = ", ".join(f"(({n}))" for n in unknown)
                self.add_error(
                    name, _("We cannot fill %(names)s. Use only the placeholders listed.") % {"names": names}
                )
        return data

    def content(self) -> Content:
        data = self.cleaned_data
        return Content(
            subject=data["subject"],
            body=data["body"],
            easy_read_body=data.get("easy_read_body", ""),
            phone_script=data.get("phone_script", ""),
        )


class AudienceForm(forms.ModelForm):
    class Meta:
        model = SavedAudience
        fields = ["name", "region", "interests", "status", "channel"]
        widgets = {"interests": forms.CheckboxSelectMultiple}
        help_texts = {
            "channel": _("Only people whose first choice is this channel. Leave empty for everyone."),
        }


class TemplateForm(forms.ModelForm):
    subject = SingleLineField(label=_("Subject or title"), max_length=150)

    class Meta:
        model = MessageTemplate
        fields = ["name", "kind", "subject", "body", "easy_read_body", "phone_script"]

    def clean(self):
        data = super().clean()
        for name in ("subject", "body", "easy_read_body", "phone_script"):
            unknown = unknown_placeholders([data.get(name) or ""], PERSON_PLACEHOLDERS)
            if unknown:
                names = ", ".join(f"(({n}))" for n in unknown)
                self.add_error(
                    name, _("We cannot fill %(names)s. Use only the placeholders listed.") % {"names": names}
                )
        return data


DAYS = [
    ("monday", _("Monday")),
    ("tuesday", _("Tuesday")),
    ("wednesday", _("Wednesday")),
    ("thursday", _("Thursday")),
    ("friday", _("Friday")),
    ("saturday", _("Saturday")),
    ("sunday", _("Sunday")),
]


class BuddyForm(forms.ModelForm):
    email = detail_field("email", _("Email address"), widget=forms.EmailInput)
    mobile = detail_field("mobile", _("Mobile number"), widget=forms.TelInput)
    languages_text = forms.CharField(
        label=_("Languages they speak"),
        help_text=_("Separate them with commas, for example English, Urdu"),
        required=False,
        max_length=200,
    )
    available_days = forms.MultipleChoiceField(
        label=_("Days they can help"), choices=DAYS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Buddy
        fields = ["name", "email", "mobile", "preferred_channel", "region", "postcode_area", "max_people"]

    # The same checks and tidying as a contributor's details (people.cleaning): numbers kept
    # as +447700900982, emails in lower case, postcode areas we know.
    def clean_email(self):
        return cleaning.email(self.cleaned_data.get("email"))

    def clean_mobile(self):
        return cleaning.phone(self.cleaned_data.get("mobile"), mobile=True)

    def clean_postcode_area(self):
        return cleaning.postcode_area(self.cleaned_data.get("postcode_area"))

    def clean(self):
        data = super().clean()
        if data.get("preferred_channel") == Channel.EMAIL and not data.get("email"):
            self.add_error("email", _("Enter an email address, or choose text messages"))
        if data.get("preferred_channel") == Channel.TEXT and not data.get("mobile"):
            self.add_error("mobile", _("Enter a mobile number, or choose email"))
        return data

    def save(self, commit=True):
        buddy = super().save(commit=False)
        buddy.languages = [
            p.strip() for p in self.cleaned_data.get("languages_text", "").split(",") if p.strip()
        ]
        buddy.available_days = self.cleaned_data.get("available_days", [])
        if commit:
            buddy.save()
        return buddy


class LoanForm(forms.ModelForm):
    class Meta:
        model = Loan
        fields = ["item", "description", "follow_up_on"]
        widgets = {"follow_up_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"follow_up_on": _("For example 2027-01-15")}

    def clean_follow_up_on(self):
        date = self.cleaned_data["follow_up_on"]
        if date <= timezone.localdate():
            raise forms.ValidationError(_("The follow-up date must be in the future"))
        return date


class FeedbackForm(forms.Form):
    doing = forms.CharField(
        label=_("What were you doing?"),
        help_text=_("For example, looking for an opportunity, joining, or claiming a payment."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell us what you were doing.")},
    )
    problem = forms.CharField(
        label=_("What went wrong, or what could be better?"),
        help_text=_("Please do not include details about your health."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tell us what went wrong, or what could be better.")},
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Only if you would like a reply."),
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.org, or leave it empty.")},
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)
