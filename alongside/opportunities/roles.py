"""Who does what with opportunities, named once for views, queries and links."""

from __future__ import annotations

from alongside.accounts.models import Role

# Write projects and opportunities, run sessions, applicants and selection.
WRITERS = (Role.RESEARCHER, Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
# Review opportunities before they are published, and keep the organisation's lists
# (jargon, school holidays, levels on the way in).
REVIEWERS = (Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
# Look people up by their reference (applications by phone or post, attendance of someone not
# listed): only staff who keep people's records and see their references, so a reference box is
# never a way for others to learn whether a reference exists.
RECORD_KEEPERS = (Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
