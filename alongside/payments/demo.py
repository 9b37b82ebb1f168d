"""The demo's money: an example payment policy for each organisation, and Northbridge's claims in
every state, paid in one finished run and waiting in a second run for its second approver.

The example figures are an example only, to show how Alongside works. They are not advice.
Every organisation must set its own rates and limits, checked against its current guidance (for
example the NIHR's payment guidance, HMRC's approved mileage rates and the Department for Work
and Pensions' current permitted-earnings limits).

The story, through ``payments.services``, ``runs`` and ``confirmations`` on the day it happened:
people who took part claim (online, or Tom enters a claim from a phone call or a paper form);
Tom or Gareth checks; Helen or Owen approves. Owen started the first run and Helen approved it;
the bank's confirmation came back with one payment failed, which is being paid again. Helen has
prepared the second run: it waits for Owen (maker and checker).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from alongside.accounts.demo import staff_user
from alongside.accounts.models import Organisation
from alongside.core.demodata import Story, chance
from alongside.opportunities.demo_plans import FIRST_TITLE
from alongside.opportunities.models import Activity, Contribution, Opportunity
from alongside.payments import confirmations, runs, services
from alongside.payments.models import (
    BankDetails,
    Basis,
    Claim,
    CostPlan,
    CostRow,
    ExpenseKind,
    Method,
    PaymentPolicy,
)
from alongside.people.demo import cast

EXAMPLE_NOTICE = (
    "This is an example policy in the demo data. The figures are examples only: check them "
    "against your organisation's current guidance before using them."
)

EXAMPLE_RATES = [
    ("meeting", "Meeting or focus group", Basis.HOUR, "25.00"),
    ("workshop", "Workshop", Basis.HALF_DAY, "75.00"),
    ("panel", "Full-day panel or event", Basis.DAY, "150.00"),
    ("review", "Reviewing a document", Basis.FIXED, "50.00"),
]

KEY = "demo-claim-"


def example_policy(organisation, *, effective_from=datetime.date(2026, 4, 6), created_by=None):
    """The example policy from ``effective_from``, or the version already there (safe to run again)."""
    existing = PaymentPolicy.objects.filter(organisation=organisation, effective_from=effective_from).first()
    if existing is not None:
        return existing
    return services.create_policy(
        organisation,
        effective_from=effective_from,
        rates=EXAMPLE_RATES,
        created_by=created_by,
        backdated=True,
        title="Example payment policy",
        is_example=True,
        mileage_rate="0.45",
        home_costs_amount="10.00",
        subsistence_limit="15.00",
        claim_deadline_days=90,
        days_to_pay=14,
        eligibility_notes=(
            "People paid a full-time public sector salary for related work are not usually paid for their "
            "time, but their expenses are covered. " + EXAMPLE_NOTICE
        ),
        weekly_limit="195.50",
        monthly_limit="847.00",
        tax_year_limit="10000.00",
        benefits_notes=(
            "If you receive benefits, payments for your time may affect them. You can choose vouchers, a "
            "lower amount, or no payment for your time; expenses are always paid and do not "
            "count as earnings. " + EXAMPLE_NOTICE
        ),
    )


def policy_start(today: datetime.date) -> datetime.date:
    """The start of the tax year a year before ``today``: the policy covers every date in the story."""
    year_ago = today - datetime.timedelta(days=365)
    start = datetime.date(year_ago.year, 4, 6)
    return start if start <= year_ago else datetime.date(year_ago.year - 1, 4, 6)


def load_demo() -> None:
    story = Story()
    for organisation in Organisation.objects.exclude(payment_policies__isnull=False):
        example_policy(organisation, effective_from=policy_start(story.today))
    if Claim.objects.filter(idempotency_key__startswith=KEY).exists():
        return  # the story is already there
    if not Opportunity.objects.filter(title=FIRST_TITLE).exists():
        return  # no sessions were recorded, so nobody has anything to claim
    Claims(story).tell()


# --- The claims --------------------------------------------------------------------------------------


@dataclass
class Choice:
    """How one person is paid, and what they spent."""

    method: str | None = None  # None: the person's standing choice (bank transfer unless they chose)
    lower_amount: str | None = None
    payee_organisation: str = ""
    receives_benefits: bool = False
    expenses: tuple = ()  # (kind, amount or miles, description)


SAM = Choice(expenses=((ExpenseKind.TRAVEL, "4.60", "Bus, return from Rusholme"),))
MARGARET = Choice(
    Method.VOUCHER,
    receives_benefits=True,
    expenses=((ExpenseKind.TAXI, "14.80", "Taxi to the hospital, agreed with Tom beforehand"),),
)
DEREK = Choice(Method.DECLINE, expenses=((ExpenseKind.TRAVEL, "6.20", "Train from Bolton, return"),))
AMINA = Choice(
    Method.LOWER,
    lower_amount="20.00",
    receives_benefits=True,
    expenses=((ExpenseKind.TRAVEL, "4.60", "Bus, return"), (ExpenseKind.SUBSISTENCE, "6.50", "Lunch")),
)
TO_CHARITY = Choice(
    Method.ORGANISATION,
    payee_organisation="Moss Side Carers' Network",
    expenses=((ExpenseKind.MILEAGE, "12", "Home to the hospital and back"),),
)
LLYR = Choice(Method.VOUCHER, expenses=((ExpenseKind.MILEAGE, "38", "Wrexham to Manchester and back"),))
PLAIN = Choice()
BY_CAR = Choice(expenses=((ExpenseKind.MILEAGE, "30", "Home to the hospital and back"),))
ONLINE = Choice(expenses=((ExpenseKind.HOME, None, "Phone data for the online meeting"),))
CARER = Choice(
    expenses=(
        (ExpenseKind.TRAVEL, "5.40", "Bus, return"),
        (ExpenseKind.CARER, "36.00", "Care for my husband while I was at the meeting"),
    )
)


class Claims:
    """Each part of the story, in the order it happened."""

    def __init__(self, story: Story):
        self.story = story
        self.rng = chance("payments")
        self.northbridge = Organisation.objects.get(slug="northbridge")
        self.tom = staff_user("involvement@northbridge.example")
        self.gareth = staff_user("admin@northbridge.example")
        self.helen = staff_user("finance@northbridge.example")
        self.owen = staff_user("finance2@northbridge.example")
        self.serial = 0

    def tell(self) -> None:
        copd = Opportunity.objects.get(title=FIRST_TITLE)
        workshop, online = copd.activities.order_by("starts_at")
        panel = Opportunity.objects.get(title="Join our stroke recovery panel")
        first_panel, second_panel = panel.activities.order_by("starts_at")[:2]
        signs = Opportunity.objects.get(
            title="Check our new signs and leaflet for the memory clinic"
        ).activities.get()
        with self.story.at(-120, 10):
            self.bacs_details()
        with self.story.at(-97, 12):
            services.record_employment_check(panel, dict.fromkeys(_QUESTIONS, "no"), by=self.tom)
        self.cost_plan(copd)
        failing = self.workshop(workshop)
        self.first_panel(first_panel)
        self.signs(signs)
        paid = self.first_run()
        self.bank_says(paid, failing)
        self.online(online)
        self.second_panel(second_panel)
        with self.story.at(-1, 16):
            runs.start_run(self.northbridge, by=self.helen)  # waits for Owen to approve

    def bacs_details(self) -> None:
        """EXAMPLE originator details, so the demo's bank file can be written. Not a real account:
        an organisation fills in its own under Payment runs, Bacs details."""
        services.set_finance_settings(
            self.northbridge,
            by=self.helen,
            service_user_number="999999",
            originator_name="NORTHBRIDGE DEMO",
            sort_code="11-22-33",
            account_number="12345678",
            bank_change_hold_days=3,
            confirmation_due_days=5,
        )

    # --- each session's claims

    def workshop(self, activity: Activity) -> Contribution:
        """Sam, Margaret, Derek and Amina had kept places; the others were drawn. Returns the one
        whose bank will refuse the payment."""
        kept = {
            cast(k).pk: choice
            for k, choice in (("sam", SAM), ("margaret", MARGARET), ("derek", DEREK), ("amina", AMINA))
        }
        drawn = [c for c in _attended(activity) if c.contributor_id not in kept]
        choices = {**kept, drawn[0].contributor_id: BY_CAR, drawn[1].contributor_id: PLAIN}
        if len(drawn) > 2:
            choices[drawn[2].contributor_id] = TO_CHARITY
        claims = [self.claim(c, choices[c.contributor_id], day=-44) for c in _attended(activity)]
        by_car = next(claim for claim in claims if claim.contributor_id == drawn[0].contributor_id)
        with self.story.at(-42, 10):
            expense = by_car.expenses.get()
            services.adjust(
                by_car,
                by=self.tom,
                expense=expense,
                new_amount="8.10",
                reason="The hospital is 18 miles from your home and back by the shortest route, not 30, "
                "so we have paid 18 miles at 45p.",
            )
        self.check_and_approve(claims, checked=-41, approved=-39, approver=self.helen)
        return drawn[1]

    def first_panel(self, activity: Activity) -> None:
        """Llŷr takes vouchers. Gary's taxi was not agreed beforehand: that claim is not accepted,
        and he claims again for his bus fare."""
        gary, llyr = cast("gary"), cast("llyr")
        claims = []
        for contribution in _attended(activity):
            if contribution.contributor_id == gary.pk:
                taxi = Choice(expenses=((ExpenseKind.TAXI, "32.00", "Taxi home"),))
                rejected = self.claim(contribution, taxi, day=-33)
                with self.story.at(-31, 11):
                    self.check_only(rejected)  # a first look, then the question about the taxi
                    services.reject(
                        rejected,
                        by=self.tom,
                        reason="We can only pay for a taxi that was agreed with us before the meeting. "
                        "Please claim again for your time and the bus fare, and call us about taxis "
                        "next time.",
                    )
                bus = Choice(expenses=((ExpenseKind.TRAVEL, "5.40", "Bus, return"),))
                claims.append(self.claim(contribution, bus, day=-30))
            else:
                choice = (
                    LLYR
                    if contribution.contributor_id == llyr.pk
                    else self.rng.choice([PLAIN, BY_CAR, CARER])
                )
                claims.append(self.claim(contribution, choice, day=-33))
        self.check_and_approve(claims, checked=-28, approved=-27, approver=self.owen)

    def signs(self, activity: Activity) -> None:
        """Reviewing at home: a fixed fee. Ruth is paid by her employer for this work, so her approved
        claim is cancelled before the run."""
        ruth = cast("ruth")
        claims = [
            self.claim(c, self.rng.choice([PLAIN, PLAIN, Choice(Method.VOUCHER)]), day=-24)
            for c in _attended(activity)
        ]
        self.check_and_approve(claims, checked=-22, approved=-20, approver=self.helen)
        for claim in claims:
            if claim.contributor_id == ruth.pk:
                with self.story.at(-19, 9):
                    services.reverse_claim(
                        claim,
                        by=self.owen,
                        reason="Ruth's employer, the council, pays her for this work, so we cannot "
                        "pay her as well.",
                    )

    def online(self, activity: Activity) -> None:
        sam = cast("sam")
        claims = [
            self.claim(c, ONLINE if c.contributor_id == sam.pk else self.rng.choice([ONLINE, PLAIN]), day=-28)
            for c in _attended(activity)
        ]
        self.check_and_approve(claims, checked=-23, approved=-12, approver=self.helen)

    def second_panel(self, activity: Activity) -> None:
        """Two claims checked and waiting for finance, one approved but held while new bank details
        settle, one sent and one still a draft. Llŷr and Gary have not claimed yet."""
        waiting = [
            c for c in _attended(activity) if c.contributor_id not in (cast("llyr").pk, cast("gary").pk)
        ]
        online = [c for c in waiting if c.contributor.user_id]
        draft = online[-1] if online else waiting[-1]
        rest = [c for c in waiting if c.pk != draft.pk]
        checked = [self.claim(c, ONLINE, day=-6) for c in rest[:2]]
        for claim in checked:
            with self.story.at(-3, 10):
                self.check_only(claim)
        if len(rest) > 2:
            held = self.claim(rest[2], ONLINE, day=-6)
            self.check_and_approve([held], checked=-4, approved=-2, approver=self.owen)
            with self.story.at(-1, 10):
                person = held.contributor
                services.set_bank_details(
                    person,
                    account_name=_account_name(person),
                    by=person.user or self.tom,
                    **self.bank_numbers(),
                )
        for contribution in rest[3:]:
            self.claim(contribution, ONLINE, day=-2)
        self.claim(draft, ONLINE, day=-1, send=False)

    # --- the runs

    def first_run(self) -> runs.PaymentRun:
        with self.story.at(-18, 10):
            run = runs.start_run(self.northbridge, by=self.owen)
        with self.story.at(-18, 14):
            runs.approve_run(run, by=self.helen)
            return runs.process_run(run.pk)  # what the background worker does once it is approved

    def bank_says(self, run: runs.PaymentRun, failing: Contribution) -> None:
        """The bank's confirmation file: every payment made but one, to an account now closed."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(confirmations.COLUMNS)
        for item in run.items.select_related("claim").order_by("sequence"):
            failed = item.claim.contributor_id == failing.contributor_id
            status, reason = ("failed", "Account closed") if failed else ("paid", "")
            writer.writerow(
                [run.pk, item.sequence, item.claim_id, item.total, status, reason, f"NB{item.pk:06d}"]
            )
        with self.story.at(-15, 11):
            confirmations.import_file(
                run, out.getvalue().encode(), by=self.helen, file_name="bank-confirmation.csv"
            )
        with self.story.at(-14, 15):
            person = failing.contributor
            # They rang with the details of their new account; Tom typed them in.
            services.set_bank_details(
                person, account_name=_account_name(person), by=self.tom, **self.bank_numbers()
            )

    # --- steps

    def claim(self, contribution: Contribution, choice: Choice, *, day: int, send: bool = True) -> Claim:
        """The person claims online, or Tom types in the claim they gave by phone or on paper."""
        person = contribution.contributor
        maker = person.user or self.tom
        self.serial += 1
        with self.story.at(day, 9 + self.serial % 10, self.serial % 60):
            if choice.method:
                # The choice is remembered for their next claim.
                services.set_preference(
                    person,
                    method=choice.method,
                    lower_amount=choice.lower_amount,
                    payee_organisation=choice.payee_organisation,
                    receives_benefits=choice.receives_benefits,
                )
            claim = services.start_claim(
                person,
                [contribution],
                by=maker,
                key=f"{KEY}{self.serial}",
                method=choice.method,
                lower_amount=choice.lower_amount,
                payee_organisation=choice.payee_organisation,
            )
            for kind, amount, description in choice.expenses:
                self.expense(claim, kind, amount, description, contribution.date, maker)
            claim.refresh_from_db()
            has_bank = BankDetails.objects.filter(contributor=person).exists()
            if send and services.needs_bank_details(claim) and not has_bank:
                services.set_bank_details(
                    person, account_name=_account_name(person), by=maker, **self.bank_numbers()
                )
            if send:
                services.submit(claim, by=maker)
        return claim

    def expense(self, claim: Claim, kind: str, amount, description: str, day: datetime.date, by) -> None:
        receipt = _receipt(description, amount, day) if kind in services.RECEIPT_REQUIRED else None
        miles = amount if kind == ExpenseKind.MILEAGE else None
        services.add_expense(
            claim,
            kind=kind,
            date=day,
            by=by,
            amount=None if miles else amount,
            miles=miles,
            description=description,
            receipt=receipt,
        )

    def check_only(self, claim: Claim) -> Claim:
        # Nobody checks a claim they typed in or changed: Gareth checks those of Tom's.
        by_tom = claim.created_by_id == self.tom.pk or claim.events.filter(actor=self.tom).exists()
        return services.check(claim, by=self.gareth if by_tom else self.tom)

    def check_and_approve(self, claims: list[Claim], *, checked: int, approved: int, approver) -> None:
        with self.story.at(checked, 11):
            for claim in claims:
                self.check_only(claim)
        with self.story.at(approved, 15):
            for claim in claims:
                services.approve(claim, by=approver)

    def bank_numbers(self) -> dict:
        # Invented numbers in the right shape; the demo's payment files go nowhere.
        return {
            "sort_code": f"{self.rng.randint(0, 999999):06d}",
            "account_number": f"{self.rng.randint(0, 99999999):08d}",
        }

    def cost_plan(self, copd: Opportunity) -> None:
        # Researchers build cost plans row by row in a form; there is no service (raw writes).
        priya = staff_user("researcher@northbridge.example")
        with self.story.at(-150, 14):
            plan = CostPlan.objects.create(
                organisation=self.northbridge,
                project=copd.project,
                title="Breathing better at home: involvement costs for the funding application",
                created_by=priya,
            )
            for category, description, activity_type, people, sessions, hours, unit_cost in COST_ROWS:
                CostRow.objects.create(
                    plan=plan,
                    category=category,
                    description=description,
                    activity_type=activity_type,
                    people=people,
                    sessions=sessions,
                    hours=hours,
                    unit_cost=unit_cost,
                )


