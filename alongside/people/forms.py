"""Forms for profiles, joining, consent, equality monitoring, search, imports and partners."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Organisation, Region
from alongside.core.forms import StrippedCharField
from alongside.people import cleaning
from alongside.people.choices import (
    AccessNeed,
    Channel,
    Confidence,
    Device,
    Disability,
    EthnicGroup,
    EthnicGroupHigh,
    GenderSameAsSex,
    HowGiven,
    Internet,
    Sex,
    Status,
    TimeOfDay,
    Weekday,
)
from alongside.people.models import (
    CommunityChampion,
    CommunityPartner,
    LivedExperience,
    PartnerContact,
    Topic,
)

TRAVEL_STEPS = (5, 10, 20, 50)
CHANNEL_RANKS = (
    ("1", gettext_lazy("First choice")),
    ("2", gettext_lazy("Second")),
    ("3", gettext_lazy("Third")),
)


def detail_field(name: str, label, *, required: bool = False, **kwargs) -> forms.CharField:
    """A text box for a contributor detail. The checks are the shared cleaner's (``cleaning``),
    run by ``DetailsMixin``; the field only carries the label and the browser's length limit."""
    widget = kwargs.pop("widget", forms.TextInput)
    attrs = {"maxlength": cleaning.limit(name)}
    field = forms.CharField(label=label, required=required, widget=widget(attrs=attrs), **kwargs)
    if required:
        field.error_messages["required"] = cleaning.NAME_NEEDED
    return field


class DetailsMixin:
    """Checks and tidies the contributor details a form has with the cleaner the API, imports and
    services use, and notes (without refusing) a postcode we do not know."""

    def clean(self):
        data = super().clean()
        present = {n: data[n] for n in cleaning.FIELDS if n in self.fields and n in data}
        try:
            data.update(cleaning.clean_contributor(present))
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                self.add_error(field, problems)
        self.postcode_warning = cleaning.postcode_warning(data.get("postcode", ""))
        return data


class ChannelOrderMixin:
    """Channels in order: one rank per channel (first, second, third), left blank if not wanted."""

    def add_channel_fields(self, initial: list[str] | None = None):
        initial = initial or []
        for channel, label in Channel.choices:
            rank = (
                str(initial.index(channel) + 1) if channel in initial and initial.index(channel) < 3 else ""
            )
            self.fields[f"channel_{channel}"] = forms.ChoiceField(
                label=label,
                choices=[("", _("Not this way"))] + list(CHANNEL_RANKS),
                required=False,
                initial=rank,
            )

    def clean_channels(self) -> list[str]:
        ranks = {}
        for channel in Channel.values:
            rank = self.cleaned_data.get(f"channel_{channel}")
            if rank:
                if rank in ranks:
                    self.add_error(
                        f"channel_{channel}", _("Choose a different order for each way of contact.")
                    )
                ranks[rank] = channel
        return [ranks[r] for r in sorted(ranks)]


