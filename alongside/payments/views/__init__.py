"""Payments pages, one module per audience.

Thin: permissions through accounts.permissions, rules in services.
"""
