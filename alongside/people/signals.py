"""Signals other apps listen to, so people never imports them."""

from django.dispatch import Signal

# Sent inside the erasure transaction with ``contributor`` (already blanked) and ``former`` (a
# ``people.erasure.FormerDetails``: the names and contact details the person had, so that an app can
# find copies of them in its own records). Apps blank their own personal fields (free text, bank
# details, message copies) and keep only the records the law says they must keep.
contributor_erased = Signal()
