"""Payment policies, claims, the ledger and payment runs.

Money is ``Decimal`` pounds with two places; ``payments.money`` owns rounding.
The ledger is append-only: balances are sums of ``LedgerEntry`` rows and are
never stored; mistakes are corrected by a reversing transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organisation
from alongside.core.downloads import extension
from alongside.opportunities.models import Contribution, Opportunity, Project
from alongside.people.models import Contributor

MONEY = {"max_digits": 12, "decimal_places": 2}


class PaymentPolicy(models.Model):
    """One version of an organisation's payment policy, in force from ``effective_from``.

    A change of rates is a new version; the version in force on a contribution's
    date decides its fee, so old claims keep the rates that applied then.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="payment_policies")
    version = models.PositiveIntegerField()
    effective_from = models.DateField(_("in force from"))
    title = models.CharField(max_length=200, default="Payment policy")
    # Example policies (demo data) carry a notice telling people to check current guidance.
    is_example = models.BooleanField(default=False)
    # Fees
    half_day_minutes = models.PositiveIntegerField(default=240)
    day_minutes = models.PositiveIntegerField(default=480)
    # Expenses
    travel_at_cost = models.BooleanField(_("public transport paid at cost"), default=True)
    mileage_rate = models.DecimalField(_("mileage rate per mile"), **MONEY, default=0)
    taxis_by_agreement = models.BooleanField(default=True)
    carer_costs = models.BooleanField(_("carer or support-worker costs paid"), default=True)
    home_costs_amount = models.DecimalField(
        _("fixed amount for home phone, data and printing"), **MONEY, default=0
    )
    subsistence_limit = models.DecimalField(_("food and drink limit per day"), **MONEY, default=0)
    claim_deadline_days = models.PositiveIntegerField(_("days to claim after taking part"), default=90)
    days_to_pay = models.PositiveIntegerField(_("days to pay after approval"), default=14)
    eligibility_notes = models.TextField(_("who can be paid"), blank=True)
    # Benefits thresholds the organisation configures; blank means no threshold shown.
    weekly_limit = models.DecimalField(**MONEY, null=True, blank=True)
    monthly_limit = models.DecimalField(**MONEY, null=True, blank=True)
    tax_year_limit = models.DecimalField(**MONEY, null=True, blank=True)
    benefits_notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "-effective_from"]
        verbose_name_plural = "payment policies"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="one_policy_per_version"),
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="one_policy_per_start_date"
            ),
            models.CheckConstraint(
                condition=models.Q(mileage_rate__gte=0), name="policy_mileage_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} policy v{self.version} from {self.effective_from}"


class Basis(models.TextChoices):
    HOUR = "hour", _("per hour")
    HALF_DAY = "half_day", _("per half day")
    DAY = "day", _("per day")
    FIXED = "fixed", _("fixed fee per task")


class PolicyRate(models.Model):
    policy = models.ForeignKey(PaymentPolicy, on_delete=models.CASCADE, related_name="rates")
    activity_type = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    basis = models.CharField(max_length=10, choices=Basis.choices)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["policy", "activity_type"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "activity_type"], name="one_rate_per_activity_type"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount} {self.get_basis_display()}"


class Method(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    VOUCHER = "voucher", _("Vouchers")
    LOWER = "lower", _("A lower amount, by bank transfer")
    DECLINE = "decline", _("No payment for my time (expenses still paid)")
    ORGANISATION = "organisation", _("Payment for my time to an organisation I name")


class PaymentPreference(models.Model):
    """A person's standing choice of how to be paid; each claim may choose differently."""

    contributor = models.OneToOneField(
        Contributor, on_delete=models.CASCADE, related_name="payment_preference"
    )
    method = models.CharField(max_length=12, choices=Method.choices, default=Method.BANK)
    lower_amount = models.DecimalField(**MONEY, null=True, blank=True)
    payee_organisation = models.CharField(max_length=200, blank=True)
    receives_benefits = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.contributor}: {self.get_method_display()}"


