"""Generator steps for capabilities that land after the core models.

Each step is added only when its app provides the models it needs, so the
generator keeps working while the capability apps are still being built.
"""

from __future__ import annotations


def steps(generator) -> list:
    return []
