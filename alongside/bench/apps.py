from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "alongside.bench"
    label = "bench"
    verbose_name = "Benchmarks and synthetic data"
