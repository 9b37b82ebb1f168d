from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alongside.bench.bulk import reset_generated
from alongside.bench.generate import SCALES, generate, generated_scale


class Command(BaseCommand):
    help = "Build seeded synthetic national data (tiny, small, medium or large) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--reset", action="store_true", help="Remove earlier generated data first.")

    def handle(self, *args, scale, seed, reset, **options):
        if settings.PRODUCTION:
            raise CommandError("Synthetic data is never generated in production (ALONGSIDE_ENV=production).")
        existing = generated_scale()
        if existing and not reset:
            raise CommandError(
                f"This database already holds generated data ({existing}). Use --reset to replace it."
            )
        if existing:
            started = time.perf_counter()
            removed = reset_generated()
            self.stdout.write(f"Removed {removed:,} generated rows in {time.perf_counter() - started:.1f} s")
        self.stdout.write(f"Generating {scale} data (seed {seed}) …")
        started = time.perf_counter()
        generate(scale, seed, log=self.stdout.write)
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s")
