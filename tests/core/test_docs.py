import io
import re
from functools import cache
from pathlib import Path

from babel.messages.extract import extract_python

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(r"""(?:env_(?:str|bool|int|list)|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def _variables_read() -> set[str]:
    names: set[str] = set()
    for source in ("alongside/settings.py", "alongside/env.py", "alongside/__main__.py"):
        names |= set(READS.findall((ROOT / source).read_text(encoding="utf-8")))
    return names


def test_every_environment_variable_is_in_the_readme_configuration_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", readme, re.M))
    missing = _variables_read() - documented
    assert len(_variables_read()) > 20
    assert not missing, f"Add these to the README configuration table: {sorted(missing)}"


def test_the_readme_links_only_to_docs_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / target).exists(), target


def test_the_outreach_guide_lists_every_kind_of_message_with_its_consent():
    from alongside.outreach.kinds import POLICIES, Kind

    guide = (ROOT / "docs" / "outreach.md").read_text(encoding="utf-8")
    rows = {}
    for kinds, consent in re.findall(r"^\| ((?:`\w+`(?:, )?)+) \| [^|]+ \| ([^|]+) \|", guide, re.M):
        for kind in re.findall(r"`(\w+)`", kinds):
            rows[kind] = consent.strip()
    assert set(rows) == set(Kind.values)
    for kind, rule in POLICIES.items():
        assert rows[kind] == (rule.consent or "none"), kind


# --- The user guides name only what people see --------------------------------------------------

GUIDES = sorted((ROOT / "docs").glob("guide-*.md"))
KEYWORDS = {
    name: None if "ngettext" not in name else (1, 2)
    for name in ("_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy")
}


def _messages_in(source: str) -> list:
    return [found[2] for found in extract_python(io.BytesIO(source.encode("utf-8")), KEYWORDS, [], {})]


@cache
def _words_shown() -> frozenset[str]:
    """Every English text the product can show: each marked for translation, as makemessages finds it.

    A placeholder may be written "…" in a guide: "Payments for …".
    """
    from django.utils.translation.template import templatize

    texts: set[str] = set()
    for path in (ROOT / "alongside").rglob("*"):
        if path.suffix == ".py" and "migrations" not in path.parts:
            texts.update(_flatten(_messages_in(path.read_text(encoding="utf-8"))))
        elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
            texts.update(
                _flatten(
                    _messages_in(_flush_left(templatize(path.read_text(encoding="utf-8"), origin=str(path))))
                )
            )
    return frozenset(texts | {re.sub(r"%\(\w+\)s", "…", text) for text in texts})


def _flush_left(python_like: str) -> str:
    # A template turned into Python keeps the template's indentation, which Python's tokenizer
    # may refuse; the messages are whole string literals on each line, so it can go.
    return "\n".join(line.lstrip() for line in python_like.splitlines())


def _flatten(found: list) -> list[str]:
    return [text for item in found if item for text in ((item,) if isinstance(item, str) else item) if text]


def test_there_is_a_guide_for_each_role():
    names = {path.name for path in GUIDES}
    assert {
        "guide-public.md",
        "guide-researcher.md",
        "guide-involvement-staff.md",
        "guide-finance.md",
        "guide-admin.md",
        "guide-national-admin.md",
    } <= names


def test_every_guide_names_only_links_and_buttons_that_exist():
    shown = _words_shown()
    assert "Find opportunities" in shown and "Payments for …" in shown
    unknown, checked = [], 0
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        # Links, buttons and headings people press or look for are written in bold, a path
        # through the pages with arrows: **Staff area → Payments → Claims**.
        for phrase in re.findall(r"\*\*([^*]+)\*\*", text):
            parts = [" ".join(part.split()) for part in phrase.split("→")]
            unknown += [f"{guide.name}: {part!r}" for part in parts if part not in shown]
            checked += len(parts)
    assert checked > 200
    assert not unknown, "Guides name words the product does not show:\n" + "\n".join(unknown)


def test_the_guides_no_longer_say_what_is_no_longer_true():
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8").lower()
        for stale in (
            "by phone or email for now",
            "shared with it",
            "records shared with",
            "for now, joining",
        ):
            assert stale not in text, (guide.name, stale)