class BankDetails(models.Model):
    """Encrypted at rest (see ``payments.crypto``); only the last digits are kept in the clear."""

    contributor = models.OneToOneField(Contributor, on_delete=models.CASCADE, related_name="bank_details")
    # Name, sort code and account number as one encrypted JSON object: one decryption per payee.
    encrypted = models.TextField()
    account_number_last2 = models.CharField(max_length=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # After existing details change, bank transfers to this person wait until this time (a
    # cooling-off period in which they can tell us it was not them). Blank: no hold.
    hold_until = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name_plural = "bank details"

    def __str__(self) -> str:
        return f"Bank account ending {self.account_number_last2}"


class BankDetailsChange(models.Model):
    """A change of existing bank details, the hold it started, and who released the hold early."""

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="bank_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    previous_last2 = models.CharField(max_length=2)
    new_last2 = models.CharField(max_length=2)
    hold_until = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"Bank details of {self.contributor_id} changed {self.changed_at:%Y-%m-%d}"


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        SUBMITTED = "submitted", _("Sent, waiting to be checked")
        CHECKED = "checked", _("Checked, waiting for finance")
        APPROVED = "approved", _("Approved, waiting to be paid")
        # Set when the bank file is written; shown as "sent to the bank" until the bank confirms or
        # the expected day passes (payments.arrival).
        PAID = "paid", _("Sent to the bank or paid")
        REJECTED = "rejected", _("Not accepted")
        REVERSED = "reversed", _("Cancelled after approval")
        FAILED = "failed", _("Payment failed, being paid again")

    # Indexes are few on purpose: a payment run changes the status of 100,000 claims at once.
    # No index holds ``status``, and the table leaves room on each page (fillfactor, set in a
    # migration on PostgreSQL), so that change is a heap-only update that writes no index entry.
    # Lists filter an organisation's claims by status in the table (an organisation has at most a
    # few hundred thousand). Lookups by the staff who handled a claim are rare (deleting a user).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="claims")
    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="claims")
    # Makes a repeated "start claim" or "submit" request land on the same claim.
    idempotency_key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    method = models.CharField(max_length=12, choices=Method.choices, default=Method.BANK)
    lower_amount = models.DecimalField(**MONEY, null=True, blank=True)
    payee_organisation = models.CharField(max_length=200, blank=True)
    # Totals kept in step with the lines by services.recalculate (always through money.to_money).
    fee_full = models.DecimalField(**MONEY, default=0)
    fee_payable = models.DecimalField(**MONEY, default=0)
    expenses_total = models.DecimalField(**MONEY, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    rejected_reason = models.TextField(blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    expected_payment_date = models.DateField(null=True, blank=True)
    # When the bank could not make a payment, a new claim carries the debt to a later run.
    # At most one new claim per failed one: a partial unique index holds only the few rows that
    # repay, so it costs nothing when a run updates 100,000 ordinary claims.
    repays = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="repaid_by", db_index=False
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A constraint rather than unique=True: the same guarantee without the extra
            # pattern-matching index PostgreSQL gets for unique text fields.
            models.UniqueConstraint(fields=["idempotency_key"], name="one_claim_per_idempotency_key"),
            models.UniqueConstraint(
                fields=["repays"], condition=models.Q(repays__isnull=False), name="one_repayment_per_claim"
            ),
            models.CheckConstraint(condition=models.Q(fee_payable__gte=0), name="claim_fee_not_negative"),
            models.CheckConstraint(
                condition=models.Q(expenses_total__gte=0), name="claim_expenses_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk} – {self.contributor}"

    @property
    def total(self):
        return self.fee_payable + self.expenses_total

    @property
    def fee_to_person(self):
        return self.fee_payable if self.method != Method.ORGANISATION else 0

    @property
    def fee_to_organisation(self):
        return self.fee_payable if self.method == Method.ORGANISATION else 0


class ClaimLine(models.Model):
    """One contribution claimed; the fee comes from the policy in force on its date."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT, related_name="claim_lines")
    # A rejected claim frees its contributions to be claimed again.
    active = models.BooleanField(default=True)
    policy = models.ForeignKey(PaymentPolicy, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=10, choices=Basis.choices)
    rate = models.DecimalField(**MONEY)
    units = models.DecimalField(max_digits=8, decimal_places=4)
    fee = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["contribution__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution"],
                condition=models.Q(active=True),
                name="one_live_claim_per_contribution",
            ),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="line_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.contribution}: {self.fee}"


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", _("Public transport (at cost)")
    MILEAGE = "mileage", _("Mileage in your own vehicle")
    TAXI = "taxi", _("Taxi (agreed beforehand)")
    CARER = "carer", _("Carer or support worker")
    HOME = "home", _("Home phone, data and printing")
    SUBSISTENCE = "subsistence", _("Food and drink")
    OTHER = "other", _("Something else")


def receipt_path(instance, filename: str) -> str:
    # Never the uploaded name: it may carry personal data or path tricks.
    suffix = extension(instance.receipt_type)
    return f"receipts/{timezone.now():%Y/%m}/{instance.claim_id}-{timezone.now():%H%M%S%f}.{suffix}"


class Expense(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=12, choices=ExpenseKind.choices)
    date = models.DateField()
    description = models.CharField(max_length=200, blank=True)
    miles = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(**MONEY)
    receipt = models.FileField(upload_to=receipt_path, blank=True)
    receipt_type = models.CharField(max_length=40, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount}"


class ClaimEvent(models.Model):
    """What happened to a claim, by whom, and why. Adjustments and rejections carry the reason."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Started")
        SUBMITTED = "submitted", _("Sent")
        ADJUSTED = "adjusted", _("Changed")
        CHECKED = "checked", _("Checked")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not accepted")
        PAID = "paid", _("Sent to the bank")
        REVERSED = "reversed", _("Cancelled")
        FAILED = "failed", _("Payment failed")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    before = models.DecimalField(**MONEY, null=True, blank=True)
    after = models.DecimalField(**MONEY, null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            # A claim is paid by one run item, ever (PaymentRunItem.claim): a retried 'paid' follow-up
            # can never record the step twice.
            models.UniqueConstraint(
                fields=["claim"], condition=models.Q(kind="paid"), name="one_paid_event_per_claim"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind}"


class ClaimNotice(models.Model):
    """A person was told about a claim: one row per claim and notice, ever. The unique key is what
    keeps a retried task from telling anyone twice: it is written in the transaction that hands the
    notice to outreach, so a second attempt either finds it or fails on it and sends nothing."""

    class Notice(models.TextChoices):
        PAID = "paid", _("Payment on its way")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="notices", db_constraint=False)
    notice = models.CharField(max_length=20, choices=Notice.choices)
    message = models.ForeignKey(
        "outreach.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["claim", "notice"], name="one_notice_per_claim")]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.notice}"


class Account(models.TextChoices):
    FEES = "expense:involvement-fees", _("Payments for time")
    EXPENSES = "expense:involvement-expenses", _("Expenses")
    OWED = "liability:owed-to-contributor", _("Owed to contributors")
    BANK = "asset:bank", _("Bank")
    VOUCHERS = "asset:vouchers", _("Vouchers")


class LedgerTransaction(models.Model):
    """A group of ledger lines that sum to zero. Never changed; a mistake gets a reversal."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Claim approved")
        PAYMENT = "payment", _("Paid in a payment run")
        REVERSAL = "reversal", _("Reversal")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey("PaymentRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    memo = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # A run posts its payment once; a claim is approved into the ledger once per approval.
            models.UniqueConstraint(
                fields=["run"], condition=models.Q(kind="payment"), name="one_payment_posting_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionDenied("Ledger transactions are never changed; post a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Ledger transactions are never deleted; post a reversal.")


class LedgerEntry(models.Model):
    """One line: positive is a debit, negative a credit."""

    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    # The indexes below lead with these columns; separate ones would only slow the inserts of big runs.
    # The references below carry no database foreign-key check (db_constraint=False): a payment run
    # writes 100,000 lines in one statement and the per-line checks cost more than the run itself
    # (4.3 s on PostgreSQL at commit). Every line is written by ``ledger`` from rows read in the same
    # transaction; the rows referred to are never deleted (on_delete=PROTECT is enforced by Django,
    # and claims are reversed, not deleted); ``ledger.orphaned_entries`` checks it, nightly with
    # reconciliation. The line's transaction keeps its database check.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    account = models.CharField(max_length=40, choices=Account.choices)
    contributor = models.ForeignKey(
        Contributor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["transaction", "pk"]
        verbose_name_plural = "ledger entries"
        indexes = [
            models.Index(fields=["organisation", "account"]),
            models.Index(fields=["contributor", "account"]),
            # Most lines have no project: only those that do are indexed (cheaper large postings).
            models.Index(
                fields=["project", "account"],
                condition=models.Q(project__isnull=False),
                name="ledger_project_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Ledger entries are never changed; post a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Ledger entries are never deleted; post a reversal.")


class PaymentRun(models.Model):
    class Status(models.TextChoices):
        READY = "ready", _("Waiting for a second person in finance to approve")
        APPROVED = "approved", _("Approved: files being written")
        DONE = "done", _("Files written and claims sent to the bank")
        CANCELLED = "cancelled", _("Cancelled before payment")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="payment_runs")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.READY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Maker and checker: a run is paid only once someone other than its maker approves it.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The day bank transfers in the run should reach people's accounts (payments.arrival).
    expected_arrival = models.DateField(null=True, blank=True)
    processing_date = models.DateField(default=timezone.localdate)
    claim_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(**MONEY, default=0)
    csv_sha256 = models.CharField(max_length=64, blank=True)
    bacs_sha256 = models.CharField(max_length=64, blank=True)
    vouchers_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Payment run {self.pk}"


class PaymentRunEvent(models.Model):
    """Who started, approved, cancelled or finished a run, and when (kept for audit)."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        APPROVED = "approved", _("Approved")
        APPROVAL_WITHDRAWN = "withdrawn", _("Approval withdrawn")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Files written and claims sent to the bank")

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.run_id} {self.kind}"


class PaymentRunItem(models.Model):
    """A claim's identity in a run, fixed before any work starts (so a retry never pays it twice)."""

    # Covered by the (run, sequence) unique index. No database foreign-key checks on the run and
    # the claim: ``runs.start_run`` writes the items in the transaction that creates the run, from
    # claims it has just locked (100,000 checks cost about a second at commit). Claims are never
    # deleted, and Django enforces on_delete=PROTECT. One item per claim is the unique index.
    run = models.ForeignKey(
        PaymentRun, on_delete=models.PROTECT, related_name="items", db_index=False, db_constraint=False
    )
    # One item per claim, ever: a claim can be taken by one run only.
    claim = models.OneToOneField(
        Claim, on_delete=models.PROTECT, related_name="run_item", db_constraint=False
    )
    sequence = models.PositiveIntegerField()
    to_bank = models.DecimalField(**MONEY, default=0)
    to_vouchers = models.DecimalField(**MONEY, default=0)
    to_organisation = models.DecimalField(**MONEY, default=0)

    class Meta:
        ordering = ["run", "sequence"]
        constraints = [models.UniqueConstraint(fields=["run", "sequence"], name="one_item_per_run_sequence")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.sequence}"

    @property
    def total(self):
        return self.to_bank + self.to_vouchers + self.to_organisation


class ConfirmationImport(models.Model):
    """A confirmation file from the bank or finance system, imported once (by its SHA-256)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="confirmation_imports")
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)
    paid_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sha256"], name="one_import_per_confirmation_file"
            )
        ]

    def __str__(self) -> str:
        return f"Confirmations for run {self.run_id} ({self.file_name})"


class PaymentConfirmation(models.Model):
    """What the bank or finance system said about one line of a run: paid, or failed and why."""

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    # One confirmation per line, ever: a second file cannot confirm a line twice.
    item = models.OneToOneField(PaymentRunItem, on_delete=models.PROTECT, related_name="confirmation")
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="confirmations")
    source = models.ForeignKey(ConfirmationImport, on_delete=models.PROTECT, related_name="confirmations")
    status = models.CharField(max_length=6, choices=Status.choices)
    # The amount the file says was paid (blank when the file gives none); reconciliation compares it.
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    reason = models.TextField(blank=True)
    bank_reference = models.CharField(max_length=60, blank=True)
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["run", "item"]

    def __str__(self) -> str:
        return f"{self.item}: {self.status}"


class ReconciliationAlert(models.Model):
    """A difference between a run's export, the ledger and the bank's confirmations.

    While one is open the organisation cannot start a payment run. ``key`` names the
    difference, so the nightly check raises each one once; a resolved alert stays resolved.
    """

    class Kind(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Exported but not confirmed by the bank")
        AMOUNT = "amount", _("Confirmed amount differs from the export")
        NOT_EXPORTED = "not_exported", _("Confirmation or ledger payment for a line not in the export")
        LEDGER = "ledger", _("Export and ledger payment differ")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=120)
    detail = models.TextField()
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_alert_per_difference")
        ]
        indexes = [models.Index(fields=["organisation", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.detail}"


class PayeeRetention(models.Model):
    """An erased person's payment records, kept for the legal retention period, then anonymised.

    Claims, run lines and ledger lines stay (the accounts must still add up); bank details go
    at erasure. ``keep_until`` is six years after the end of the UK financial year (5 April)
    in which they were last paid; the scheduled purge anonymises what is left after that.
    """

    contributor = models.OneToOneField(Contributor, on_delete=models.PROTECT, related_name="payee_retention")
    erased_at = models.DateTimeField(default=timezone.now)
    last_paid_on = models.DateField(null=True, blank=True)
    keep_until = models.DateField(db_index=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["keep_until", "pk"]

    def __str__(self) -> str:
        return f"Payment records of {self.contributor_id} kept until {self.keep_until}"


class CsvLayout(models.Model):
    """The column layout of the CSV an organisation's finance system takes."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="payment_csv_layout"
    )
    columns = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"CSV layout for {self.organisation}"


class FinanceSettings(models.Model):
    """The organisation's Bacs identity, used in the Standard 18 file header and contra.

    Blank until finance fill it in (``/staff/payments/finance-settings/``): no Bacs file is written
    with made-up details, which a bank would reject or, worse, misdirect.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="finance_settings"
    )
    service_user_number = models.CharField(_("Bacs service user number (SUN)"), max_length=6, blank=True)
    originator_name = models.CharField(_("name on the Bacs file"), max_length=18, blank=True)
    sort_code = models.CharField(_("sort code of the account payments come from"), max_length=6, blank=True)
    account_number = models.CharField(_("number of the account payments come from"), max_length=8, blank=True)
    bank_change_hold_days = models.PositiveIntegerField(
        _("days to hold bank transfers after bank details change"), default=3
    )
    confirmation_due_days = models.PositiveIntegerField(
        _("days after a run by which the bank's confirmation should be imported"), default=5
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Finance settings for {self.organisation}"

    def missing_bacs_details(self) -> list[str]:
        """What a Bacs file needs that is not filled in (all zeros is a placeholder, not a number)."""
        wanted = {"service_user_number": 6, "sort_code": 6, "account_number": 8}
        return [
            str(self._meta.get_field(name).verbose_name)
            for name, width in wanted.items()
            if not (getattr(self, name).isdigit() and len(getattr(self, name)) == width)
            or not getattr(self, name).strip("0")
        ]

    @classmethod
    def of(cls, organisation_id: int) -> FinanceSettings:
        """The organisation's settings, or (unsaved) the defaults when it has none yet."""
        return cls.objects.filter(organisation_id=organisation_id).first() or cls(
            organisation_id=organisation_id
        )


class EmploymentCheck(models.Model):
    """Answers to the employment-status questions for an opportunity, and the result."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="employment_checks")
    answers = models.JSONField(default=dict)
    needs_advice = models.BooleanField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-pk"]

    def __str__(self) -> str:
        return f"Employment check for {self.opportunity}"


class CostPlan(models.Model):
    """A researcher's costing of involvement, for a funding application; later, the budget."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cost_plans")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="cost_plans"
    )
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CostRow(models.Model):
    class Category(models.TextChoices):
        ACTIVITY = "activity", _("Involvement activity")
        EXPENSES = "expenses", _("Expenses")
        ACCESS = "access", _("Access support")
        TRAINING = "training", _("Training")
        VENUE = "venue", _("Venues and catering")
        STAFF = "staff", _("Staff time")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(CostPlan, on_delete=models.CASCADE, related_name="rows")
    category = models.CharField(max_length=10, choices=Category.choices)
    description = models.CharField(max_length=200)
    activity_type = models.CharField(max_length=40, blank=True)
    people = models.PositiveIntegerField(default=1)
    sessions = models.PositiveIntegerField(default=1)
    hours = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    unit_cost = models.DecimalField(**MONEY, default=0)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(unit_cost__gte=0), name="cost_row_not_negative")
        ]

    def __str__(self) -> str:
        return self.description
