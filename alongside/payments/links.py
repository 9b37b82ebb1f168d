"""Links to the payments app's pages, for the staff area and the account page (see core/links.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from alongside.core.links import PAYMENTS, RESEARCH, YOUR_PAYMENTS, Link
from alongside.payments.queries import claims_waiting_for, runs_waiting_for
from alongside.people.queries import has_profile, takes_part

STAFF_LINKS = [
    Link(
        "payments:staff_claims",
        _("Claims"),
        PAYMENTS,
        _("Claims for time and expenses: check them, then finance approve them."),
        order=10,
        waiting=claims_waiting_for,
        waiting_words=ngettext_lazy(
            "%(count)s claim waiting for you", "%(count)s claims waiting for you", "count"
        ),
    ),
    Link(
        "payments:runs",
        _("Payment runs"),
        PAYMENTS,
        _("Pay approved claims: one person prepares a run and another approves it."),
        order=20,
        waiting=runs_waiting_for,
        waiting_words=ngettext_lazy(
            "%(count)s payment run waiting for your approval",
            "%(count)s payment runs waiting for your approval",
            "count",
        ),
    ),
    Link(
        "payments:bank_holds",
        _("Holds after a change of bank details"),
        PAYMENTS,
        _("Who waits out a cooling-off period before being paid to new bank details."),
        order=30,
    ),
    Link(
        "payments:policy_versions",
        _("Payment policy"),
        PAYMENTS,
        _("Rates, limits and rules for paying people. Each change is kept as a new version."),
        order=40,
    ),
    Link(
        "payments:csv_layout",
        _("Layout of the payments file"),
        PAYMENTS,
        _("The columns of the CSV file for your finance system."),
        order=50,
    ),
    Link(
        "payments:cost_plans",
        _("Cost calculator"),
        RESEARCH,
        _("Work out what involvement will cost, for a funding application."),
        order=60,
    ),
]

ACCOUNT_LINKS = [
    Link(
        "payments:my_payments",
        _("Your payments"),
        YOUR_PAYMENTS,
        _("Your claims, how you are paid, yearly statements and a letter for a benefits adviser."),
        order=10,
        shown_when=takes_part,
    ),
    Link(
        "payments:start_claim",
        _("Claim for your time or expenses"),
        YOUR_PAYMENTS,
        _("Ask to be paid for something you took part in, and for what it cost you."),
        order=20,
        shown_when=has_profile,
    ),
    Link(
        "payments:preferences",
        _("How you would like to be paid"),
        YOUR_PAYMENTS,
        _("Bank transfer, vouchers or no payment, and what to know if you get benefits."),
        order=30,
        shown_when=has_profile,
    ),
]

# Offered on the staff pages of an opportunity and of a project.
OPPORTUNITY_LINKS = [
    Link(
        "payments:employment_check",
        _("Employment status check"),
        PAYMENTS,
        _("Check whether paying people for this role could make them employees."),
    ),
]
PROJECT_LINKS = [
    Link(
        "payments:project_budget",
        _("Budget"),
        PAYMENTS,
        _("What the project planned to spend on involvement, and what it has spent."),
    ),
]
# Offered on a contributor's staff page.
CONTRIBUTOR_LINKS = [
    Link(
        "payments:staff_person",
        _("Payments"),
        PAYMENTS,
        _("Their claims, how they like to be paid, statements and letters."),
        record_kwarg="contributor_pk",
    ),
]
