"""The rows the people app cannot work without: consent wording v1 and the starting taxonomy.

The data migrations add them; this puts them back after a database flush (tests that run a
live server flush the database, and Django sends post_migrate afterwards).
"""

from __future__ import annotations

import importlib


def ensure_seed_data(sender=None, apps=None, **kwargs) -> None:
    if apps is None:
        from django.apps import apps
    try:
        ConsentWording = apps.get_model("people", "ConsentWording")
    except LookupError:
        return
    if not ConsentWording.objects.exists():
        importlib.import_module("alongside.people.migrations.0002_consent_wording").add_wording(apps, None)
    if not apps.get_model("people", "Topic").objects.exists():
        importlib.import_module("alongside.people.migrations.0004_taxonomy").seed(apps, None)
