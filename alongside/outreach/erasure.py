"""Outreach's part in a person's erasure (``people.signals.contributor_erased``).

The deliveries stay, so a message's counts still add up, but nothing in them identifies the person:
the values filled into their copy, the reasons and event details, call notes and loan details go.
Copies of what was sent to them (texts and letters in the outbox, the buddy's text about them) are
deleted. A print pack that held their letter is made again from the other people's letters, so
those can still be printed; a pack that held only theirs is deleted with its files.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from alongside.outreach import contact
from alongside.outreach.letters import build_print_pack
from alongside.outreach.models import (
    CallAttempt,
    Delivery,
    DeliveryEvent,
    Loan,
    OutboxMessage,
    PrintPack,
    ServiceFeedback,
)


@transaction.atomic
def forget_person(contributor, former=None) -> None:
    deliveries = Delivery.objects.filter(contributor=contributor)
    _delete_copies_sent(contributor, deliveries, former)
    packs = set(deliveries.exclude(print_pack=None).values_list("print_pack_id", flat=True))
    deliveries.update(personalisation={}, reason="", print_pack=None)
    DeliveryEvent.objects.filter(delivery__contributor=contributor).update(detail="")
    CallAttempt.objects.filter(delivery__contributor=contributor).update(notes="")
    Loan.objects.filter(contributor=contributor).update(description="")
    for pack in PrintPack.objects.filter(pk__in=packs).select_related("message__organisation"):
        rebuild_print_pack(pack)
    # Feedback about the website that gave their address for a reply, and anything they sent signed in.
    ServiceFeedback.objects.filter(user_id=contributor.user_id).exclude(user=None).delete()
    if former is not None and former.email:
        ServiceFeedback.objects.filter(email__iexact=former.email).delete()


def _delete_copies_sent(contributor, deliveries, former) -> None:
    sent = Q(reference__startswith="buddy-", reference__endswith=f"-{contributor.pk}")
    for key in deliveries.values_list("idempotency_key", flat=True).iterator():
        # Each attempt's reference is "<idempotency key>-<channel>" (Delivery.client_reference).
        sent |= Q(reference__startswith=f"{key}-")
    if former is not None and former.contacts:
        phones = [contact.international(p) for p in former.phones if contact.is_mobile(p)]
        sent |= Q(to__in=[*former.contacts, *phones])
    OutboxMessage.objects.filter(sent).delete()


def rebuild_print_pack(pack: PrintPack) -> None:
    """Make the pack again from the letters still in it (after one was taken out)."""
    from alongside.outreach.services import letter_for

    deliveries = list(pack.deliveries.select_related("contributor").order_by("pk"))
    for delivery in deliveries:
        delivery.message = pack.message
    names = pack.pdf.name.rsplit("/", 1)[-1], pack.manifest.name.rsplit("/", 1)[-1]
    pack.pdf.delete(save=False)
    pack.manifest.delete(save=False)
    if not deliveries:
        pack.delete()
        return
    result = build_print_pack(
        [letter_for(pack.message, d) for d in deliveries], title=f"{pack.message.subject} – letters"
    )
    pack.pdf.save(names[0], ContentFile(result.pdf), save=False)
    pack.manifest.save(names[1], ContentFile(result.manifest.encode("utf-8")), save=False)
    pack.letters, pack.pages = len(deliveries), result.pages
    pack.save(update_fields=["pdf", "manifest", "letters", "pages"])
    for delivery, pages in zip(deliveries, result.page_counts, strict=True):
        delivery.page_count = pages
    Delivery.objects.bulk_update(deliveries, ["page_count"])
