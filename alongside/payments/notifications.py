"""Everything a person is told about their claims, payments and bank details: the words, in one place.

Each function writes the notice (in every language the site has, with an Easy Read version
where it helps) and hands it to ``outreach.services.send`` inside the caller's transaction,
so it reaches the person in their own channel once the change commits, and never if it rolls
back. Claim and payment notices are ``payment`` messages and bank-detail notices ``security``
messages: both are essential, so they reach people who stopped every other kind.

The wording says what has happened, never more: a payment run means we have asked the bank
to pay, not that the money has arrived.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alongside.core.absolute import absolute_url
from alongside.outreach import services as outreach
from alongside.outreach.content import Content, in_every_language
from alongside.outreach.kinds import Kind
from alongside.payments.models import ClaimNotice, PaymentRunItem
from alongside.payments.money import format_money


def _date(day) -> str:
    return formats.date_format(day, "j F Y")


def _notice(subject: str, paragraphs: list[str], easy_read: list[str] | None = None) -> Content:
    body = "\n\n".join(p for p in paragraphs if p)
    return Content(subject=subject, body=body, easy_read_body="\n".join(p for p in easy_read or [] if p))


def _links() -> dict[str, str]:
    return {"payments_link": absolute_url("payments:my_payments")}


def _send(kind: str, contributors, content: Content, organisation, *, by=None, personalisation=None):
    content.context = {**_links(), **content.context}
    return outreach.send(
        kind, contributors, content, organisation=organisation, sent_by=by, personalisation=personalisation
    )


def _tell_about_claim(claim, build, **context) -> None:
    content = in_every_language(build)
    content.context = {"total": format_money(claim.total), **context}
    _send(Kind.PAYMENT, [claim.contributor_id], content, claim.organisation)


# --- Claims ---------------------------------------------------------------------------------------------


def claim_received(claim) -> None:
    def build() -> Content:
        return _notice(
            _("We have your claim"),
            [
                _("Hello ((first_name)),"),
                _("We have your claim for ((total)). We will check it and tell you when it is approved."),
                _("See your claims and payments: ((payments_link))"),
            ],
            [
                _("Hello ((first_name))."),
                _("We have your claim for ((total))."),
                _("We will check it."),
                _("We will tell you when it is approved."),
            ],
        )

    _tell_about_claim(claim, build)


def claim_approved(claim) -> None:
    def build() -> Content:
        when = (
            _("We expect to pay it by %(date)s.") % {"date": _date(claim.expected_payment_date)}
            if claim.expected_payment_date
            else ""
        )
        return _notice(
            _("Your claim is approved"),
            [
                _("Hello ((first_name)),"),
                " ".join(filter(None, [_("Your claim for ((total)) is approved."), when])),
                _("We will tell you when we have asked our bank to pay it."),
                _("See your claims and payments: ((payments_link))"),
            ],
            [_("Hello ((first_name))."), _("Your claim for ((total)) is approved."), when],
        )

    _tell_about_claim(claim, build)


def claim_not_accepted(claim) -> None:
    def build() -> Content:
        return _notice(
            _("Your claim was not accepted"),
            [
                _("Hello ((first_name)),"),
                _("Your claim for ((total)) was not accepted. The reason:"),
                "((reason))",
                _("You can make a new claim for the same time once it is put right."),
                _("If you have any questions, phone us on ((contact_phone))."),
            ],
        )

    _tell_about_claim(claim, build, reason=claim.rejected_reason)


# --- Payment runs ---------------------------------------------------------------------------------------

# Notice rows written per statement (SQLite takes at most 32,766 parameters in one).
NOTICE_BATCH = 2000
# What each part of a payment is; a person gets the paragraphs for the parts they have.
_PARTS = ("bank", "vouchers", "organisation")


def _run_paragraphs(parts: tuple[str, ...], expected_arrival) -> list[str]:
    # Sent, not yet paid: the bank may still return it (payments/arrival.py). The date is written
    # in the language of the words around it.
    expected = formats.date_format(expected_arrival, "j F Y") if expected_arrival else _("a few working days")
    words = {
        "bank": _(
            "We have sent your payment of ((bank_amount)) to the bank. It should reach you by %(date)s. "
            "We will tell you if the bank cannot make it."
        )
        % {"date": expected},
        "vouchers": _("We are sending you vouchers worth ((vouchers_amount))."),
        "organisation": _(
            "We are paying ((organisation_amount)) for your time to the organisation you chose."
        ),
    }
    return [words[part] for part in parts]


def run_content(parts: tuple[str, ...], expected_arrival=None) -> Content:
    def build() -> Content:
        return _notice(
            _("Your payment is on its way"),
            [
                _("Hello ((first_name)),"),
                *_run_paragraphs(parts, expected_arrival),
                _("See your claims and payments: ((payments_link))"),
                _("If you have any questions, phone us on ((contact_phone))."),
            ],
        )

    return in_every_language(build)


def _amounts_per_person(items) -> dict[tuple[str, ...], dict[int, dict[str, str]]]:
    """Each person's amounts in these run items (summed over their claims), grouped by the parts they have."""
    rows = (
        items.values("claim__contributor_id")
        .annotate(bank=Sum("to_bank"), vouchers=Sum("to_vouchers"), organisation=Sum("to_organisation"))
        .filter(Q(bank__gt=0) | Q(vouchers__gt=0) | Q(organisation__gt=0))
        .order_by("claim__contributor_id")
    )
    groups: dict[tuple[str, ...], dict[int, dict[str, str]]] = {}
    for row in rows.iterator(chunk_size=2000):
        parts = tuple(part for part in _PARTS if row[part] > 0)
        amounts = {f"{part}_amount": format_money(row[part]) for part in parts}
        groups.setdefault(parts, {})[row["claim__contributor_id"]] = amounts
    return groups


