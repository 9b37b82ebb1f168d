"""Forms for writing opportunities, reviewing them, applying, selecting and recording attendance."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation, Region
from alongside.core.forms import NumberField, StrippedCharField
from alongside.opportunities.models import (
    Activity,
    Application,
    Format,
    JargonTerm,
    Opportunity,
    PathwayLevel,
    Project,
    SchoolHoliday,
)
from alongside.people import cleaning
from alongside.people.choices import AccessNeed, HowGiven
from alongside.people.forms import detail_field
from alongside.people.models import Topic

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OrganisationChoiceMixin:
    """Limits the organisation field to the organisations the user may write for."""

    def limit_organisations(self, organisations):
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            field.initial = organisations[0].pk


class ProjectForm(OrganisationChoiceMixin, forms.ModelForm):
    title = StrippedCharField(label=_("Project title"), max_length=200)

    class Meta:
        model = Project
        fields = ["organisation", "title", "summary", "stage"]
        labels = {"summary": _("Summary, in plain words"), "stage": _("Stage")}

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_organisations(organisations)


class OpportunityForm(OrganisationChoiceMixin, forms.ModelForm):
    title = StrippedCharField(label=_("Title"), max_length=150, help_text=_("Say what people would do."))
    contact_email = detail_field("email", _("Contact email"), widget=forms.EmailInput)
    contact_phone = detail_field("landline", _("Contact phone"), widget=forms.TelInput)
    places = forms.IntegerField(
        label=_("Number of places"),
        required=False,
        min_value=1,
        error_messages={"min_value": _("Places must be 1 or more. Leave it empty if there is no limit.")},
    )
    time_needed_hours = NumberField(
        label=_("Time needed, in hours"),
        what=_("the time needed"),
        places=1,
        maximum=Decimal("99999.9"),
        allow_zero=False,
        example="2.5",
        required=False,
    )
    support_offered = forms.MultipleChoiceField(
        label=_("Support we can offer"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Opportunity
        fields = [
            "organisation",
            "project",
            "title",
            "summary",
            "what_you_would_do",
            "who_we_want",
            "targets",
            "topics",
            "pathway_level",
            "format",
            "location",
            "region",
            "time_needed_hours",
            "time_needed",
            "paid",
            "payment_offered",
            "support_offered",
            "places",
            "opens_on",
            "closes_on",
            "contact_name",
            "contact_email",
            "contact_phone",
            "easy_read",
        ]
        labels = {
            "summary": _("Summary, in plain words"),
            "paid": _("We pay people for their time"),
            "payment_offered": _("Payment offered"),
            "opens_on": _("Applications open on"),
            "closes_on": _("Closing date"),
            "pathway_level": _("Level on the way in"),
            "contact_name": _("Contact name"),
            "contact_email": _("Contact email"),
            "contact_phone": _("Contact phone"),
        }
        help_texts = {
            "targets": _(
                "Optional. One a line: feature, value, minimum, maximum – for example "
                "“region, Wales, 2, 4” or “age_band, 18-24, 1, 3”. "
                "Used to compare applicants and to draw a panel."
            ),
            "summary": _(
                "Up to 600 characters. Spell out any acronym, for example “general practitioner (GP)”."
            ),
        }
        widgets = {"opens_on": DATE_INPUT, "closes_on": DATE_INPUT}

    def __init__(self, *args, organisations=(), projects=None, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_organisations(organisations)
        self.fields["closes_on"].required = True
        self.fields["closes_on"].error_messages["required"] = _("Enter a closing date.")
        self.fields["topics"].queryset = Topic.objects.filter(active=True)
        self.fields["project"].queryset = projects if projects is not None else Project.objects.none()
        self.fields["pathway_level"].queryset = levels if levels is not None else PathwayLevel.objects.none()
        self.fields["region"].choices = [("", _("Anywhere / not tied to a region")), *Region.choices]

    # Shown to the public, so checked and tidied like a contributor's details (people.cleaning).
    def clean_contact_email(self):
        return cleaning.email(self.cleaned_data.get("contact_email"))

    def clean_contact_phone(self):
        return cleaning.phone(self.cleaned_data.get("contact_phone"))

    def clean_targets(self):
        from alongside.opportunities.selection import parse_quotas

        targets = self.cleaned_data.get("targets", "")
        try:
            parse_quotas(targets)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return targets

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        for name in ("opens_on", "closes_on"):
            day = data.get(name)
            if day and day < today and (self.instance.pk is None or name in self.changed_data):
                self.add_error(name, _("The date must be today or in the future."))
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must be on or after the date applications open."))
        organisation = data.get("organisation")
        for name in ("project", "pathway_level"):
            item = data.get(name)
            if item and organisation and item.organisation_id != organisation.pk:
                self.add_error(name, _("Choose one that belongs to the same organisation."))
        return data


class ActivityForm(forms.ModelForm):
    title = StrippedCharField(label=_("Session title"), max_length=150)
    duration_minutes = forms.IntegerField(
        label=_("Length, in minutes"),
        min_value=1,
        error_messages={"min_value": _("The length must be at least 1 minute.")},
    )

    class Meta:
        model = Activity
        fields = ["title", "activity_type", "starts_at", "duration_minutes", "format", "location"]
        labels = {"activity_type": _("Type of activity"), "starts_at": _("Date and start time")}
        help_texts = {"activity_type": _("For example meeting, workshop, review, interview.")}
        widgets = {"starts_at": DATETIME_INPUT}

    def clean_starts_at(self):
        starts = self.cleaned_data.get("starts_at")
        changed = self.instance.pk is None or "starts_at" in self.changed_data
        if starts and changed and starts < timezone.now():
            raise forms.ValidationError(_("The session must start in the future."))
        return starts


class ReviewForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve and publish")),
        ("changes", _("Ask for changes")),
        ("reject", _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Your decision"), choices=ACTIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comments for the researcher"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you ask for changes or reject."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("changes", "reject") and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what needs to change, or why it is rejected."))
        return data


class ApplyForm(forms.Form):
    why_interested = forms.CharField(
        label=_("Why are you interested?"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences is plenty."),
        error_messages={"required": _("Tell us in a few words why you are interested.")},
    )
    anything_else = forms.CharField(
        label=_("Is there anything else we should know, such as support you need?"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffApplicationForm(ApplyForm):
    reference = forms.CharField(
        label=_("The person's reference"),
        max_length=12,
        help_text=_("Quoted on letters and calls, for example K7PX2QMA."),
    )
    how = forms.ChoiceField(
        label=_("How they applied"),
        choices=[(HowGiven.PHONE, HowGiven.PHONE.label), (HowGiven.PAPER, HowGiven.PAPER.label)],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["why_interested"].label = _("Why they are interested, in their words")


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Application.Status.choices)
    reason = forms.CharField(
        label=_("Reason (for not selected)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    message = forms.CharField(
        label=_("A kind message to the person"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Application.Status.NOT_SELECTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason; it is shared kindly with the person."))
        return data


class DrawForm(forms.Form):
    places = forms.IntegerField(label=_("Places to fill"), min_value=1)
    use_census = forms.MultipleChoiceField(
        label=_("Match the census shares for"),
        required=False,
        choices=[("region", _("Region")), ("age_band", _("Age band")), ("ethnic_group", _("Ethnic group"))],
        widget=forms.CheckboxSelectMultiple,
    )
    quotas = forms.CharField(
        label=_("Your own targets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: feature, value, minimum, maximum. For example “region, London, 1, 2”."),
    )
    seed = forms.IntegerField(
        label=_("Seed"), required=False, min_value=0, help_text=_("Leave empty for a new random draw.")
    )

    def clean_quotas(self) -> list:
        """The typed targets as quotas; a line that cannot be read is shown next to the field."""
        from alongside.opportunities.selection import parse_quotas

        try:
            return parse_quotas(self.cleaned_data.get("quotas", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class JargonTermForm(OrganisationChoiceMixin, forms.ModelForm):
    class Meta:
        model = JargonTerm
        fields = ["organisation", "term", "plain"]

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_organisations(organisations)


class SchoolHolidayForm(OrganisationChoiceMixin, forms.ModelForm):
    class Meta:
        model = SchoolHoliday
        fields = ["organisation", "name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_organisations(organisations)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        return data


class PathwayLevelForm(OrganisationChoiceMixin, forms.ModelForm):
    class Meta:
        model = PathwayLevel
        fields = ["organisation", "name", "description", "position", "learning_links"]

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_organisations(organisations)

    def clean_learning_links(self):
        links = self.cleaned_data.get("learning_links", "")
        validator = forms.URLField()
        for line in links.splitlines():
            if line.strip():
                try:
                    validator.clean(line.strip())
                except forms.ValidationError as exc:
                    raise forms.ValidationError(
                        _("“%(link)s” is not a web address. Start it with https://") % {"link": line.strip()}
                    ) from exc
        return links


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    format = forms.ChoiceField(label=_("How"), required=False, choices=[("", _("Any")), *Format.choices])
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Anywhere")), *Region.choices]
    )
    time = forms.ChoiceField(
        label=_("Time needed"),
        required=False,
        choices=[
            ("", _("Any")),
            ("short", _("Up to 2 hours")),
            ("medium", _("2 to 10 hours")),
            ("long", _("More than 10 hours")),
        ],
    )
    paid = forms.ChoiceField(
        label=_("Payment"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Paid for your time")), ("no", _("Unpaid"))],
    )
    closing = forms.ChoiceField(
        label=_("Closing"), required=False, choices=[("", _("Any time")), ("soon", _("In the next 2 weeks"))]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("closing", _("Closing soonest")), ("newest", _("Newest")), ("title", _("Title"))],
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any")), *((t.slug, str(t)) for t in topics)]
