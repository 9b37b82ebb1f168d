"""Forms for payments pages. Rules live in services; forms only shape the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.payments import services
from alongside.payments.models import Basis, CostRow, ExpenseKind, Method, PaymentPolicy

MONEY_ATTRS = {"inputmode": "decimal", "class": "input input--width-5", "spellcheck": "false"}


class StartClaimForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    contributions = forms.MultipleChoiceField(
        label=_("Which times did you take part?"),
        help_text=_("Select all that apply."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one time you took part")},
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].choices = choices


class ChoiceForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How would you like to be paid for your time?"),
        choices=Method.choices,
        widget=forms.RadioSelect,
        help_text=_("Expenses are always paid back, whatever you choose."),
        error_messages={"required": _("Choose how you would like to be paid")},
    )
    lower_amount = forms.CharField(
        label=_("Lower amount, in pounds (if you chose a lower amount)"),
        required=False,
        widget=forms.TextInput(MONEY_ATTRS),
    )
    payee_organisation = forms.CharField(
        label=_("Name of the organisation to pay (if you chose one)"), required=False, max_length=200
    )


class PreferenceForm(ChoiceForm):
    receives_benefits = forms.BooleanField(
        label=_("I receive benefits and would like to see my running totals before I claim"), required=False
    )


class ExpenseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of expense?"), choices=ExpenseKind.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(
        label=_("Date"),
        help_text=_("For example, 27 3 2026 or 2026-03-27"),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={
            "required": _("Enter the date of the expense"),
            "invalid": _("Enter a real date, like 27 3 2026"),
        },
    )
    amount = forms.CharField(
        label=_("Amount, in pounds"),
        required=False,
        help_text=_("Not needed for mileage or home costs"),
        widget=forms.TextInput(MONEY_ATTRS),
    )
    miles = forms.CharField(
        label=_("Miles (for mileage only)"), required=False, widget=forms.TextInput({"inputmode": "decimal"})
    )
    description = forms.CharField(label=_("Details"), required=False, max_length=200)
    receipt = forms.FileField(
        label=_("Receipt"), required=False, help_text=_("A photo or scan: JPG, PNG or PDF, up to 10 MB")
    )


class BankDetailsForm(forms.Form):
    account_name = forms.CharField(
        label=_("Name on the account"), max_length=60, widget=forms.TextInput({"autocomplete": "name"})
    )
    sort_code = forms.CharField(
        label=_("Sort code"),
        max_length=8,
        help_text=_("Must be 6 digits long"),
        widget=forms.TextInput({"inputmode": "numeric", "class": "input input--width-5"}),
    )
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=10,
        help_text=_("Must be between 6 and 8 digits long"),
        widget=forms.TextInput({"inputmode": "numeric", "class": "input input--width-10"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 3}), max_length=1000)


class AdjustForm(ReasonForm):
    target = forms.CharField(widget=forms.HiddenInput)
    new_amount = forms.CharField(label=_("New amount, in pounds"), widget=forms.TextInput(MONEY_ATTRS))


class CostPlanForm(forms.Form):
    title = forms.CharField(label=_("Name of this costing"), max_length=200)


class CostRowForm(forms.ModelForm):
    class Meta:
        model = CostRow
        fields = [
            "category",
            "description",
            "activity_type",
            "people",
            "sessions",
            "hours",
            "unit_cost",
            "notes",
        ]
        labels = {
            "activity_type": _("Activity type (for involvement activities)"),
            "unit_cost": _("Cost each, in pounds (not needed for activities)"),
            "hours": _("Hours each session"),
        }
        widgets = {"notes": forms.Textarea({"rows": 2})}


class EmploymentCheckForm(forms.Form):
    """Questions that point to employment rather than involvement (HMRC's employment status indicators)."""

    QUESTIONS = [
        ("ongoing", _("Is the person expected to work regular, ongoing hours (for example every week)?")),
        ("direction", _("Will the organisation decide how, when and where the work is done?")),
        (
            "substitution",
            _("Must the person do the work themselves, with no choice to say no or send someone else?"),
        ),
        (
            "team",
            _(
                "Will the person be treated as a full member of staff (email account, line manager, "
                "appraisal)?"
            ),
        ),
        ("obligation", _("Is the person obliged to accept work that is offered?")),
        ("salary", _("Is the payment a regular salary rather than payment for each activity?")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no")},
            )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = PaymentPolicy
        fields = [
            "effective_from",
            "title",
            "half_day_minutes",
            "day_minutes",
            "travel_at_cost",
            "mileage_rate",
            "taxis_by_agreement",
            "carer_costs",
            "home_costs_amount",
            "subsistence_limit",
            "claim_deadline_days",
            "days_to_pay",
            "eligibility_notes",
            "weekly_limit",
            "monthly_limit",
            "tax_year_limit",
            "benefits_notes",
        ]
        widgets = {"effective_from": forms.DateInput({"type": "date"})}
        help_texts = {"effective_from": _("Today or later. Earlier claims keep the rates that applied then.")}

    def clean(self):
        cleaned = super().clean()
        # Said next to each field before the database's own check answers with a generic message.
        for name, messages in services.negative_policy_amounts(cleaned).items():
            self.add_error(name, messages)
        return cleaned


class RateForm(forms.Form):
    activity_type = forms.SlugField(label=_("Activity type"), max_length=40, required=False)
    label = forms.CharField(label=_("Name shown to people"), max_length=120, required=False)
    basis = forms.ChoiceField(label=_("Paid"), choices=[("", "—"), *Basis.choices], required=False)
    amount = forms.DecimalField(
        label=_("Amount, in pounds"), max_digits=12, decimal_places=2, min_value=0, required=False
    )

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(f) not in (None, "") for f in ("activity_type", "label", "basis", "amount")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Fill in every part of a rate, or leave the row empty"))
        return cleaned


RateFormSet = forms.formset_factory(RateForm, extra=3, max_num=30)


class CsvLayoutForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("Columns in the payments CSV, in this order"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one column")},
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = choices


class ConfirmationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Confirmation file (CSV)"),
        help_text=_("The file your bank or finance system returned, in the layout of the template."),
    )
