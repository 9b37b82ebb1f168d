"""Who does what with money, named once for services, queries, holds, runs and views."""

from __future__ import annotations

from alongside.accounts.models import Role

# Check claims and act for people without a login.
CHECKERS = frozenset({Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN})
# Approve claims, prepare and approve payment runs, see full bank details.
APPROVERS = frozenset({Role.FINANCE})
# Write new versions of the organisation's payment policy.
POLICY_EDITORS = frozenset({Role.ORG_ADMIN, Role.FINANCE})