_QUESTIONS = ("ongoing", "direction", "substitution", "team", "obligation", "salary")

COST_ROWS = [
    (CostRow.Category.ACTIVITY, "Leaflet workshops", "workshop", 8, 2, 4, 0),
    (CostRow.Category.ACTIVITY, "Steering group meetings", "meeting", 3, 8, 2, 0),
    (CostRow.Category.EXPENSES, "Travel and parking", "", 8, 2, 0, "12.00"),
    (CostRow.Category.ACCESS, "BSL interpreters", "", 1, 2, 4, "45.00"),
    (CostRow.Category.VENUE, "Room hire and lunch", "", 1, 2, 0, "120.00"),
    (CostRow.Category.TRAINING, "Introduction to research, for new members", "", 8, 1, 3, "15.00"),
]


def _attended(activity: Activity) -> list[Contribution]:
    return list(
        activity.contributions.select_related("contributor", "contributor__user").order_by("contributor_id")
    )


def _account_name(person) -> str:
    """As a bank writes it: initial and surname, plain letters."""
    import unicodedata

    name = f"{person.first_name[0]} {person.last_name}"
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _receipt(description: str, amount, day: datetime.date) -> SimpleUploadedFile:
    """A small picture of a receipt, as a phone photo would be."""
    image = Image.new("RGB", (360, 200), "white")
    pen = ImageDraw.Draw(image)
    for line_number, text in enumerate(["RECEIPT", description[:40], f"{day:%d/%m/%Y}", f"TOTAL  £{amount}"]):
        pen.text((20, 20 + 40 * line_number), text, fill="black")
    data = io.BytesIO()
    image.save(data, format="PNG")
    return SimpleUploadedFile("receipt.png", data.getvalue(), content_type="image/png")
