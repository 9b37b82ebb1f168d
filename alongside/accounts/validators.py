from __future__ import annotations

import re

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CommonWordWithNumbersValidator(CommonPasswordValidator):
    """Refuse a common password padded with digits or symbols, such as 'password1234567'."""

    def validate(self, password, user=None):
        core = re.sub(r"^[\d\W_]+|[\d\W_]+$", "", password.lower().strip())
        if core and core != password.lower().strip() and core in self.passwords:
            raise ValidationError(
                _("This password is a common word with numbers added. Choose a less predictable one."),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Your password cannot be a common word with numbers added.")
