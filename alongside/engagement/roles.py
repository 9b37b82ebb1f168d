"""Who runs engagement processes and surveys, named once for views, queries and links."""

from __future__ import annotations

from alongside.accounts.models import Role

# Run processes and surveys for their organisation: build surveys, key in paper and phone answers,
# import, send invitations, read results and code free text. National admins run national processes.
ENGAGERS = (Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN, Role.NATIONAL_ADMIN)
