"""Signals other apps listen to, so people never imports them."""

from django.dispatch import Signal

# Sent inside the erasure transaction with ``contributor``: apps blank their own personal fields
# (free text, bank details) and keep the records the law says they must keep.
contributor_erased = Signal()
