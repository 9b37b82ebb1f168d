from decimal import Decimal

from alongside.payments.ledger import Line, post
from alongside.payments.models import Account, LedgerEntry
from alongside.people.services import merge_contributors
from tests.builders import create_contributor, create_organisation


def test_merging_profiles_keeps_ledger_lines_where_they_were_written():
    organisation = create_organisation()
    keep = create_contributor(organisation, email="jo@example.org")
    other = create_contributor(organisation, email="jo@example.org")
    post(
        organisation=organisation,
        kind="approval",
        lines=[
            Line(Account.FEES, Decimal("25.00"), contributor_id=other.pk),
            Line(Account.OWED, Decimal("-25.00"), contributor_id=other.pk),
        ],
    )
    record = merge_contributors(keep, other)
    # Ledger lines are never changed: on PostgreSQL a trigger refuses the update, so they stay
    # on the merged profile; either way the merge completes and the money is not altered.
    entries = LedgerEntry.objects.filter(contributor__in=[keep, other])
    assert sorted(entries.values_list("amount", flat=True)) == [Decimal("-25.00"), Decimal("25.00")]
    assert record.kept == keep
