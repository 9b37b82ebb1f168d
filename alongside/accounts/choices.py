"""Choice lists from accounts that pages show by label (see ``core.words.labels``)."""

from __future__ import annotations

from alongside.accounts.models import Region

__all__ = ["Region"]