@transaction.atomic
def payment_sent(run) -> int:
    """Tell everyone in a finished run what we have paid, and how, once. Returns how many people.

    Each claim's 'paid' notice is recorded (``ClaimNotice``, unique per claim and notice) in the
    transaction that hands the notices to outreach: a second call finds the claims already told and
    sends nothing, and two at once cannot both commit (the second fails on the unique key and rolls
    back with its deliveries). Outreach sends each message in batches, one mail connection a batch.
    """
    told_already = ClaimNotice.objects.filter(notice=ClaimNotice.Notice.PAID).values("claim_id")
    untold = PaymentRunItem.objects.filter(run=run).exclude(claim_id__in=told_already)
    claims = list(untold.values_list("claim_id", "claim__contributor_id").order_by("claim_id"))
    if not claims:
        return 0
    message_of: dict[int, int] = {}
    for parts, people in _amounts_per_person(untold).items():
        content = run_content(parts, run.expected_arrival)
        result = _send(Kind.PAYMENT, list(people), content, run.organisation, personalisation=people)
        message_of.update(dict.fromkeys(people, result.message.pk))
    now = timezone.now()
    ClaimNotice.objects.bulk_create(
        (
            ClaimNotice(
                claim_id=claim_id, notice=ClaimNotice.Notice.PAID, message_id=message_of.get(person), at=now
            )
            for claim_id, person in claims
        ),
        batch_size=NOTICE_BATCH,
    )
    return len(message_of)


def payment_failed(claim, item, reason: str) -> None:
    def build() -> Content:
        return _notice(
            _("Your payment did not go through"),
            [
                _("Hello ((first_name)),"),
                _(
                    "We tried to pay you ((amount)) but the payment did not go through. The reason the "
                    "bank gave: ((reason))."
                ),
                _(
                    "We will try again in our next payment run. If your bank details have changed, please "
                    "update them, or call us on ((contact_phone))."
                ),
                _("See your claims and payments: ((payments_link))"),
            ],
        )

    content = in_every_language(build)
    content.context = {"amount": format_money(item.total), "reason": reason}
    _send(Kind.PAYMENT, [claim.contributor_id], content, claim.organisation)


# --- Bank details -------------------------------------------------------------------------------------------


def bank_details_saved(contributor, *, by=None) -> None:
    def build() -> Content:
        return _notice(
            _("Your bank details were saved"),
            [
                _("Hello ((first_name)),"),
                _(
                    "We have saved bank details for you. If you did not do this, call us on "
                    "((contact_phone)) straight away."
                ),
            ],
        )

    _send(Kind.SECURITY, [contributor.pk], in_every_language(build), contributor.organisation, by=by)


def bank_details_changed(change) -> None:
    """Told on the channel the person chose before the change; sent even if they opted out."""
    contributor = change.contributor

    def build() -> Content:
        when = timezone.localtime(change.changed_at)
        changed = _(
            "The bank details we hold for you were changed on %(date)s at %(time)s. The new account ends "
            "in %(last2)s. If you did not make this change, call us on ((contact_phone)) straight away."
        ) % {"date": _date(when), "time": formats.time_format(when, "H:i"), "last2": change.new_last2}
        hold = ""
        if change.hold_until:
            hold = _("We will not pay into the new account before %(until)s.") % {
                "until": _date(timezone.localtime(change.hold_until))
            }
        return _notice(_("Your bank details were changed"), [_("Hello ((first_name)),"), changed, hold])

    _send(
        Kind.SECURITY,
        [contributor.pk],
        in_every_language(build),
        contributor.organisation,
        by=change.changed_by,
    )
