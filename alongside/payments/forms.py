"""Forms for payments pages. Rules live in services; forms only shape the input."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import MoneyField, NumberField
from alongside.payments import services
from alongside.payments.models import Basis, CostRow, ExpenseKind, Method, PaymentPolicy

NARROW = forms.TextInput({"class": "input input--width-5"})


class StartClaimForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    contributions = forms.MultipleChoiceField(
        label=_("Which times did you take part?"),
        help_text=_("Select all that apply."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one time you took part")},
    )

    def __init__(self, *args, choices=(), on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].choices = choices
        if on_behalf:  # staff claiming for someone from a phone call or a paper form
            field = self.fields["contributions"]
            field.label = _("Which times did they take part?")
            field.error_messages["required"] = _("Choose at least one time they took part")


class ChoiceForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How would you like to be paid for your time?"),
        choices=Method.choices,
        widget=forms.RadioSelect,
        help_text=_("Expenses are always paid back, whatever you choose."),
        error_messages={"required": _("Choose how you would like to be paid")},
    )
    lower_amount = MoneyField(
        label=_("Lower amount, in pounds (if you chose a lower amount)"),
        what=_("the lower amount"),
        required=False,
        widget=NARROW,
    )
    payee_organisation = forms.CharField(
        label=_("Name of the organisation to pay (if you chose one)"), required=False, max_length=200
    )

    def __init__(self, *args, on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        if on_behalf:
            method = self.fields["method"]
            method.label = _("How would they like to be paid for their time?")
            method.help_text = _("Expenses are always paid back, whatever they choose.")
            method.error_messages["required"] = _("Choose how they would like to be paid")


class PreferenceForm(ChoiceForm):
    receives_benefits = forms.BooleanField(
        label=_("I receive benefits and would like to see my running totals before I claim"), required=False
    )

    def __init__(self, *args, on_behalf=False, **kwargs):
        super().__init__(*args, on_behalf=on_behalf, **kwargs)
        if on_behalf:
            self.fields["receives_benefits"].label = _(
                "They receive benefits and would like to see their running totals before they claim"
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
    amount = MoneyField(
        label=_("Amount, in pounds"),
        what=_("the amount you spent"),
        allow_zero=False,
        required=False,
        help_text=_("Not needed for mileage or home costs"),
        widget=NARROW,
    )
    miles = NumberField(
        label=_("Miles (for mileage only)"),
        what=_("the miles"),
        places=services.MILES_PLACES,
        maximum=services.MOST_MILES,
        allow_zero=False,
        required=False,
    )
    description = forms.CharField(label=_("Details"), required=False, max_length=200)
    receipt = forms.FileField(
        label=_("Receipt"), required=False, help_text=_("A photo or scan: JPG, PNG or PDF, up to 10 MB")
    )


def _sort_code(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=8,
        help_text=_("Must be 6 digits long"),
        widget=forms.TextInput({"inputmode": "numeric", "class": "input input--width-5"}),
    )


def _account_number(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=10,
        help_text=_("Must be between 6 and 8 digits long"),
        widget=forms.TextInput({"inputmode": "numeric", "class": "input input--width-10"}),
    )


class BankDetailsForm(forms.Form):
    account_name = forms.CharField(
        label=_("Name on the account"), max_length=60, widget=forms.TextInput({"autocomplete": "name"})
    )
    sort_code = _sort_code(_("Sort code"))
    account_number = _account_number(_("Account number"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 3}), max_length=1000)


class AdjustForm(ReasonForm):
    target = forms.CharField(widget=forms.HiddenInput)
    new_amount = MoneyField(label=_("New amount, in pounds"), what=_("the new amount"), widget=NARROW)


class CostPlanForm(forms.Form):
    title = forms.CharField(label=_("Name of this costing"), max_length=200)


class CostRowForm(forms.ModelForm):
    hours = NumberField(
        label=_("Hours each session"),
        what=_("the hours each session"),
        places=2,
        maximum=24,
        example="1.5",
        initial=0,
    )
    unit_cost = MoneyField(
        label=_("Cost each, in pounds (not needed for activities)"),
        what=_("the cost each"),
        maximum=services.POLICY_MAXIMUM,
        widget=NARROW,
        initial=0,
    )

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
        labels = {"activity_type": _("Activity type (for involvement activities)")}
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


def _policy_money(name: str, *, required: bool = False) -> MoneyField:
    return MoneyField(
        label=capfirst(PaymentPolicy._meta.get_field(name).verbose_name),
        what=services.POLICY_AMOUNTS[name],
        maximum=services.POLICY_MAXIMUM,
        required=required,
        widget=NARROW,
    )


class PolicyForm(forms.ModelForm):
    mileage_rate = _policy_money("mileage_rate", required=True)
    home_costs_amount = _policy_money("home_costs_amount", required=True)
    subsistence_limit = _policy_money("subsistence_limit", required=True)
    weekly_limit = _policy_money("weekly_limit")
    monthly_limit = _policy_money("monthly_limit")
    tax_year_limit = _policy_money("tax_year_limit")

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


class RateForm(forms.Form):
    activity_type = forms.SlugField(label=_("Activity type"), max_length=40, required=False)
    label = forms.CharField(label=_("Name shown to people"), max_length=120, required=False)
    basis = forms.ChoiceField(label=_("Paid"), choices=[("", "—"), *Basis.choices], required=False)
    amount = MoneyField(label=_("Amount, in pounds"), what=_("the rate"), required=False, widget=NARROW)

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(f) not in (None, "") for f in ("activity_type", "label", "basis", "amount")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Fill in every part of a rate, or leave the row empty"))
        return cleaned


RateFormSet = forms.formset_factory(RateForm, extra=3, max_num=30)


def _days(name: str, label, help_text="") -> forms.IntegerField:
    lowest, highest = services.FINANCE_DAYS[name]
    return forms.IntegerField(
        label=label,
        min_value=lowest,
        max_value=highest,
        help_text=help_text,
        widget=forms.TextInput({"inputmode": "numeric", "class": "input input--width-2"}),
    )


class FinanceSettingsForm(forms.Form):
    """The organisation's Bacs details and safeguards; ``services.set_finance_settings`` checks them."""

    service_user_number = forms.CharField(
        label=_("Bacs service user number (SUN)"),
        max_length=10,
        help_text=_("The 6 digits your bank gave your organisation for Bacs, like 123456"),
        widget=forms.TextInput({"inputmode": "numeric", "class": "input input--width-5"}),
    )
    originator_name = forms.CharField(
        label=_("Name on the Bacs file"),
        max_length=18,
        required=False,
        help_text=_(
            "What people's bank statements show as the payer: 18 characters at most. "
            "Leave it empty to use your organisation's name."
        ),
    )
    sort_code = _sort_code(_("Sort code of the account payments come from"))
    account_number = _account_number(_("Number of the account payments come from"))
    bank_change_hold_days = _days(
        "bank_change_hold_days",
        _("Days to hold bank transfers after someone's bank details change"),
        _("0 turns the hold off"),
    )
    confirmation_due_days = _days(
        "confirmation_due_days", _("Days after a run by which the bank's confirmation should be imported")
    )


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
