"""Outreach's receiver for a person's erasure: see ``outreach.erasure``."""

from __future__ import annotations

from django.dispatch import receiver

from alongside.people.signals import contributor_erased


@receiver(contributor_erased, dispatch_uid="outreach-erasure")
def forget_person(sender, contributor, former=None, **kwargs):
    from alongside.outreach import erasure

    erasure.forget_person(contributor, former)
