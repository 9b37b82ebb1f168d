import re
from pathlib import Path

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
