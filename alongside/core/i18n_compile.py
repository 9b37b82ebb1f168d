"""Compile every ``django.po`` under ``alongside/locale`` into ``django.mo``, in pure Python.

GNU gettext's ``msgfmt`` is often missing on a fresh machine, so ``make messages`` uses
Babel instead. Fuzzy and empty translations are left out, as ``msgfmt`` does, so the
English text shows until someone has checked the translation.

    python -m alongside.core.i18n_compile          # rebuild the .mo files
    python -m alongside.core.i18n_compile --check  # fail if a .mo is out of date
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/django.po"))


def compile_po(po_path: Path) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def translations(mo_bytes: bytes) -> dict:
    """The message id → translation pairs in compiled bytes, for comparing catalogues."""
    catalog = read_mo(io.BytesIO(mo_bytes))
    # Messages with plural forms come back as lists: made into tuples so they can be compared.
    return {_frozen(message.id): _frozen(message.string) for message in catalog if message.id}


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stale = []
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        compiled = compile_po(po_path)
        if "--check" in argv:
            current = mo_path.read_bytes() if mo_path.exists() else b""
            if not current or translations(current) != translations(compiled):
                stale.append(mo_path)
            continue
        mo_path.write_bytes(compiled)
        print(f"compiled {mo_path.relative_to(LOCALE_DIR.parent.parent)}")
    for mo_path in stale:
        print(f"out of date: {mo_path} (run `make messages`)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
