"""Signals other apps listen to, so people never imports them."""

from django.dispatch import Signal

# Sent inside the erasure transaction with ``contributor`` (already blanked) and ``former`` (a
# ``people.erasure.FormerDetails``: the names and contact details the person had, so that an app can
# find copies of them in its own records). Apps blank their own personal fields (free text, bank
# details, message copies) and keep only the records the law says they must keep.
contributor_erased = Signal()

# Messages about people's records are written by outreach (a higher layer), which listens here.
# Each is sent inside the transaction that made the change, so a rollback tells nobody.
# ``invitation``: a researcher's invitation to pass on to the person.
invitation_sent = Signal()
# ``invitation``: the person said yes or no; the researcher is told.
invitation_answered = Signal()
# ``contributor``: someone tried to join again with the email address of this person's account.
joined_again = Signal()
