"""Nothing under alongside/ sends mail except through outreach.

Read from the source's syntax tree rather than grepped, so an alias (``import ... as``),
the module form (``mail.send_mail``) or the dotted form (``django.core.mail.EmailMessage``)
is caught as surely as the plain import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import alongside

ROOT = Path(alongside.__file__).resolve().parent
OUTREACH = ROOT / "outreach"
MAIL_MODULE = "django.core.mail"
FORBIDDEN = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}
# The one documented exception: allauth sends sign-in codes itself, through our adapter
# (which moves every link onto BASE_URL). See docs/outreach.md.
ALLOWED = {ROOT / "accounts" / "adapter.py"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _mail_module_names(tree: ast.AST) -> set[str]:
    """Local names bound to django.core.mail (``from django.core import mail``, ``import … as m``)."""
    names = {MAIL_MODULE}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.core":
            names |= {alias.asname or alias.name for alias in node.names if alias.name == "mail"}
        elif isinstance(node, ast.Import):
            names |= {alias.asname for alias in node.names if alias.name == MAIL_MODULE and alias.asname}
    return names


def mail_uses(source: str) -> list[str]:
    """Each place the source sends mail without outreach, as "line N: what"."""
    tree = ast.parse(source)
    modules = _mail_module_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(MAIL_MODULE):
            found += [
                f"line {node.lineno}: from {node.module} import {alias.name}"
                for alias in node.names
                if alias.name in FORBIDDEN or alias.name == "*"
            ]
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN and _dotted(node.value) in modules:
            found.append(f"line {node.lineno}: {_dotted(node)}")
        elif isinstance(node, ast.Attribute) and node.attr == "send_mail":
            # An allauth adapter's send_mail (get_adapter().send_mail) is mail outside outreach too.
            found.append(f"line {node.lineno}: ….send_mail")
    return found


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if OUTREACH in path.parents or path in ALLOWED or "migrations" in path.parts:
            continue
        yield path


def test_nothing_outside_outreach_sends_mail():
    found = {
        str(path.relative_to(ROOT.parent)): uses
        for path in _sources()
        if (uses := mail_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "Send through alongside.outreach.services.send (or send_staff_email for staff)"


def test_the_scan_covers_the_apps_that_used_to_send_mail():
    scanned = {path.relative_to(ROOT).as_posix() for path in _sources()}
    for module in ("opportunities/services.py", "people/services.py", "payments/notifications.py"):
        assert module in scanned


@pytest.mark.parametrize(
    "source",
    [
        "from django.core.mail import send_mail\nsend_mail('s', 'b', None, ['a@example.org'])",
        "from django.core.mail import EmailMessage as Letter\nLetter('s').send()",
        "from django.core.mail.message import EmailMultiAlternatives",
        "from django.core.mail import *",
        "from django.core import mail\nmail.mail_admins('s', 'b')",
        "from django.core import mail as post\npost.EmailMessage('s')",
        "import django.core.mail\ndjango.core.mail.send_mail('s', 'b', None, [])",
        "import django.core.mail as m\nm.send_mass_mail([])",
        "from django.core.mail import get_connection\nget_connection().send_messages([])",
        "from allauth.account.adapter import get_adapter\nget_adapter().send_mail('x', 'a@b', {})",
    ],
)
def test_the_scan_catches_every_way_of_writing_it(source):
    assert mail_uses(source)


def test_the_scan_leaves_unrelated_code_alone():
    assert mail_uses("from django.core import signing\nmail = {'send_mail': 1}\nmail.get('send_mail')") == []
