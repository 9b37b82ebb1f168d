from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.core import page_cache


class Command(BaseCommand):
    help = "Forget every cached public page (run after a deploy that changes templates or translations)."

    def handle(self, *args, **options):
        page_cache.invalidate()
        self.stdout.write("Cached public pages will be rendered afresh.")