class ProfileForm(ChannelOrderMixin, DetailsMixin, forms.Form):
    first_name = detail_field("first_name", gettext_lazy("First name"), required=True)
    last_name = detail_field("last_name", gettext_lazy("Last name"))
    known_as = detail_field("known_as", gettext_lazy("What should we call you?"))
    email = detail_field("email", gettext_lazy("Email address"), widget=forms.EmailInput)
    mobile = detail_field("mobile", gettext_lazy("Mobile number"), widget=forms.TelInput)
    landline = detail_field("landline", gettext_lazy("Landline number"), widget=forms.TelInput)
    address_line_1 = detail_field("address_line_1", gettext_lazy("Address line 1"))
    address_line_2 = detail_field("address_line_2", gettext_lazy("Address line 2"))
    town = detail_field("town", gettext_lazy("Town or city"))
    postcode = detail_field("postcode", gettext_lazy("Postcode"))
    times_not_to_call = detail_field("times_not_to_call", gettext_lazy("Times not to phone you"))
    access_needs = forms.MultipleChoiceField(
        label=gettext_lazy("Support you need to take part"),
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_needs_other = detail_field(
        "access_needs_other", gettext_lazy("Any other support, in your own words"), widget=forms.Textarea
    )
    languages = StrippedCharField(
        label=gettext_lazy("Languages you use"),
        help_text=gettext_lazy("Separate them with commas, for example English, Urdu."),
        required=False,
    )
    device = forms.ChoiceField(
        label=gettext_lazy("Device"), choices=[("", "—")] + Device.choices, required=False
    )
    internet = forms.ChoiceField(
        label=gettext_lazy("Internet"), choices=[("", "—")] + Internet.choices, required=False
    )
    digital_confidence = forms.ChoiceField(
        label=gettext_lazy("How confident are you online?"),
        choices=[("", "—")] + Confidence.choices,
        required=False,
    )
    wants_digital_buddy = forms.BooleanField(
        label=gettext_lazy("I would like a digital buddy to help me get online"), required=False
    )
    lived_experience = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Your experience of health and care"),
        queryset=LivedExperience.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lived_experience_other = detail_field(
        "lived_experience_other", gettext_lazy("Anything else about your experience"), widget=forms.Textarea
    )
    interests = forms.ModelMultipleChoiceField(
        label=gettext_lazy("What you are interested in"),
        queryset=Topic.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available_days = forms.MultipleChoiceField(
        label=gettext_lazy("Days you are usually free"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available_times = forms.MultipleChoiceField(
        label=gettext_lazy("Times you are usually free"),
        choices=TimeOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    online = forms.BooleanField(label=gettext_lazy("I can take part online"), required=False)
    by_phone = forms.BooleanField(label=gettext_lazy("I can take part by phone"), required=False)
    in_person = forms.BooleanField(label=gettext_lazy("I can take part in person"), required=False)
    travel_miles = forms.IntegerField(
        label=gettext_lazy("How many miles can you travel?"), min_value=0, max_value=1000, required=False
    )

    def __init__(self, *args, channels: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_channel_fields(channels)
        self.postcode_warning = ""

    def clean_languages(self):
        return [part.strip() for part in self.cleaned_data.get("languages", "").split(",") if part.strip()]

    def clean(self):
        data = super().clean()
        data["preferred_channels"] = self.clean_channels()
        return data

    def profile_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for channel in Channel.values:
            data.pop(f"channel_{channel}", None)
        return data


# The same questions, asked by staff about someone else (review D20: "What should we call you?").
STAFF_LABELS = {
    "known_as": gettext_lazy("What should we call them?"),
    "times_not_to_call": gettext_lazy("Times not to phone them"),
    "access_needs": gettext_lazy("Support they need to take part"),
    "access_needs_other": gettext_lazy("Any other support, in their own words"),
    "languages": gettext_lazy("Languages they use"),
    "digital_confidence": gettext_lazy("How confident are they online?"),
    "wants_digital_buddy": gettext_lazy("They would like a digital buddy to help them get online"),
    "lived_experience": gettext_lazy("Their experience of health and care"),
    "lived_experience_other": gettext_lazy("Anything else about their experience"),
    "interests": gettext_lazy("What they are interested in"),
    "available_days": gettext_lazy("Days they are usually free"),
    "available_times": gettext_lazy("Times they are usually free"),
    "online": gettext_lazy("They can take part online"),
    "by_phone": gettext_lazy("They can take part by phone"),
    "in_person": gettext_lazy("They can take part in person"),
    "travel_miles": gettext_lazy("How many miles can they travel?"),
}


class StaffProfileForm(ProfileForm):
    how = forms.ChoiceField(
        label=gettext_lazy("How did the person give this information?"),
        choices=[c for c in HowGiven.choices if c[0] != HowGiven.IMPORT],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in STAFF_LABELS.items():
            self.fields[name].label = label

    def profile_fields(self) -> dict:
        data = super().profile_fields()
        data.pop("how")
        return data


def profile_initial(contributor) -> dict:
    initial = {
        name: getattr(contributor, name) for name in ProfileForm.base_fields if hasattr(contributor, name)
    }
    initial["languages"] = ", ".join(contributor.languages)
    initial["interests"] = list(contributor.interests.all())
    initial["lived_experience"] = list(contributor.lived_experience.all())
    return initial


class JoinForm(ChannelOrderMixin, DetailsMixin, forms.Form):
    """Only what is essential; everything else can be added later."""

    first_name = detail_field("first_name", gettext_lazy("First name"), required=True)
    last_name = detail_field("last_name", gettext_lazy("Last name"))
    email = detail_field(
        "email",
        gettext_lazy("Email address"),
        widget=forms.EmailInput,
        help_text=gettext_lazy("If you give an email address you can sign in with a code we send you."),
    )
    mobile = detail_field("mobile", gettext_lazy("Mobile number"), widget=forms.TelInput)
    landline = detail_field("landline", gettext_lazy("Landline number"), widget=forms.TelInput)
    address_line_1 = detail_field("address_line_1", gettext_lazy("Address"))
    town = detail_field("town", gettext_lazy("Town or city"))
    postcode = detail_field("postcode", gettext_lazy("Postcode"))
    interests = forms.ModelMultipleChoiceField(
        label=gettext_lazy("What are you interested in?"),
        queryset=Topic.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_needs = forms.MultipleChoiceField(
        label=gettext_lazy("Do you need any support to take part?"),
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_needs_other = detail_field(
        "access_needs_other", gettext_lazy("Any other support, in your own words"), widget=forms.Textarea
    )
    consent_contact = forms.BooleanField(required=False)
    consent_findable = forms.BooleanField(required=False)
    consent_newsletter = forms.BooleanField(required=False)

    def __init__(self, *args, wordings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_channel_fields()
        self.postcode_warning = ""
        for purpose, wording in (wordings or {}).items():
            name = f"consent_{purpose}"
            if name in self.fields:
                self.fields[name].label = wording.shown_text

    def clean(self):
        data = super().clean()
        data["preferred_channels"] = self.clean_channels()
        ways = {
            "email": data.get("email"),
            "text": data.get("mobile"),
            "phone": data.get("mobile") or data.get("landline"),
            "letter": data.get("address_line_1") and data.get("postcode"),
        }
        if not any(ways.values()) and not self.errors:
            raise forms.ValidationError(
                _("Give us at least one way to contact you: an email address, a phone number or an address.")
            )
        for channel in data["preferred_channels"]:
            if not ways.get(channel):
                self.add_error(
                    f"channel_{channel}",
                    _("Give the details we need for %(channel)s, or choose another way.")
                    % {"channel": Channel(channel).label.lower()},
                )
        return data

    def consents(self) -> dict[str, bool]:
        return {p: bool(self.cleaned_data.get(f"consent_{p}")) for p in ("contact", "findable", "newsletter")}

    def profile_fields(self) -> dict:
        skip = {f"channel_{c}" for c in Channel.values} | {
            "consent_contact",
            "consent_findable",
            "consent_newsletter",
        }
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Status.choices)
    reason = StrippedCharField(label=gettext_lazy("Reason"), max_length=200, required=False)


class ConsentForm(forms.Form):
    how = forms.ChoiceField(
        label=gettext_lazy("How was this answer given?"),
        choices=[c for c in HowGiven.choices if c[0] != HowGiven.IMPORT],
        required=False,
    )


def _with_prefer_not(choices):
    return [("", _("Not answered"))] + list(choices)


class EqualityForm(forms.Form):
    year_of_birth = forms.IntegerField(
        label=gettext_lazy("Year of birth"), min_value=1900, max_value=2030, required=False
    )
    age_prefer_not = forms.BooleanField(label=gettext_lazy("Prefer not to say my age"), required=False)
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), choices=_with_prefer_not(Sex.choices), required=False)
    gender_same_as_sex = forms.ChoiceField(
        label=gettext_lazy("Is the gender you identify with the same as your sex registered at birth?"),
        choices=_with_prefer_not(GenderSameAsSex.choices),
        required=False,
    )
    gender_identity = StrippedCharField(
        label=gettext_lazy("Your gender identity, if you want to tell us"), max_length=100, required=False
    )
    ethnic_group = forms.ChoiceField(
        label=gettext_lazy("Ethnic group"), choices=_with_prefer_not(EthnicGroup.choices), required=False
    )
    disability = forms.ChoiceField(
        label=gettext_lazy(
            "Do you have a physical or mental health condition or illness that has a substantial, "
            "long-term effect on your ability to carry out day-to-day activities?"
        ),
        help_text=gettext_lazy("This is the Equality Act 2010 definition of disability."),
        choices=_with_prefer_not(Disability.choices),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("age_prefer_not") and data.get("year_of_birth"):
            self.add_error(
                "year_of_birth", _("Either give a year of birth or choose prefer not to say, not both.")
            )
        return data


class SearchForm(forms.Form):
    experiences = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Lived experience"),
        queryset=LivedExperience.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Interests"),
        queryset=Topic.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.MultipleChoiceField(
        label=gettext_lazy("Region"),
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    modes = forms.MultipleChoiceField(
        label=gettext_lazy("Can take part"),
        choices=[("online", _("Online")), ("phone", _("By phone")), ("in_person", _("In person"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    days = forms.MultipleChoiceField(
        label=gettext_lazy("Free on"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Steps, not any number: a filter that can move one mile at a time lets a researcher take
    # people out of a search one by one (docs/people.md, the disclosure rule).
    min_travel_miles = forms.TypedChoiceField(
        label=gettext_lazy("Can travel at least"),
        choices=[("", gettext_lazy("Any distance"))]
        + [(str(n), gettext_lazy("%(n)s miles") % {"n": n}) for n in TRAVEL_STEPS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    limit_support = forms.BooleanField(
        label=gettext_lazy("Only show people whose support needs we can meet"), required=False
    )
    support_offered = forms.MultipleChoiceField(
        label=gettext_lazy("Support we can offer"),
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ethnic_groups = forms.MultipleChoiceField(
        label=gettext_lazy("Ethnic group"),
        choices=[c for c in EthnicGroupHigh.choices if c[0] != EthnicGroupHigh.PREFER_NOT],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    disability = forms.MultipleChoiceField(
        label=gettext_lazy("Disability"),
        choices=[(Disability.YES, _("Disabled")), (Disability.NO, _("Not disabled"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    born_from = forms.IntegerField(label=gettext_lazy("Born in or after"), min_value=1900, required=False)
    born_to = forms.IntegerField(label=gettext_lazy("Born in or before"), min_value=1900, required=False)

    EQUALITY_FIELDS = ("ethnic_groups", "disability", "born_from", "born_to")

    def __init__(self, *args, equality: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.equality_allowed = equality
        if not equality:
            for name in self.EQUALITY_FIELDS:
                self.fields.pop(name)

    def filters(self, page: int = 1):
        from alongside.people.queries import SearchFilters

        data = self.cleaned_data
        return SearchFilters(
            experiences=tuple(e.pk for e in data.get("experiences") or ()),
            topics=tuple(t.pk for t in data.get("topics") or ()),
            regions=tuple(data.get("regions") or ()),
            modes=tuple(data.get("modes") or ()),
            days=tuple(data.get("days") or ()),
            min_travel_miles=data.get("min_travel_miles"),
            support_offered=tuple(data.get("support_offered") or ()) if data.get("limit_support") else None,
            ethnic_groups=tuple(data.get("ethnic_groups") or ()),
            disability=tuple(data.get("disability") or ()),
            born_from=data.get("born_from"),
            born_to=data.get("born_to"),
            page=page,
        )


class InviteChoiceForm(forms.Form):
    """On the search results: what to invite people to, and how many."""

    target = forms.ChoiceField(label=gettext_lazy("What to invite them to"))
    number = forms.IntegerField(
        label=gettext_lazy("How many people to invite"),
        help_text=gettext_lazy("We choose them at random from the people your search found."),
        min_value=1,
        max_value=50,
    )

    def __init__(self, *args, targets=(), most: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t.key, t.label) for t in targets]
        if most:
            self.fields["number"].widget.attrs["max"] = most
            self.fields["number"].help_text = _(
                "We choose them at random from the people your search found. You can invite up to %(n)s."
            ) % {"n": most}


class SearchInviteForm(InviteChoiceForm):
    message = forms.CharField(
        label=gettext_lazy("Your message"),
        help_text=gettext_lazy(
            "Needed for a personal invitation. Say what taking part involves. Do not ask for contact "
            "details: people who accept share them with you."
        ),
        widget=forms.Textarea,
        max_length=3000,
        required=False,
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet of contributors"),
        help_text=gettext_lazy("A CSV or Excel (.xlsx) file with a header row. Up to 20 MB."),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )


class ImportConfirmForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("What should we import?"),
        choices=[("all", _("Import only if every row is good")), ("good", _("Import the good rows only"))],
        widget=forms.RadioSelect,
    )


class PartnerForm(forms.ModelForm):
    name = StrippedCharField(label=gettext_lazy("Name of the group or charity"), max_length=200)
    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=[
            (Organisation.Type.COMMUNITY, _("Community group")),
            (Organisation.Type.CHARITY, _("Charity")),
        ],
    )
    areas = forms.MultipleChoiceField(
        label=gettext_lazy("Areas served"),
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = StrippedCharField(
        label=gettext_lazy("Languages"), help_text=gettext_lazy("Separate them with commas."), required=False
    )
    website = forms.URLField(label=gettext_lazy("Website"), assume_scheme="https", required=False)
    partnership = forms.MultipleChoiceField(
        label=gettext_lazy("Kind of partnership offered"),
        choices=CommunityPartner.Partnership.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = CommunityPartner
        fields = ["description", "communities_served", "areas_detail", "website"]
        labels = {
            "description": gettext_lazy("About the group"),
            "communities_served": gettext_lazy("Communities served"),
            "areas_detail": gettext_lazy("Towns or neighbourhoods"),
            "website": gettext_lazy("Website"),
        }

    def clean_languages(self):
        return [part.strip() for part in self.cleaned_data.get("languages", "").split(",") if part.strip()]


class PartnerContactForm(forms.ModelForm):
    email = detail_field("email", gettext_lazy("Email address"), widget=forms.EmailInput)
    phone = detail_field("landline", gettext_lazy("Phone number"), widget=forms.TelInput)

    class Meta:
        model = PartnerContact
        fields = ["name", "role", "email", "phone"]

    def clean_email(self):
        return cleaning.email(self.cleaned_data.get("email"))

    def clean_phone(self):
        return cleaning.phone(self.cleaned_data.get("phone"))


class ChampionForm(forms.ModelForm):
    email = detail_field("email", gettext_lazy("Email address"), widget=forms.EmailInput)
    phone = detail_field("landline", gettext_lazy("Phone number"), widget=forms.TelInput)

    contributor_reference = forms.CharField(
        label=gettext_lazy("Contributor reference, if the champion is a public contributor"),
        max_length=12,
        required=False,
    )

    class Meta:
        model = CommunityChampion
        fields = ["name", "communities", "email", "phone"]

    def clean_email(self):
        return cleaning.email(self.cleaned_data.get("email"))

    def clean_phone(self):
        return cleaning.phone(self.cleaned_data.get("phone"))
